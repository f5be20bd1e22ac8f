//! `git desk config show` and `git desk config edit`.

use anyhow::Result;
use clap::{Args, Subcommand};

use git_desk::config::{unknown_keys, DeskConfig, CONFIG_PATH};
use git_desk::model::ticket::toml_to_json;
use git_desk::workflow::Change;

use super::{usage, Session};

/// Show or change desk.toml: tiers, teams, priority matrix, SLA policies, calendars,
/// services, routing and escalation rules, permissions.
#[derive(Args, Debug)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub command: ConfigCommand,
}

#[derive(Subcommand, Debug)]
pub enum ConfigCommand {
    /// Print desk.toml as committed (--json: as JSON, with the file's field names)
    Show {
        /// Print JSON
        #[arg(long)]
        json: bool,
    },
    /// Edit desk.toml in your editor; committed only when valid, else reopened with the error
    Edit,
}

pub fn run(session: &Session, args: ConfigArgs) -> Result<()> {
    let desk = session.desk()?;
    let snapshot = desk.snapshot()?;
    let text = snapshot
        .file(CONFIG_PATH)?
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    match args.command {
        ConfigCommand::Show { json } => {
            session.warn_about(&snapshot);
            if json {
                let value: toml::Value = toml::from_str(&text).map_err(|e| {
                    usage(format!(
                        "{CONFIG_PATH} is not valid TOML: {}",
                        e.message().trim()
                    ))
                })?;
                session.out.json(&toml_to_json(value))?;
            } else {
                session.out.line(text.trim_end())?;
            }
            Ok(())
        }
        ConfigCommand::Edit => {
            let actor = desk.actor()?;
            let now = session.now()?;
            drop(snapshot);
            // Kept under .git/desk/ while it is edited, so a text refused and given up on
            // is not lost.
            let draft = desk.git_dir().join("desk").join("config-edit.toml");
            let edited = super::editor::revise(&draft, &text, |edited| {
                if edited == text {
                    return Ok(None);
                }
                check(&text, edited)?;
                let change = Change::Config {
                    text: edited.to_string(),
                };
                desk.apply(&actor, now, &[], &change, false)?;
                Ok(Some(()))
            })?;
            match edited {
                None => session
                    .out
                    .info("desk.toml unchanged: nothing was committed"),
                Some(()) => session.out.info("committed the new desk.toml"),
            }
            Ok(())
        }
    }
}

/// Refuses an edited desk.toml that does not validate, or that adds a key this version
/// does not know (keys a newer version wrote, already in `before`, are kept).
fn check(before: &str, edited: &str) -> Result<()> {
    let config = DeskConfig::parse(edited)
        .map_err(|e| usage(format!("{CONFIG_PATH} {e}; nothing was committed")))?;
    // A key typed now that this version does not know is more likely a slip, and would
    // be ignored: refuse it.
    let known_before = unknown_keys(before);
    let was_there = |key: &str| match &known_before {
        Some(keys) => keys.iter().any(|k| k.key == key),
        // The old file was not TOML: a key it mentions counts as kept.
        None => before.contains(key.rsplit(['.', ']']).next().unwrap_or(key)),
    };
    if let Some(new) = config.unknown_keys.iter().find(|k| !was_there(&k.key)) {
        return Err(usage(format!(
            "{CONFIG_PATH} line {}: key '{}' is not known to this version of git-desk (it would be ignored): check its spelling; nothing was committed",
            new.line, new.key
        )));
    }
    Ok(())
}
