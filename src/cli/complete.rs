//! `git-desk __complete SHELL -- WORD...`: the candidates for the word being completed,
//! for the scripts of `git desk completions` (hidden: people never type it).
//!
//! The scripts hand over the words typed after the program name, the last one being the
//! word under the cursor (maybe empty), and print what this prints. The grammar comes
//! from the command definitions (subcommands, options, which options take a value), so
//! it never goes stale; values come from the desk: ticket ids by prefix (one shard of the
//! tree read, titles from the few tickets that match), teams, people, services, sites and
//! tiers from desk.toml, article slugs, remotes, branches.
//!
//! Output, one candidate a line: `VALUE` for bash, `VALUE<TAB>DESCRIPTION` for zsh and
//! fish. A first line `:files` or `:dirs` asks the shell to complete paths itself.

use std::cell::OnceCell;
use std::io::Write;

use anyhow::Result;
use clap::builder::ValueHint;
use clap::{Arg, ArgAction, Args, Command, ValueEnum};

use git_desk::config::DeskConfig;
use git_desk::model::field::{GROUP_KEY_NAMES, SORT_KEY_NAMES};
use git_desk::model::id::{is_id_text, unique_prefix_len};
use git_desk::model::{Grade, PendingReason, Status, TicketId, TicketType};
use git_desk::query::{field_names, SLA_STATES};
use git_desk::store::{Desk, Snapshot};
use git_desk::workflow::SETTABLE;

use super::output::sanitize_line;
use super::Session;

/// The shell a candidate list is printed for.
#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionShell {
    /// Values only
    Bash,
    /// Values with descriptions
    Zsh,
    /// Values with descriptions
    Fish,
}

/// Print the candidates for the last of WORDS (the words after `git-desk`).
#[derive(Args, Debug)]
pub struct CompleteArgs {
    /// Who reads the output: bash gets values, zsh and fish values and descriptions
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: CompletionShell,
    /// The words typed after the program name; the last is the one being completed
    #[arg(last = true, value_name = "WORD")]
    pub words: Vec<String>,
}

/// Matches shown with a description (a ticket's title, an article's): reading each is a
/// file parse (about half a millisecond for a ticket of a large packed desk), so above
/// this many only ids are shown. A prefix of three characters is under it at 100,000
/// tickets.
const DESCRIBED_AT_MOST: usize = 40;

/// Resolution codes the help suggests; any text is accepted.
const RESOLUTION_CODES: &[&str] = &["fixed", "workaround", "no-fault", "duplicate"];

pub fn run(_session: &Session, args: CompleteArgs) -> Result<()> {
    let mut root = super::command();
    root.build();
    // The desk the command line names: `-C DIR` (also git's, which the scripts pass on)
    // and `--branch NAME` among the words typed before the one being completed.
    let typed = &args.words[..args.words.len().saturating_sub(1)];
    let mut branch = None;
    for (i, word) in typed.iter().enumerate() {
        let next = typed.get(i + 1);
        match word.as_str() {
            "-C" => {
                if let Some(dir) = next {
                    let _ = std::env::set_current_dir(dir);
                }
            }
            "--branch" => branch = next.cloned(),
            _ => {
                if let Some(name) = word.strip_prefix("--branch=") {
                    branch = Some(name.to_string());
                }
            }
        }
    }
    let desk = OnceCell::new();
    let describe = args.shell != CompletionShell::Bash;
    let facts = DeskFacts::new(&desk, branch.as_deref(), describe);
    let candidates = complete(&root, &args.words, &facts);
    let mut out = Vec::new();
    match candidates {
        Candidates::Files => out.extend_from_slice(b":files\n"),
        Candidates::Dirs => out.extend_from_slice(b":dirs\n"),
        Candidates::Values(values) => {
            for c in values {
                // One line each, and titles (other people's text) reach the terminal
                // without control or escape characters.
                let value = sanitize_line(&c.value);
                let help = sanitize_line(c.help.lines().next().unwrap_or(""));
                if args.shell == CompletionShell::Bash || help.is_empty() {
                    writeln!(out, "{value}")?;
                } else {
                    writeln!(out, "{value}\t{help}")?;
                }
            }
        }
    }
    std::io::stdout().lock().write_all(&out)?;
    Ok(())
}

