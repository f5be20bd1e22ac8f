//! `git desk man`: the man pages, generated from the command definitions, with a synopsis
//! that names every option's value, EXAMPLES for each command, the query language in
//! git-desk-ls(1) and git-desk-sla(1), and git-desk's git config in git-desk(1).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Arg, ArgAction, Args};
use clap_mangen::roff::{bold, italic, roman, Inline, Roff};
use clap_mangen::Man;

use super::Session;

/// Print the git-desk(1) man page, or write a page for every command into a directory
/// laid out as man expects (`DIR/man1/git-desk-COMMAND.1`), so that
/// `man -M DIR git-desk-new` and, with DIR on MANPATH, `git help desk` find them (the
/// copies in the repository's man/ are made this way).
#[derive(Args, Debug)]
pub struct ManArgs {
    /// Write man1/git-desk.1 and man1/git-desk-COMMAND.1 into DIR instead of printing
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn run(session: &Session, args: ManArgs) -> Result<()> {
    let mut cmd = super::command().disable_help_subcommand(true);
    cmd.build();
    match args.out {
        Some(dir) => {
            let section = dir.join("man1");
            std::fs::create_dir_all(&section)
                .with_context(|| format!("cannot create {}", section.display()))?;
            write_pages(&cmd, &[], &section)
                .with_context(|| format!("cannot write man pages into {}", section.display()))?;
            session
                .out
                .info(format!("wrote man pages into {}", section.display()));
        }
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(page(&cmd, &[]).as_bytes())?;
            stdout.flush()?;
        }
    }
    Ok(())
}

/// Writes the page of `cmd` (reached by the subcommand words `path`) and of each of its
/// subcommands into `dir`.
fn write_pages(cmd: &clap::Command, path: &[&str], dir: &Path) -> std::io::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let mut sub_path = path.to_vec();
        sub_path.push(sub.get_name());
        write_pages(sub, &sub_path, dir)?;
    }
    std::fs::write(dir.join(format!("{}.1", page_name(path))), page(cmd, path))
}

/// `git-desk`, `git-desk-new`, `git-desk-kb-new`.
fn page_name(path: &[&str]) -> String {
    std::iter::once("git-desk")
        .chain(path.iter().copied())
        .collect::<Vec<_>>()
        .join("-")
}

/// The roff of one page.
fn page(cmd: &clap::Command, path: &[&str]) -> String {
    let name = page_name(path);
    let version = cmd.get_version().unwrap_or_default();
    let man = Man::new(cmd.clone())
        .title(&name)
        .source(format!("git-desk {version}"))
        .manual("git-desk manual");
    let mut text = Vec::new();
    let mut section = |render: &dyn Fn(&mut Vec<u8>) -> std::io::Result<()>| {
        let mut part = Vec::new();
        render(&mut part).expect("roff writes to memory");
        text.push(String::from_utf8(part).expect("roff is UTF-8"));
    };
    section(&|w| man.render_title(w));
    section(&|w| man.render_name_section(w));
    section(&|w| synopsis(cmd, path).to_writer(w));
    section(&|w| man.render_description_section(w));
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        section(&|w| man.render_options_section(w));
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        section(&|w| man.render_subcommands_section(w));
    }
    if cmd.get_after_help().is_some() || cmd.get_after_long_help().is_some() {
        section(&|w| man.render_extra_section(w));
    }
    let extra = extra_sections(path);
    section(&|w| extra.to_writer(w));
    section(&|w| man.render_version_section(w));
    // Each part starts with roff's preamble for apostrophes; the page needs it once.
    let preamble = Roff::new().render();
    let mut page = String::new();
    for (i, part) in text.iter().enumerate() {
        page.push_str(if i == 0 {
            part
        } else {
            part.strip_prefix(&preamble).unwrap_or(part)
        });
    }
    page
}

