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
    /// Edit desk.toml in $EDITOR; it is validated and committed only if valid
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
            let edited = super::editor::edit(&text, ".toml")?;
            if edited == text {
                session
                    .out
                    .info("desk.toml unchanged: nothing was committed");
                return Ok(());
            }
            let config = DeskConfig::parse(&edited).map_err(|e| {
                usage(format!("{CONFIG_PATH} {e}; nothing was committed (run `git desk config edit` again to fix it)"))
            })?;
            // Keys a newer version wrote are kept; a key typed now that this version does
            // not know is more likely a slip, and would be ignored: refuse it.
            let before = unknown_keys(&text);
            let was_there = |key: &str| match &before {
                Some(keys) => keys.iter().any(|k| k.key == key),
                // The old file was not TOML: a key it mentions counts as kept.
                None => text.contains(key.rsplit(['.', ']']).next().unwrap_or(key)),
            };
            if let Some(new) = config.unknown_keys.iter().find(|k| !was_there(&k.key)) {
                return Err(usage(format!(
                    "{CONFIG_PATH} line {}: key '{}' is not known to this version of git-desk (it would be ignored): check its spelling; nothing was committed (run `git desk config edit` again to fix it)",
                    new.line, new.key
                )));
            }
            let change = Change::Config { text: edited };
            desk.apply(&actor, now, &[], &change, false)?;
            session.out.info("committed the new desk.toml");
            Ok(())
        }
    }
}