/// One candidate and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The text put on the command line.
    pub value: String,
    /// Shown beside it by zsh and fish.
    pub help: String,
}

impl Candidate {
    fn new(value: impl Into<String>, help: impl Into<String>) -> Candidate {
        Candidate {
            value: value.into(),
            help: help.into(),
        }
    }

    fn plain(value: impl Into<String>) -> Candidate {
        Candidate::new(value, "")
    }
}

/// What the word being completed may be.
#[derive(Debug, PartialEq, Eq)]
pub enum Candidates {
    /// These values (already narrowed to the typed prefix).
    Values(Vec<Candidate>),
    /// A path: the shell completes it.
    Files,
    /// A directory: the shell completes it.
    Dirs,
}

/// What completion needs from the desk; [`DeskFacts`] reads it from the repository.
pub trait Facts {
    /// Tickets whose id starts with `prefix`: the shortest unique form of the id (or the
    /// typed prefix, when longer), with the title when few match.
    fn tickets(&self, prefix: &str) -> Vec<Candidate>;
    /// The desk's configuration, if there is a desk.
    fn config(&self) -> Option<&DeskConfig>;
    /// Articles whose slug starts with `prefix`, with titles when few match.
    fn articles(&self, prefix: &str) -> Vec<Candidate>;
    /// The repository's remotes.
    fn remotes(&self) -> Vec<Candidate>;
    /// The repository's local branches.
    fn branches(&self) -> Vec<Candidate>;
}

/// The candidates for the last of `words` (the words after the program name).
pub fn complete(root: &Command, words: &[String], facts: &dyn Facts) -> Candidates {
    let (current, typed) = match words.split_last() {
        Some((last, typed)) => (last.as_str(), typed),
        None => ("", &[][..]),
    };
    let line = Line::read(root, typed);
    let cmd = line.cmd;
    if let Some(option) = line.pending {
        return option_values(cmd, option, current, facts);
    }
    if !line.after_separator && current.starts_with("--") {
        if let Some((name, value)) = current[2..].split_once('=') {
            let Some(option) = long_option(cmd, name) else {
                return Candidates::Values(Vec::new());
            };
            return match option_values(cmd, option, value, facts) {
                Candidates::Values(values) => Candidates::Values(
                    values
                        .into_iter()
                        .map(|c| Candidate::new(format!("--{name}={}", c.value), c.help))
                        .collect(),
                ),
                other => other,
            };
        }
    }
    let takes_query =
        positional_at(cmd, line.positionals.len()).is_some_and(|a| value_name(a) == "QUERY");
    if !line.after_separator && current.starts_with('-') {
        let mut values = options(cmd, current);
        // `-label:vpn` is a query term (not), not an option.
        if takes_query && current.len() > 1 && !current.starts_with("--") {
            values.extend(query_terms(current, facts));
        }
        return Candidates::Values(values);
    }
    if line.positionals.is_empty() && cmd.has_subcommands() {
        return Candidates::Values(subcommands(cmd, current));
    }
    match positional_at(cmd, line.positionals.len()) {
        Some(arg) => match positional_values(arg, &line.positionals, current, facts) {
            Candidates::Values(values) if values.is_empty() && current.is_empty() => {
                Candidates::Values(options(cmd, current))
            }
            other => other,
        },
        None if current.is_empty() => Candidates::Values(options(cmd, current)),
        None => Candidates::Values(Vec::new()),
    }
}

/// Where the typed words leave the command line.
struct Line<'c> {
    /// The (sub)command being typed.
    cmd: &'c Command,
    /// Its positional words so far.
    positionals: Vec<String>,
    /// An option whose value is the word being completed.
    pending: Option<&'c Arg>,
    /// A `--` was typed: everything after it is positional.
    after_separator: bool,
}