/// The synopsis as the command is typed (`git desk new`), each option with its value's
/// name, the options every command takes left to git-desk(1).
fn synopsis(cmd: &clap::Command, path: &[&str]) -> Roff {
    let mut line: Vec<Inline> = vec![bold(
        std::iter::once("git desk")
            .chain(path.iter().copied())
            .collect::<Vec<_>>()
            .join(" "),
    )];
    let shown = |a: &&Arg| {
        !a.is_hide_set()
            && (path.is_empty() || !a.is_global_set())
            && !matches!(a.get_action(), ArgAction::Help | ArgAction::Version)
    };
    for arg in cmd.get_arguments().filter(shown) {
        if arg.is_positional() {
            continue;
        }
        let required = arg.is_required_set();
        line.push(roman(if required { " " } else { " [" }));
        match (arg.get_short(), arg.get_long()) {
            (Some(short), Some(long)) => {
                line.push(bold(format!("-{short}")));
                line.push(roman("|"));
                line.push(bold(format!("--{long}")));
            }
            (Some(short), None) => line.push(bold(format!("-{short}"))),
            (None, Some(long)) => line.push(bold(format!("--{long}"))),
            (None, None) => {}
        }
        if arg.get_action().takes_values() {
            let names = arg
                .get_value_names()
                .map(|n| n.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                .unwrap_or_else(|| vec![arg.get_id().to_string().to_uppercase()]);
            line.push(roman(" "));
            line.push(italic(names.join(" ")));
        }
        if !required {
            line.push(roman("]"));
        }
    }
    for arg in cmd.get_positionals().filter(|a| shown(a)) {
        let names = arg
            .get_value_names()
            .map(|n| {
                n.iter()
                    .map(|s| s.to_string())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_else(|| arg.get_id().to_string().to_uppercase());
        let many = matches!(arg.get_action(), ArgAction::Append)
            || arg.get_num_args().is_some_and(|n| n.max_values() > 1);
        line.push(roman(if arg.is_required_set() { " " } else { " [" }));
        line.push(italic(names));
        if many {
            line.push(roman("..."));
        }
        if !arg.is_required_set() {
            line.push(roman("]"));
        }
    }
    if cmd.has_subcommands() {
        line.push(roman(" "));
        line.push(italic("COMMAND"));
        line.push(roman(" ["));
        line.push(italic("ARGS"));
        line.push(roman("]"));
    }
    let mut roff = Roff::new();
    roff.control("SH", ["SYNOPSIS"]);
    roff.text(line);
    roff
}

/// The sections after the options: the query language, configuration, EXAMPLES and SEE
/// ALSO.
fn extra_sections(path: &[&str]) -> Roff {
    let mut roff = Roff::new();
    let key = path.join(" ");
    if key == "ls" || key == "sla" {
        roff.control("SH", ["QUERY LANGUAGE"]);
        paragraphs(&mut roff, QUERY_LANGUAGE);
    }
    if key.is_empty() {
        roff.control("SH", ["CONFIGURATION"]);
        paragraphs(&mut roff, CONFIGURATION);
    }
    if let Some((_, examples)) = EXAMPLES.iter().find(|(k, _)| *k == key) {
        roff.control("SH", ["EXAMPLES"]);
        for (what, line) in *examples {
            roff.text([roman(*what)]);
            roff.control("PP", []);
            roff.control("RS", ["4"]);
            roff.control("EX", []);
            roff.text([roman(*line)]);
            roff.control("EE", []);
            roff.control("RE", []);
            roff.control("PP", []);
        }
    }
    let see_also: Vec<&str> = match path {
        [] => vec!["git(1)", "git-config(1)"],
        [_] if key == "ls" => vec!["git-desk(1)", "git-desk-sla(1)", "git-desk-show(1)"],
        [_] if key == "sla" => vec!["git-desk(1)", "git-desk-ls(1)"],
        _ => vec!["git-desk(1)"],
    };
    roff.control("SH", ["SEE ALSO"]);
    roff.text([roman(see_also.join(", "))]);
    roff
}

/// Text with blank lines between paragraphs; lines starting with two spaces are set as
/// they are (a list of terms).
fn paragraphs(roff: &mut Roff, text: &str) {
    for paragraph in text.trim().split("\n\n") {
        if paragraph.starts_with("  ") {
            for line in paragraph.lines() {
                let (term, meaning) = line.trim().split_once("  ").unwrap_or((line.trim(), ""));
                roff.control("TP", []);
                roff.text([bold(term)]);
                roff.text([roman(meaning.trim())]);
            }
        } else {
            roff.text([roman(paragraph.replace('\n', " "))]);
        }
        roff.control("PP", []);
    }
}

/// The query language of `ls`, `sla` (and the ticket choice of bulk commands).
const QUERY_LANGUAGE: &str = "
A query is a list of terms, all of which must hold. Quote a term with < or > in it
for the shell ('priority:<=P2', 'age:>4h'), which would read them as redirections. Without a status: or is: term or a
ticket id, only tickets still being worked are listed (--all lists resolved and closed
ones too). A bare git desk ls runs git config desk.query when it is set.

  tier:2  a field has a value (status:pending, type:problem, team:network, site:berlin)
  label:vpn,wifi  any of several values
  -label:vpn  not (any term can be negated)
  priority:<=P2  comparisons: <, <=, >, >= (tier:>=2, impact:>=medium)
  age:>4h  time since filing (s, m, h, d, w); updated:>2d, time since the last change
  created:2026-11-01  a date is its whole day (UTC): > after it, < before it, <= up to its end, >= from its start; an RFC 3339 time is that instant
  7k3mq2  a ticket id or its start (6 characters or more); id:7k3m lists every id with that start
  assignee:me  you (your git identity); owner:none, an empty field
  is:open  status category: open, paused, done, active (open or paused)
  sla:breached  SLA state: ok, warning, breached, met, missed
  followup:due  vendor follow-ups: due, set, none
  printer  words in title, description or comments

Fields: id, title, type, status, tier, priority, impact, urgency, service, team, owner,
assignee, reporter, label, major, known_error, problem, vendor, site, is, sla, followup,
age, updated, created. A term with an unknown field or value is refused (exit 2) with
the fields or values it may take.
";

/// git-desk's own git config, and the git settings it honours.
const CONFIGURATION: &str = "
git-desk reads these from git config (the repository's, then the global and system
ones; git -c KEY=VALUE desk ... for one command). desk.toml on the desk branch holds
the desk's own configuration, shared by everyone who syncs it.

  desk.branch  the desk branch (default: desk; --branch for one command)
  desk.remote  the remote pull, push, sync and notify use (default: origin)
  desk.query  the query a bare git desk ls runs, e.g. \"assignee:me\" (terms given on the command line replace it)
  desk.pager  the pager for long output; false (or empty) turns paging off
  desk.timeout  seconds each network step may take (default: 300; DESK_NETWORK_TIMEOUT for one command)
  core.pager  the pager, after GIT_PAGER and desk.pager and before PAGER (default: less, with LESS=FRX when LESS is unset)

Long output (ls, show, log, report, sla, kb ls, kb show, kb search, config show) is
paged on a terminal only, never in a pipe or a file; -P or --no-pager turns it off for
one command.
";

/// Examples for each page, by the subcommand words that reach it: what it does, then the
/// command line. Ids such as 4f2a stand for a ticket's id (any unique start of it).
const EXAMPLES: &[(&str, &[(&str, &str)])] = &[
    (
        "",
        &[
            (
                "A demo desk to try things on (a new repository in ./git-desk-demo):",
                "git desk demo && cd git-desk-demo",
            ),
            (
                "Start a desk in the current repository and file a ticket:",
                "git desk init\ngit desk new \"VPN drops every 10 minutes\" --impact high --service vpn",
            ),
            (
                "Work it (4f2a stands for the start of its id, as ls shows it):",
                "git desk take 4f2a\ngit desk escalate 4f2a --reason \"needs the network team\"\ngit desk resolve 4f2a --resolution \"Rekey interval fixed\" --code fixed",
            ),
            (
                "Share the desk with a remote:",
                "git desk sync",
            ),
        ],
    ),
    ("init", &[("Start a desk and let git's own merges unite ticket files:", "git desk init --merge-driver")]),
    (
        "new",
        &[
            (
                "File an incident with its impact, service and a label:",
                "git desk new \"VPN drops every 10 minutes\" --impact high --service vpn -l remote -m \"Berlin office Wi-Fi\"",
            ),
            ("File a request for someone else, printing the new ticket as JSON:", "git desk new \"New laptop for Dana\" --type request --reporter dana@example.com --json"),
        ],
    ),
    (
        "ls",
        &[
            ("The tickets at Level 2 of priority P2 or higher:", "git desk ls tier:2 'priority:<=P2'"),
            ("Your open tickets, oldest first:", "git desk ls assignee:me --sort created"),
            ("Tickets past their SLA, with ids only, for another command:", "git desk ls --ids sla:breached | git desk escalate --stdin --reason \"SLA breached\""),
            ("Everything about printers, done ones too:", "git desk ls --all printer"),
        ],
    ),
    (
        "show",
        &[
            ("A ticket's fields, description, links and events:", "git desk show 4f2a"),
            ("The first attachment of a mailed ticket, into a file:", "git desk show 4f2a --attachment 1 > scan.pdf"),
        ],
    ),
    (
        "log",
        &[
            ("A ticket's history:", "git desk log 4f2a"),
            ("The desk's last 20 commits:", "git desk log -n 20"),
        ],
    ),
    (
        "comment",
        &[
            ("A public update the customer sees:", "git desk comment 4f2a -m \"Client logs show IKE rekey failures\""),
            ("An internal note:", "git desk comment 4f2a --internal -m \"Same as last month's outage?\""),
        ],
    ),
    (
        "assign",
        &[
            ("Give a ticket to a person in a team:", "git desk assign 4f2a --to bob@example.com --team network"),
            ("Every printer ticket to the vendors team, seeing first what would change:", "git desk ls --ids label:printer | git desk assign --stdin --team vendors --dry-run"),
        ],
    ),
    ("take", &[("Assign tickets to yourself:", "git desk take 4f2a 9c1e")]),
    ("status", &[("Move tickets to a status:", "git desk status 4f2a 9c1e in-progress")]),
    ("start", &[("Start work on a ticket:", "git desk start 4f2a")]),
    ("pend", &[("Wait for the customer (the SLA clock pauses):", "git desk pend 4f2a --reason customer")]),
    (
        "resolve",
        &[("Resolve with what fixed it:", "git desk resolve 4f2a --resolution \"Rekey interval fixed on the concentrator\" --code fixed")],
    ),
    ("close", &[("Close resolved tickets:", "git desk close 4f2a 9c1e")]),
    ("reopen", &[("Reopen a ticket the fix did not hold for:", "git desk reopen 4f2a --reason \"drops again since Monday\"")]),
    (
        "escalate",
        &[
            ("Up one tier, to the next tier's team:", "git desk escalate 4f2a --reason \"needs the network team\""),
            ("Every ticket open at Level 1 for more than 4 hours, at once:", "git desk ls --ids tier:1 'age:>4h' | git desk escalate --stdin --reason \"open at L1 for 4h\""),
        ],
    ),
    ("deescalate", &[("Hand a ticket back to Level 1:", "git desk deescalate 4f2a --to 1 --reason \"workaround documented\"")]),
    (
        "set",
        &[("Change fields, with a reason:", "git desk set 4f2a impact=high labels=+vpn priority=P1 --reason \"CEO affected\"")],
    ),
    (
        "link",
        &[
            ("Link an incident to its problem record:", "git desk link 4f2a --problem 7d3e"),
            ("Mark a duplicate:", "git desk link 9c1e --duplicate-of 4f2a"),
        ],
    ),
    ("edit", &[("Edit a ticket's fields in your editor:", "git desk edit 4f2a")]),
    ("kb", &[("Find an article, then read it:", "git desk kb search vpn disconnects\ngit desk kb show reset-your-password-in-the-self-service-portal")]),
    (
        "kb new",
        &[("Write an article for customers:", "git desk kb new \"Connect to the office Wi-Fi\" -t wifi -m \"Choose the network Corp and sign in with your email.\"")],
    ),
    ("kb ls", &[("The articles tagged password:", "git desk kb ls --tag password")]),
    ("kb show", &[("Read an article:", "git desk kb show move-mfa-to-a-new-phone")]),
    ("kb edit", &[("Change an article in your editor:", "git desk kb edit move-mfa-to-a-new-phone")]),
    ("kb search", &[("Articles about VPN disconnects, best first:", "git desk kb search vpn disconnects")]),
    ("kb publish", &[("Turn a problem's root-cause analysis into an article:", "git desk kb publish 7d3e -t outlook")]),
    ("portal", &[("Build the self-service site:", "git desk portal build site/")]),
    (
        "portal build",
        &[("Build the self-service site for its public address:", "git desk portal build site/ --base-url https://help.example.com/")],
    ),
    ("problem", &[("Open a problem record from two incidents:", "git desk problem new \"Outlook add-in crashes after the update\" --from 4f2a 9c1e")]),
    ("problem new", &[("Open a problem record from two incidents:", "git desk problem new \"Outlook add-in crashes after the update\" --from 4f2a 9c1e")]),
    (
        "problem resolve",
        &[("Resolve a problem and every incident linked to it, in one commit:", "git desk problem resolve 7d3e --fix \"Add-in 2.2 deployed\" --resolve-incidents")],
    ),
    (
        "rca",
        &[
            ("Record the root cause and a workaround; a known error from now on:", "git desk rca 7d3e --root-cause \"Add-in 2.1 leaks handles\" --workaround \"Disable the add-in\" --known-error yes"),
            ("Write it in your editor from a template:", "git desk rca 7d3e"),
        ],
    ),
    (
        "vendor",
        &[("Hand a ticket to a vendor, to follow up on a date:", "git desk vendor 4f2a --name VPNCo --ref VC-88123 --contract SUP-2025-014 --follow-up 2026-12-15")],
    ),
    ("rate", &[("Record the customer's rating:", "git desk rate 4f2a 5 -m \"fixed in minutes\"")]),
    (
        "report",
        &[
            ("The last 30 days, by tier:", "git desk report --by tier"),
            ("One figure, for a script:", "git desk report --json | jq .metrics.escalation_rate"),
            ("A page with charts:", "git desk report --html report.html"),
        ],
    ),
    (
        "sla",
        &[
            ("The clocks of every ticket being worked:", "git desk sla"),
            ("Breached clocks as JSON:", "git desk sla sla:breached --json"),
        ],
    ),
    ("mail", &[("Take in one message, as an MTA's pipe does:", "git desk mail ingest < message.eml")]),
    (
        "mail ingest",
        &[
            ("Take in one message, as an MTA's pipe does:", "git desk mail ingest < message.eml"),
            ("Every new message of a Maildir:", "git desk mail ingest --maildir ~/Mail/desk"),
        ],
    ),
    (
        "sweep",
        &[
            ("What the escalation rules would do now:", "git desk sweep --dry-run"),
            ("From cron, every five minutes:", "*/5 * * * * cd /srv/desk && git desk sync -q && git desk sweep -q"),
        ],
    ),
    (
        "notify",
        &[
            ("The notices due, written nowhere:", "git desk notify --dry-run"),
            ("Send them through a relay:", "git desk notify --smtp smtp://relay.example.com:587"),
        ],
    ),
    ("config", &[("Print desk.toml:", "git desk config show")]),
    ("config show", &[("desk.toml as JSON:", "git desk config show --json | jq .tiers")]),
    ("config edit", &[("Edit desk.toml; it is committed only if valid:", "git desk config edit")]),
    (
        "import",
        &[
            ("Tickets from a CSV file, checked first:", "git desk import tickets.csv --dry-run"),
            ("GitHub issues:", "gh issue list --json number,title,body,labels,state,createdAt,closedAt,author,comments > issues.json\ngit desk import --format github issues.json"),
        ],
    ),
    (
        "export",
        &[
            ("Every ticket as JSON:", "git desk export > desk.json"),
            ("As CSV:", "git desk export --format csv > desk.csv"),
        ],
    ),
    (
        "doctor",
        &[
            ("Check the desk:", "git desk doctor"),
            ("Repair what is safe:", "git desk doctor --fix"),
        ],
    ),
    (
        "pull",
        &[("The remote's desk into a fresh clone (or any clone):", "git desk pull")],
    ),
    ("push", &[("Publish the desk to another remote:", "git desk push backup")]),
    (
        "sync",
        &[
            ("Fetch, merge and push (in a fresh clone, this also creates the local desk):", "git desk sync"),
            ("With another default remote:", "git config desk.remote backup\ngit desk sync"),
        ],
    ),
    (
        "merge-driver",
        &[("Installed by init; git then calls it as:", "git desk merge-driver %O %A %B %P")],
    ),
    ("verify", &[("Check what would be pushed, as the server's hook will:", "git desk verify")]),
    ("server", &[("Install the pre-receive hook into a bare repository:", "git desk server install /srv/git/team.git")]),
    ("server install", &[("Install the pre-receive hook into a bare repository:", "git desk server install /srv/git/team.git")]),
    ("demo", &[("A demo desk outside the current directory:", "git desk demo /tmp/desk-demo\ncd /tmp/desk-demo && git desk ls tier:2")]),
    ("man", &[("Write the pages and read one:", "git desk man --out man\nman -M man git-desk-new")]),
    (
        "completions",
        &[
            ("Bash, for this shell:", "source <(git desk completions bash)"),
            ("Fish, for good:", "git desk completions fish > ~/.config/fish/completions/git-desk.fish"),
        ],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of a shell line, as far as the examples need: quotes, and the line cut at
    /// a pipe, a redirection or `&&`.
    pub(crate) fn words(line: &str) -> Vec<String> {
        let mut words = Vec::new();
        let mut word = String::new();
        let mut quote = None;
        let mut in_word = false;
        for c in line.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), c) => word.push(c),
                (None, '"' | '\'') => {
                    quote = Some(c);
                    in_word = true;
                }
                (None, '<' | '>') if word.contains(':') => {
                    panic!("`{line}`: quote {word}{c}...: the shell reads {c} as a redirection")
                }
                (None, '|' | '>' | '<' | '&' | ';' | ')' | '`') => break,
                (None, c) if c.is_whitespace() => {
                    if in_word {
                        words.push(std::mem::take(&mut word));
                        in_word = false;
                    }
                }
                (None, c) => {
                    word.push(c);
                    in_word = true;
                }
            }
        }
        if in_word {
            words.push(word);
        }
        words
    }

    /// Every `git desk ...` in `text` parses as a command line of this git-desk, with the
    /// command (and subcommand) of the page it is on.
    pub(crate) fn assert_parses(text: &str, place: &str) -> usize {
        let mut checked = 0;
        for line in text.lines() {
            // A comment ends the command (and may quote commands in backticks).
            let line = line.split(" #").next().unwrap_or_default();
            for part in line.split(['|', ';']).flat_map(|p| p.split("&&")) {
                let Some(at) = part.find("git desk ") else {
                    continue;
                };
                let words = words(&part[at + "git desk ".len()..]);
                if words.is_empty() || words[0].starts_with('<') {
                    continue;
                }
                let args = super::super::with_query_terms_last(
                    std::iter::once("git-desk".to_string())
                        .chain(words.iter().cloned())
                        .map(Into::into)
                        .collect(),
                );
                if let Err(e) = <super::super::Cli as clap::Parser>::try_parse_from(&args) {
                    panic!(
                        "{place}: `git desk {}` does not parse: {e}",
                        words.join(" ")
                    );
                }
                checked += 1;
            }
        }
        checked
    }

    #[test]
    fn every_example_parses_on_its_own_page() {
        let mut cmd = super::super::command();
        cmd.build();
        for (key, examples) in EXAMPLES {
            for (_, line) in *examples {
                assert!(
                    assert_parses(line, &format!("EXAMPLES of '{key}'")) > 0,
                    "{line}"
                );
                let sub = key.split(' ').next().unwrap();
                assert!(
                    line.split("git desk ")
                        .skip(1)
                        .any(|rest| rest.starts_with(sub)),
                    "the examples of '{key}' run another command: {line}"
                );
            }
        }
    }

    #[test]
    fn every_command_has_examples() {
        let mut cmd = super::super::command().disable_help_subcommand(true);
        cmd.build();
        fn visit(cmd: &clap::Command, path: Vec<&str>, missing: &mut Vec<String>) {
            let key = path.join(" ");
            if !EXAMPLES.iter().any(|(k, _)| *k == key) {
                missing.push(key);
            }
            // Hidden commands (the shells' `__complete`) have no page.
            for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
                let mut p = path.clone();
                p.push(sub.get_name());
                visit(sub, p, missing);
            }
        }
        let mut missing = Vec::new();
        visit(&cmd, vec![], &mut missing);
        assert!(missing.is_empty(), "no EXAMPLES for {missing:?}");
    }

    #[test]
    fn the_readme_commands_parse() {
        let readme = include_str!("../../README.md");
        let mut in_code = false;
        let mut code = String::new();
        for line in readme.lines() {
            if line.starts_with("```") {
                in_code = !in_code;
                continue;
            }
            if in_code {
                code.push_str(line);
                code.push('\n');
            }
        }
        assert!(assert_parses(&code, "README.md") > 50);
    }

    #[test]
    fn the_synopsis_names_option_values() {
        let mut cmd = super::super::command().disable_help_subcommand(true);
        cmd.build();
        let top = synopsis(&cmd, &[]).render();
        assert!(top.contains("\\fB\\-C\\fR \\fIPATH\\fR"), "{top}");
        assert!(
            top.contains("\\fB\\-P\\fR|\\fB\\-\\-no\\-pager\\fR"),
            "{top}"
        );
        let new = cmd.find_subcommand("new").unwrap();
        let text = synopsis(new, &["new"]).render();
        assert!(text.contains("git desk new"), "{text}");
        assert!(text.contains("\\fB\\-\\-impact\\fR \\fII\\fR"), "{text}");
        assert!(
            !text.contains("\\-C"),
            "global options are in git-desk(1): {text}"
        );
        assert!(text.contains("[\\fITITLE\\fR...]"), "{text}");
    }
}
