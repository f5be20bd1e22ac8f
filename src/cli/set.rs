//! `git desk set`: change fields.

use anyhow::Result;
use clap::Args;

use git_desk::config::DeskConfig;
use git_desk::{workflow, DeskError};

use super::targets::{collect_ids, BulkChange, TargetOpts};
use super::{usage, Session};

/// Change fields: impact, urgency, priority (needs --reason; `auto` returns to the
/// matrix), service (one of the catalogue; `none` clears), type, major, title,
/// description, labels, known_error (problems). Labels: `labels=a,b` replaces the list;
/// `labels=+vpn,+wifi,-printer` adds and removes, each label with its own sign; mixing
/// plain and signed labels in one value is refused.
#[derive(Args, Debug)]
pub struct SetArgs {
    /// Ticket ids (any unique prefix) and FIELD=VALUE assignments
    #[arg(value_name = "ID... FIELD=VALUE...", required = true)]
    pub words: Vec<String>,
    /// Why (required for a priority override)
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub reason: Option<String>,
    #[command(flatten)]
    pub opts: TargetOpts,
}

pub fn run(session: &Session, args: SetArgs) -> Result<()> {
    let (assignments, ids): (Vec<&String>, Vec<&String>) =
        args.words.iter().partition(|w| w.contains('='));
    if assignments.is_empty() {
        return Err(usage(format!(
            "nothing to set: add FIELD=VALUE, e.g. `git desk set ID impact=high` (fields: {})",
            workflow::SETTABLE.join(", ")
        )));
    }
    let assignments: Vec<(String, String)> = assignments
        .iter()
        .map(|a| {
            let (f, v) = a.split_once('=').expect("partitioned on '='");
            (f.trim().to_ascii_lowercase(), v.to_string())
        })
        .collect();
    let ids: Vec<String> = ids.into_iter().cloned().collect();
    let detail = assignments
        .iter()
        .map(|(f, v)| format!("{f}={v}"))
        .collect::<Vec<_>>()
        .join(" ");
    BulkChange {
        verb: "set",
        ids: collect_ids(&ids, &args.opts)?,
        opts: &args.opts,
    }
    .run(
        session,
        |tx, t| {
            let mut actions = Vec::new();
            // Each assignment sees the ticket as the ones before it left it.
            let mut current = t.clone();
            for (field, value) in &assignments {
                if field == "service" {
                    in_catalogue(&tx.snapshot().config, value)?;
                }
                let step = workflow::set_field(&current, field, value, args.reason.as_deref())?;
                for a in &step {
                    current.record(a.clone(), "", current.updated, &tx.snapshot().config.matrix);
                }
                actions.extend(step);
            }
            Ok(actions)
        },
        |_, _| detail.clone(),
    )
}

/// A service named by `set` must be in the catalogue, as for `git desk new` (an empty
/// catalogue accepts any name; `none` clears).
fn in_catalogue(config: &DeskConfig, service: &str) -> Result<(), DeskError> {
    let service = service.trim();
    let services = &config.services;
    if service.is_empty()
        || service == "none"
        || services.is_empty()
        || services.contains_key(service)
    {
        return Ok(());
    }
    Err(DeskError::invalid(format!(
        "service '{service}' is not in the catalogue: use one of {} (or add it to [services] in desk.toml)",
        services.keys().cloned().collect::<Vec<_>>().join(", ")
    )))
}