impl<'c> Line<'c> {
    fn read(root: &'c Command, typed: &[String]) -> Line<'c> {
        let mut line = Line {
            cmd: root,
            positionals: Vec::new(),
            pending: None,
            after_separator: false,
        };
        for word in typed {
            if line.pending.take().is_some() {
                continue;
            }
            if line.after_separator {
                line.positionals.push(word.clone());
            } else if word == "--" {
                line.after_separator = true;
            } else if let Some(long) = word.strip_prefix("--") {
                let (name, inline) = match long.split_once('=') {
                    Some((name, _)) => (name, true),
                    None => (long, false),
                };
                if let Some(option) = long_option(line.cmd, name) {
                    if takes_value(option) && !inline {
                        line.pending = Some(option);
                    }
                }
            } else if word.len() > 1 && word.starts_with('-') && !word.contains(':') {
                // A cluster of short options; one taking a value ends it (`-m`, `-mTEXT`).
                for (i, c) in word.char_indices().skip(1) {
                    let Some(option) = short_option(line.cmd, c) else {
                        break;
                    };
                    if takes_value(option) {
                        if i + c.len_utf8() == word.len() {
                            line.pending = Some(option);
                        }
                        break;
                    }
                }
            } else if line.positionals.is_empty() && line.cmd.has_subcommands() {
                match find_subcommand(line.cmd, word) {
                    Some(sub) => line.cmd = sub,
                    None => line.positionals.push(word.clone()),
                }
            } else {
                line.positionals.push(word.clone());
            }
        }
        line
    }
}

fn find_subcommand<'c>(cmd: &'c Command, name: &str) -> Option<&'c Command> {
    cmd.get_subcommands()
        .find(|s| s.get_name() == name || s.get_all_aliases().any(|a| a == name))
}

fn long_option<'c>(cmd: &'c Command, name: &str) -> Option<&'c Arg> {
    cmd.get_arguments().find(|a| {
        a.get_long() == Some(name)
            || a.get_all_aliases()
                .is_some_and(|aliases| aliases.contains(&name))
    })
}

fn short_option(cmd: &Command, c: char) -> Option<&Arg> {
    cmd.get_arguments().find(|a| a.get_short() == Some(c))
}

fn takes_value(arg: &Arg) -> bool {
    arg.get_action().takes_values()
}

fn value_name(arg: &Arg) -> String {
    arg.get_value_names()
        .and_then(|names| names.first())
        .map(|n| n.to_string())
        .unwrap_or_default()
}

/// The positional argument the `index`-th positional word fills: a list takes every
/// word from its place on.
fn positional_at(cmd: &Command, index: usize) -> Option<&Arg> {
    cmd.get_positionals().enumerate().find_map(|(at, arg)| {
        let many = matches!(arg.get_action(), ArgAction::Append)
            || arg.get_num_args().is_some_and(|n| n.max_values() > 1);
        (many || at == index).then_some(arg)
    })
}

fn help_of(arg: &Arg) -> String {
    arg.get_help().map(|h| h.to_string()).unwrap_or_default()
}

/// The options of `cmd` starting with `prefix`: long names, and short ones that have no
/// long name.
fn options(cmd: &Command, prefix: &str) -> Vec<Candidate> {
    let mut out = Vec::new();
    for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        let name = match (arg.get_long(), arg.get_short()) {
            (Some(long), _) => format!("--{long}"),
            (None, Some(short)) => format!("-{short}"),
            (None, None) => continue,
        };
        if name.starts_with(prefix) {
            out.push(Candidate::new(name, help_of(arg)));
        }
    }
    out
}

fn subcommands(cmd: &Command, prefix: &str) -> Vec<Candidate> {
    let mut out = Vec::new();
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
        let names = std::iter::once(sub.get_name()).chain(sub.get_visible_aliases());
        for name in names.filter(|n| n.starts_with(prefix)) {
            out.push(Candidate::new(name, about.clone()));
        }
    }
    out
}

/// Keeps the candidates that start with `prefix`.
fn narrowed(candidates: Vec<Candidate>, prefix: &str) -> Vec<Candidate> {
    candidates
        .into_iter()
        .filter(|c| c.value.starts_with(prefix))
        .collect()
}

fn words(values: &[&str]) -> Vec<Candidate> {
    values.iter().map(|v| Candidate::plain(*v)).collect()
}

fn statuses() -> Vec<Candidate> {
    Status::ALL
        .iter()
        .map(|s| Candidate::new(s.as_str(), format!("{} category", s.category())))
        .collect()
}

fn types() -> Vec<Candidate> {
    TicketType::ALL
        .iter()
        .map(|t| Candidate::plain(t.as_str()))
        .collect()
}

