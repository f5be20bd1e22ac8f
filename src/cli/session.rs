//! What every command starts from: the global options, the output, the desk, the time.

use std::io::IsTerminal;

use anyhow::Result;
use chrono::{DateTime, Utc};

use std::sync::OnceLock;

use git_desk::model::Ticket;
use git_desk::store::cache::Progress;
use git_desk::store::{Desk, Listing, Snapshot};
use git_desk::{time, DeskError};

use super::output::Output;
use super::GlobalArgs;

/// From this many shards to rebuild on, a cold build shows a progress bar.
const COLD_BUILD_BAR_FROM: usize = 64;

/// One invocation's context.
pub struct Session {
    /// The global options.
    pub global: GlobalArgs,
    /// Where output goes.
    pub out: Output,
    interactive: bool,
}

impl Session {
    /// Sets up output and decides whether prompts are allowed.
    pub fn new(global: GlobalArgs) -> Result<Session> {
        let out = Output::new(global.color, global.quiet);
        // Prompts need a person at both ends: input from a terminal, prompt to a terminal.
        let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
        Ok(Session {
            global,
            out,
            interactive,
        })
    }

    /// True when a person is at a terminal and may be asked things.
    pub fn interactive(&self) -> bool {
        self.interactive
    }

    /// Opens the desk of the current repository.
    pub fn desk(&self) -> Result<Desk, DeskError> {
        Desk::open(self.global.branch.as_deref())
    }

    /// A git config value for git-desk's own settings (`desk.*`) and the git settings it
    /// honours (`core.pager`): `git -c KEY=VALUE` first (git passes those in
    /// `GIT_CONFIG_PARAMETERS`), then the repository's config with the global and system
    /// ones. `None` when unset, or outside a repository.
    pub fn git_config(&self, key: &str) -> Option<String> {
        if let Some(value) = std::env::var("GIT_CONFIG_PARAMETERS")
            .ok()
            .and_then(|p| command_line_config(&p, key))
        {
            return Some(value);
        }
        self.desk().ok()?.git_config(key).ok().flatten()
    }

    /// The query a bare `git desk ls` runs: git config `desk.query`, split into terms as
    /// a shell would (`"paper jam"` is one term); empty when unset.
    pub fn default_query(&self) -> Result<Vec<String>, DeskError> {
        match self.git_config("desk.query") {
            None => Ok(Vec::new()),
            Some(text) => query_terms(&text).ok_or_else(|| {
                DeskError::invalid(format!(
                    "git config desk.query is '{}', which has an unclosed quote: close it, or unset it with `git config --unset desk.query`",
                    text.escape_debug()
                ))
            }),
        }
    }

    /// The current time (`DESK_NOW` or the system time).
    pub fn now(&self) -> Result<DateTime<Utc>, DeskError> {
        time::now()
    }

    /// Prints the snapshot's warnings (a broken desk.toml, keys of it this version does
    /// not know).
    pub fn warn_about(&self, snapshot: &Snapshot<'_>) {
        for w in &snapshot.warnings {
            self.out.warn(w);
        }
    }

