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