fn grades() -> Vec<Candidate> {
    Grade::ALL
        .iter()
        .map(|g| Candidate::plain(g.as_str()))
        .collect()
}

fn priorities() -> Vec<Candidate> {
    (1..=5).map(|p| Candidate::plain(format!("P{p}"))).collect()
}

fn pending_reasons() -> Vec<Candidate> {
    PendingReason::ALL
        .iter()
        .map(|r| Candidate::plain(r.as_str()))
        .collect()
}

/// Tiers 0-4 with their names from desk.toml.
fn tiers(facts: &dyn Facts) -> Vec<Candidate> {
    let defaults = DeskConfig::default();
    let config = facts.config().unwrap_or(&defaults);
    config
        .tiers
        .iter()
        .enumerate()
        .map(|(level, tier)| Candidate::new(level.to_string(), tier.name.clone()))
        .collect()
}

fn teams(facts: &dyn Facts) -> Vec<Candidate> {
    let Some(config) = facts.config() else {
        return Vec::new();
    };
    config
        .teams
        .iter()
        .map(|(name, team)| {
            let tiers: Vec<String> = team
                .tiers
                .iter()
                .map(|t| format!("L{}", t.level()))
                .collect();
            Candidate::new(name.clone(), format!("team, {}", tiers.join(" ")))
        })
        .collect()
}

/// Team members, each once, with their teams; `me` first.
fn people(facts: &dyn Facts) -> Vec<Candidate> {
    let mut out = vec![Candidate::new("me", "you (git config user.email)")];
    let Some(config) = facts.config() else {
        return out;
    };
    let mut seen: Vec<(String, Vec<String>)> = Vec::new();
    for (team, members) in &config.teams {
        for email in &members.members {
            match seen.iter_mut().find(|(e, _)| e == email) {
                Some((_, teams)) => teams.push(team.clone()),
                None => seen.push((email.clone(), vec![team.clone()])),
            }
        }
    }
    seen.sort();
    out.extend(
        seen.into_iter()
            .map(|(email, teams)| Candidate::new(email, teams.join(", "))),
    );
    out
}

fn services(facts: &dyn Facts) -> Vec<Candidate> {
    let Some(config) = facts.config() else {
        return Vec::new();
    };
    config
        .services
        .iter()
        .map(|(name, s)| Candidate::new(name.clone(), s.description.clone().unwrap_or_default()))
        .collect()
}

fn sites(facts: &dyn Facts) -> Vec<Candidate> {
    let Some(config) = facts.config() else {
        return Vec::new();
    };
    config
        .sites
        .iter()
        .map(|(key, site)| Candidate::new(key.clone(), site.name.clone()))
        .collect()
}

fn with_none(mut values: Vec<Candidate>, help: &str) -> Vec<Candidate> {
    values.push(Candidate::new("none", help));
    values
}

/// The sort keys, each also reversed (`-created`).
fn sort_keys() -> Vec<Candidate> {
    let mut out: Vec<Candidate> = SORT_KEY_NAMES
        .iter()
        .map(|k| Candidate::plain(*k))
        .collect();
    out.extend(
        SORT_KEY_NAMES
            .iter()
            .map(|k| Candidate::new(format!("-{k}"), "reversed")),
    );
    out
}

/// The values an argument declares (clap's possible values), narrowed to `current`; `None`
/// when it declares none.
fn declared_values(arg: &Arg, current: &str) -> Option<Candidates> {
    let possible = arg.get_possible_values();
    if possible.is_empty() {
        return None;
    }
    let values = possible
        .iter()
        .filter(|p| !p.is_hide_set())
        .map(|p| {
            Candidate::new(
                p.get_name(),
                p.get_help().map(|h| h.to_string()).unwrap_or_default(),
            )
        })
        .collect();
    Some(Candidates::Values(narrowed(values, current)))
}