    /// Every ticket of the snapshot, encoded, through the summary cache; each broken file
    /// is named in a warning. A cold build of many shards shows a progress bar on a
    /// terminal.
    pub fn listing(&self, snapshot: &Snapshot<'_>) -> Result<Listing, DeskError> {
        let on_terminal = std::io::stderr().is_terminal() && !self.out.quiet();
        let bar: OnceLock<indicatif::ProgressBar> = OnceLock::new();
        let progress = |done: usize, total: usize| {
            if total < COLD_BUILD_BAR_FROM {
                return;
            }
            bar.get_or_init(|| {
                let bar = indicatif::ProgressBar::new(total as u64);
                if let Ok(style) = indicatif::ProgressStyle::with_template(
                    "building the ticket cache {bar:30} {pos}/{len} shards",
                ) {
                    bar.set_style(style);
                }
                bar
            })
            .set_position(done as u64);
        };
        let listing = snapshot.listing(on_terminal.then_some(&progress as Progress<'_>));
        if let Some(bar) = bar.get() {
            bar.finish_and_clear();
        }
        let listing = listing?;
        for broken in &listing.broken {
            self.out.warn(broken.to_string());
        }
        Ok(listing)
    }

    /// Every ticket of the snapshot that parses, whole; each broken file is named in a
    /// warning.
    pub fn read_tickets(&self, snapshot: &Snapshot<'_>) -> Result<Vec<Ticket>, DeskError> {
        Ok(self.listing(snapshot)?.tickets())
    }

    /// Asks a yes/no question on the terminal; `false` when nobody can answer.
    pub fn confirm(&self, prompt: &str) -> Result<bool> {
        if !self.interactive {
            return Ok(false);
        }
        self.confirm_default(prompt, false)
    }

    /// Asks a yes/no question on the terminal with a default; the default when nobody can
    /// answer.
    pub fn confirm_default(&self, prompt: &str, default: bool) -> Result<bool> {
        if !self.interactive {
            return Ok(default);
        }
        Ok(dialoguer::Confirm::new()
            .with_prompt(prompt)
            .default(default)
            .interact()?)
    }
}

impl super::pager::PagerConfig for Session {
    fn get(&self, key: &str) -> Option<String> {
        self.git_config(key)
    }
}

/// The value of `key` among git's `-c` settings as git hands them to the commands it runs
/// (`GIT_CONFIG_PARAMETERS`: `'key'='value'` or, from older gits, `'key=value'`, each
/// single-quoted as a shell would, separated by spaces). The last setting wins; a key
/// given without a value is `true`. Section and variable names match in any case.
fn command_line_config(parameters: &str, key: &str) -> Option<String> {
    let mut found = None;
    let mut chars = parameters.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        // One word: quoted runs, backslash escapes, and where an unquoted `=` falls.
        let mut word = String::new();
        let mut equals = None;
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            chars.next();
            match c {
                '\'' => {
                    for q in chars.by_ref() {
                        if q == '\'' {
                            break;
                        }
                        word.push(q);
                    }
                }
                '\\' => word.extend(chars.next()),
                '=' if equals.is_none() => {
                    equals = Some(word.len());
                    word.push('=');
                }
                _ => word.push(c),
            }
        }
        let split = equals.or_else(|| word.find('='));
        let (name, value) = match split {
            Some(at) => (&word[..at], word[at + 1..].to_string()),
            None => (word.as_str(), "true".to_string()),
        };
        if name.eq_ignore_ascii_case(key) {
            found = Some(value);
        }
    }
    found
}

/// Query terms split as a shell splits words: spaces separate, double or single quotes
/// keep spaces in a term. `None` when a quote is left open.
fn query_terms(text: &str) -> Option<Vec<String>> {
    let mut terms = Vec::new();
    let mut term = String::new();
    let mut in_term = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' | '\'' => {
                in_term = true;
                loop {
                    match chars.next() {
                        Some(q) if q == c => break,
                        Some(q) => term.push(q),
                        None => return None,
                    }
                }
            }
            c if c.is_whitespace() => {
                if in_term {
                    terms.push(std::mem::take(&mut term));
                    in_term = false;
                }
            }
            c => {
                in_term = true;
                term.push(c);
            }
        }
    }
    if in_term {
        terms.push(term);
    }
    Some(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_dash_c_settings_are_read_as_git_passes_them() {
        let params = "'core.pager'='less -S' 'desk.pager'='false' 'desk.Remote=backup' 'desk.flag'";
        assert_eq!(
            command_line_config(params, "core.pager").as_deref(),
            Some("less -S")
        );
        assert_eq!(
            command_line_config(params, "desk.pager").as_deref(),
            Some("false")
        );
        assert_eq!(
            command_line_config(params, "desk.remote").as_deref(),
            Some("backup")
        );
        assert_eq!(
            command_line_config(params, "desk.flag").as_deref(),
            Some("true")
        );
        assert_eq!(command_line_config(params, "desk.query"), None);
        // A quote inside a value comes as '\'' and `=` in a value stays in it.
        assert_eq!(
            command_line_config("'desk.query'='title:it'\\''s a=b'", "desk.query").as_deref(),
            Some("title:it's a=b")
        );
        assert_eq!(
            command_line_config("'desk.pager'='less' 'desk.pager'='more'", "desk.pager").as_deref(),
            Some("more")
        );
    }

    #[test]
    fn the_default_query_splits_as_a_shell_does() {
        assert_eq!(
            query_terms("assignee:me  tier:<=2 \"paper jam\"").unwrap(),
            ["assignee:me", "tier:<=2", "paper jam"]
        );
        assert_eq!(query_terms("  ").unwrap(), Vec::<String>::new());
        assert_eq!(query_terms("\"open"), None);
    }
}
