//! What every command starts from: the global options, the output, the desk, the clock.

use std::io::IsTerminal;

use anyhow::Result;
use chrono::{DateTime, Utc};

use git_desk::store::{Desk, Snapshot};
use git_desk::{clock, DeskError};

use super::output::Output;
use super::GlobalArgs;

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

    /// The current time (`DESK_NOW` or the system clock).
    pub fn now(&self) -> Result<DateTime<Utc>, DeskError> {
        clock::now()
    }

    /// Prints the snapshot's warnings (a broken desk.toml).
    pub fn warn_about(&self, snapshot: &Snapshot<'_>) {
        for w in &snapshot.warnings {
            self.out.warn(w);
        }
    }

    /// Every ticket of the snapshot that parses; each broken file is named in a warning.
    pub fn read_tickets(
        &self,
        snapshot: &Snapshot<'_>,
    ) -> Result<Vec<git_desk::model::Ticket>, DeskError> {
        let set = snapshot.load_all()?;
        for broken in &set.broken {
            self.out.warn(broken.to_string());
        }
        Ok(set.tickets)
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