/// The values of an option, narrowed to `current`.
fn option_values(cmd: &Command, option: &Arg, current: &str, facts: &dyn Facts) -> Candidates {
    if let Some(values) = declared_values(option, current) {
        return values;
    }
    let command = cmd.get_name();
    let values = match option.get_long() {
        None if option.get_short() == Some('C') => return Candidates::Dirs,
        Some("branch") => facts.branches(),
        Some("type") => types(),
        Some("impact" | "urgency") => grades(),
        Some("priority") => priorities(),
        Some("tier") => tiers(facts),
        Some("to") if command == "assign" => with_none(people(facts), "no assignee"),
        Some("to") => tiers(facts),
        Some("team") => with_none(teams(facts), "no team"),
        Some("assignee" | "owner" | "reporter") => people(facts),
        Some("service") => services(facts),
        Some("site") => sites(facts),
        Some("sort") => sort_keys(),
        Some("reason") if command == "pend" || command == "status" => pending_reasons(),
        Some("code") => words(RESOLUTION_CODES),
        Some("kb") => return Candidates::Values(facts.articles(current)),
        Some("problem" | "duplicate-of" | "related" | "from") => {
            return Candidates::Values(facts.tickets(current))
        }
        Some("visibility") => words(&["public", "internal"]),
        Some("by") => {
            let mut groups = words(&GROUP_KEY_NAMES);
            groups.push(Candidate::plain("week"));
            groups
        }
        Some("format") if command == "import" => words(&["json", "csv", "github"]),
        Some("format") if command == "export" => words(&["json", "csv"]),
        _ => match option.get_value_hint() {
            ValueHint::DirPath => return Candidates::Dirs,
            ValueHint::AnyPath | ValueHint::FilePath => return Candidates::Files,
            _ => Vec::new(),
        },
    };
    Candidates::Values(narrowed(values, current))
}

/// The values of a positional argument, given the positional words before it.
fn positional_values(arg: &Arg, before: &[String], current: &str, facts: &dyn Facts) -> Candidates {
    if let Some(values) = declared_values(arg, current) {
        return values;
    }
    // After the first id, an empty word offers what else may come (a status, a field,
    // options) rather than every id of the desk again.
    let ids = || {
        if before.is_empty() || !current.is_empty() {
            facts.tickets(current)
        } else {
            Vec::new()
        }
    };
    let values = match value_name(arg).as_str() {
        "ID" | "PID" => ids(),
        "ID... STATUS" => {
            let mut values = ids();
            if !before.is_empty() {
                values.extend(narrowed(statuses(), current));
            }
            values
        }
        "ID... FIELD=VALUE..." => match current.split_once('=') {
            Some((field, value)) => narrowed(field_values(field, facts), value)
                .into_iter()
                .map(|c| Candidate::new(format!("{field}={}", c.value), c.help))
                .collect(),
            None => {
                let mut values = ids();
                if !before.is_empty() {
                    values.extend(
                        SETTABLE
                            .iter()
                            .filter(|f| f.starts_with(current))
                            .map(|f| Candidate::new(format!("{f}="), "field")),
                    );
                }
                values
            }
        },
        "QUERY" => query_terms(current, facts),
        "SLUG" => facts.articles(current),
        "REMOTE" => narrowed(facts.remotes(), current),
        "SCORE" => narrowed(words(&["1", "2", "3", "4", "5"]), current),
        _ => match arg.get_value_hint() {
            ValueHint::DirPath => return Candidates::Dirs,
            ValueHint::AnyPath | ValueHint::FilePath => return Candidates::Files,
            _ => Vec::new(),
        },
    };
    Candidates::Values(values)
}

/// The values `set FIELD=` takes (not narrowed).
fn field_values(field: &str, facts: &dyn Facts) -> Vec<Candidate> {
    match field {
        "type" => types(),
        "impact" | "urgency" => grades(),
        "priority" => {
            let mut values = priorities();
            values.push(Candidate::new("auto", "from the impact x urgency matrix"));
            values
        }
        "service" => with_none(services(facts), "no service"),
        "site" => with_none(sites(facts), "no site"),
        "major" | "known_error" => words(&["true", "false"]),
        _ => Vec::new(),
    }
}

