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
    /// Ticket ids (any unique prefix) and FIELD=VALUE assignments. labels=a,b replaces the
    /// labels; labels=+vpn,+wifi,-printer adds and removes, each label with its own sign
    /// (mixing plain and signed labels is refused); service=none clears the service
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
            plain_value(f.trim().to_ascii_lowercase(), v)
        })
        .collect::<Result<_>>()?;
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

/// One assignment as the library takes it. An empty service or label list would clear
/// the field, which a script whose variable came out empty must not do by accident:
/// clearing is spelled out (`service=none`, `labels=-a,-b`).
fn plain_value(field: String, value: &str) -> Result<(String, String)> {
    let empty = value.split(',').all(|v| v.trim().is_empty());
    match field.as_str() {
        "service" if empty => Err(usage(
            "service= is empty: name a service of the catalogue, or clear it with service=none",
        )),
        "service" if value.trim() == "none" => Ok((field, String::new())),
        "labels" | "label" if empty => Err(usage(format!(
            "{field}={value} names no labels: list them to replace all ({field}=a,b), or add and remove with {field}=+a,-b"
        ))),
        _ => Ok((field, value.to_string())),
    }
}

/// A service named by `set` must be in the catalogue, as for `git desk new` (an empty
/// catalogue accepts any name; an empty name clears).
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