/// Query terms: `field:` names, or a field's values after its colon (`status:op`,
/// `priority:<=P`, `status:open,pe`), each also negated (`-label:`).
fn query_terms(current: &str, facts: &dyn Facts) -> Vec<Candidate> {
    if let Some(term) = current.strip_prefix('-') {
        return query_terms(term, facts)
            .into_iter()
            .map(|c| Candidate::new(format!("-{}", c.value), c.help))
            .collect();
    }
    let Some((field, rest)) = current.split_once(':') else {
        return field_names()
            .into_iter()
            .filter(|f| f.starts_with(current))
            .map(|f| Candidate::new(format!("{f}:"), "field"))
            .collect();
    };
    // What stays as typed: the field, a comparison, the values before the last comma.
    let operator_len = ["<=", ">=", "<", ">", "="]
        .iter()
        .find(|op| rest.starts_with(**op))
        .map_or(0, |op| op.len());
    let (kept, value) = match rest.rfind(',') {
        Some(comma) => rest.split_at(comma + 1),
        None => rest.split_at(operator_len),
    };
    let head = format!("{field}:{kept}");
    let values = match field {
        "id" | "problem" => facts.tickets(value),
        "status" => statuses(),
        "type" => types(),
        "tier" => tiers(facts),
        "priority" => priorities(),
        "impact" | "urgency" => grades(),
        "team" => with_none(teams(facts), "no team"),
        "owner" | "assignee" | "reporter" => with_none(people(facts), "nobody"),
        "service" => with_none(services(facts), "no service"),
        "site" => with_none(sites(facts), "no site"),
        "major" | "known_error" => words(&["true", "false"]),
        "is" => words(&["open", "paused", "done", "active"]),
        "sla" => words(SLA_STATES),
        "followup" => words(&["due", "set", "none"]),
        _ => Vec::new(),
    };
    narrowed(values, value)
        .into_iter()
        .map(|c| Candidate::new(format!("{head}{}", c.value), c.help))
        .collect()
}

/// [`Facts`] read from the repository of the current directory, if it holds a desk:
/// opened and read on first use, so completing a subcommand or an option reads nothing.
pub struct DeskFacts<'d> {
    desk: &'d OnceCell<Option<Desk>>,
    branch: Option<&'d str>,
    /// Whether titles are wanted (bash shows none).
    describe: bool,
    snapshot: OnceCell<Option<Snapshot<'d>>>,
}

impl<'d> DeskFacts<'d> {
    /// The facts of the desk on `branch` (default: as every command finds it), opened
    /// into `desk` when first needed.
    pub fn new(
        desk: &'d OnceCell<Option<Desk>>,
        branch: Option<&'d str>,
        describe: bool,
    ) -> DeskFacts<'d> {
        DeskFacts {
            desk,
            branch,
            describe,
            snapshot: OnceCell::new(),
        }
    }

    /// The desk at its tip; none outside a repository or without a desk, where
    /// completion still knows the grammar.
    fn snapshot(&self) -> Option<&Snapshot<'d>> {
        self.snapshot
            .get_or_init(|| {
                let desk = self.desk.get_or_init(|| Desk::open(self.branch).ok());
                desk.as_ref()?.snapshot().ok()
            })
            .as_ref()
    }

    fn repo(&self) -> Option<git2::Repository> {
        git2::Repository::open_from_env().ok()
    }
}

impl Facts for DeskFacts<'_> {
    fn tickets(&self, prefix: &str) -> Vec<Candidate> {
        let prefix = prefix.to_ascii_lowercase();
        if !prefix.is_empty() && !is_id_text(&prefix) {
            return Vec::new();
        }
        let Some(snapshot) = self.snapshot() else {
            return Vec::new();
        };
        ticket_candidates(snapshot, &prefix, self.describe).unwrap_or_default()
    }

    fn config(&self) -> Option<&DeskConfig> {
        self.snapshot().map(|s| &s.config)
    }

    fn articles(&self, prefix: &str) -> Vec<Candidate> {
        let Some(snapshot) = self.snapshot() else {
            return Vec::new();
        };
        let slugs: Vec<String> = snapshot
            .file_names("kb")
            .unwrap_or_default()
            .into_iter()
            .filter_map(|name| name.strip_suffix(".md").map(str::to_string))
            .filter(|slug| slug.starts_with(prefix))
            .collect();
        let described = self.describe && slugs.len() <= DESCRIBED_AT_MOST;
        slugs
            .into_iter()
            .map(|slug| {
                let title = if described {
                    git_desk::kb::load(snapshot, &slug)
                        .map(|a| a.title)
                        .unwrap_or_default()
                } else {
                    String::new()
                };
                Candidate::new(slug, title)
            })
            .collect()
    }

    fn remotes(&self) -> Vec<Candidate> {
        let Some(repo) = self.repo() else {
            return Vec::new();
        };
        let Ok(names) = repo.remotes() else {
            return Vec::new();
        };
        names
            .iter()
            .flatten()
            .map(|name| {
                let url = repo
                    .find_remote(name)
                    .ok()
                    .and_then(|r| r.url().map(str::to_string))
                    .unwrap_or_default();
                Candidate::new(name, url)
            })
            .collect()
    }

    fn branches(&self) -> Vec<Candidate> {
        let Some(repo) = self.repo() else {
            return Vec::new();
        };
        let Ok(branches) = repo.branches(Some(git2::BranchType::Local)) else {
            return Vec::new();
        };
        branches
            .flatten()
            .filter_map(|(b, _)| b.name().ok().flatten().map(Candidate::plain))
            .collect()
    }
}

/// Ticket ids starting with `prefix` (lower-case id text or empty). Two characters name
/// a shard, so a prefix of two or more reads one tree of the desk's 1,024 and one
/// character the 32 trees it starts; only an empty prefix reads them all. Titles come
/// from the matching tickets' files when few match and `describe` asks for them.
fn ticket_candidates(
    snapshot: &Snapshot<'_>,
    prefix: &str,
    describe: bool,
) -> Option<Vec<Candidate>> {
    let shard_ids = |shard: &str| -> Option<Vec<String>> {
        Some(
            snapshot
                .file_names(&format!("{}/{shard}", git_desk::store::TICKETS_DIR))
                .ok()?
                .into_iter()
                .filter_map(|name| name.strip_suffix(".toml").map(str::to_string))
                .filter(|id| is_id_text(id))
                .collect(),
        )
    };
    let ids: Vec<String> = if prefix.len() >= 2 {
        shard_ids(&prefix[..2])?
    } else if prefix.len() == 1 {
        // the shards of that first character: one per id character at most
        let mut ids = Vec::new();
        for second in ('0'..='9').chain('a'..='z') {
            let shard = format!("{prefix}{second}");
            if is_id_text(&shard) {
                ids.extend(shard_ids(&shard)?);
            }
        }
        ids
    } else {
        snapshot
            .ticket_ids()
            .ok()?
            .into_iter()
            .map(|id| id.as_str().to_string())
            .collect()
    };
    // Short forms are unique among the ids sharing the first two characters, which are
    // all in one shard: the neighbours in sorted order decide. The ids a prefix matches
    // are one run of the sorted list.
    let mut sorted: Vec<&str> = ids.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    let start = sorted.partition_point(|id| *id < prefix);
    let end = start
        + sorted[start..]
            .iter()
            .take_while(|id| id.starts_with(prefix))
            .count();
    let described = describe && end - start <= DESCRIBED_AT_MOST;
    let candidates = (start..end)
        .map(|i| {
            let id = sorted[i];
            let neighbours = &sorted[i.saturating_sub(1)..(i + 2).min(sorted.len())];
            let short = unique_prefix_len(id, neighbours).max(prefix.len());
            let title = if described {
                TicketId::parse(id)
                    .and_then(|id| snapshot.load(&id))
                    .map(|t| t.state.title)
                    .unwrap_or_default()
            } else {
                String::new()
            };
            Candidate::new(&id[..short.min(id.len())], title)
        })
        .collect();
    Some(candidates)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A desk of two tickets, two teams and an article, without a repository.
    struct Fixed {
        config: DeskConfig,
    }

    impl Fixed {
        fn new() -> Fixed {
            let mut config = DeskConfig::default();
            config.teams.insert(
                "network".into(),
                git_desk::config::Team {
                    members: vec!["ana@example.com".into()],
                    tiers: vec![git_desk::model::Tier::new(2).unwrap()],
                    email: None,
                },
            );
            Fixed { config }
        }
    }

    impl Facts for Fixed {
        fn tickets(&self, prefix: &str) -> Vec<Candidate> {
            [("4f2a9c", "VPN drops"), ("4f2b7d", "Printer jam")]
                .iter()
                .filter(|(id, _)| id.starts_with(prefix))
                .map(|(id, title)| Candidate::new(*id, *title))
                .collect()
        }
        fn config(&self) -> Option<&DeskConfig> {
            Some(&self.config)
        }
        fn articles(&self, prefix: &str) -> Vec<Candidate> {
            narrowed(vec![Candidate::new("reset-password", "Reset it")], prefix)
        }
        fn remotes(&self) -> Vec<Candidate> {
            vec![Candidate::plain("origin")]
        }
        fn branches(&self) -> Vec<Candidate> {
            vec![Candidate::plain("desk")]
        }
    }

    fn values(line: &str) -> Vec<String> {
        let mut root = crate::cli::command();
        root.build();
        let mut words: Vec<String> = line.split(' ').map(str::to_string).collect();
        if line.is_empty() {
            words = vec![String::new()];
        }
        match complete(&root, &words, &Fixed::new()) {
            Candidates::Values(v) => v.into_iter().map(|c| c.value).collect(),
            other => vec![format!("{other:?}")],
        }
    }

    #[test]
    fn subcommands_and_their_options() {
        assert!(values("").contains(&"escalate".to_string()));
        assert!(!values("").iter().any(|v| v.starts_with('_')));
        assert_eq!(values("esc"), ["escalate"]);
        assert_eq!(values("new --ti"), ["--tier"]);
        assert_eq!(values("kb sh"), ["show"]);
        assert_eq!(values("mail ingest --mb"), ["--mbox"]);
        assert_eq!(values("-C /tmp ls --so"), ["--sort"]);
    }

    #[test]
    fn option_values_come_from_the_registry_and_desk_toml() {
        assert_eq!(values("ls --sort cr"), ["created"]);
        assert_eq!(values("ls --sort -cr"), ["-created"]);
        assert_eq!(values("ls --sort=pri"), ["--sort=priority"]);
        assert_eq!(values("new --impact h"), ["high"]);
        assert_eq!(values("assign 4f2a --team net"), ["network"]);
        assert_eq!(values("assign 4f2a --to an"), ["ana@example.com"]);
        assert_eq!(values("escalate 4f2a --to "), ["0", "1", "2", "3", "4"]);
        assert_eq!(values("pend 4f2a --reason cu"), ["customer"]);
        assert_eq!(values("--color n"), ["never"]);
        assert_eq!(values("-C "), ["Dirs"]);
        assert_eq!(values("import --format g"), ["github"]);
        assert_eq!(values("link 4f2a --kb re"), ["reset-password"]);
        assert_eq!(values("sync "), ["origin"]);
        assert_eq!(values("comment 4f2a -m "), Vec::<String>::new());
    }

    #[test]
    fn ticket_ids_by_prefix_and_what_follows_them() {
        assert_eq!(values("show 4f2a"), ["4f2a9c"]);
        assert_eq!(values("show 4f2"), ["4f2a9c", "4f2b7d"]);
        assert_eq!(values("link 4f2a --duplicate-of 4f2b"), ["4f2b7d"]);
        assert_eq!(values("status 4f2a9c in"), ["in-progress"]);
        assert_eq!(values("set 4f2a9c imp"), ["impact="]);
        assert_eq!(values("set 4f2a9c impact=h"), ["impact=high"]);
        assert_eq!(values("set 4f2a9c priority=a"), ["priority=auto"]);
        assert!(values("escalate 4f2a9c ").contains(&"--reason".to_string()));
        assert_eq!(values("kb show re"), ["reset-password"]);
        assert_eq!(values("rate 4f2a9c 5"), ["5"]);
    }

    #[test]
    fn query_terms_complete_fields_then_values() {
        assert_eq!(values("ls stat"), ["status:"]);
        assert_eq!(values("ls status:op"), ["status:open"]);
        assert_eq!(values("ls status:open,pe"), ["status:open,pending"]);
        assert_eq!(
            values("ls priority:<=P"),
            [
                "priority:<=P1",
                "priority:<=P2",
                "priority:<=P3",
                "priority:<=P4",
                "priority:<=P5"
            ]
        );
        assert_eq!(values("ls team:n"), ["team:network", "team:none"]);
        assert_eq!(values("ls -lab"), ["-label:"]);
        assert_eq!(values("sla sla:br"), ["sla:breached"]);
        assert_eq!(values("ls id:4f2b"), ["id:4f2b7d"]);
        assert_eq!(values("ls -- -tier:1"), ["-tier:1"]);
    }
}
