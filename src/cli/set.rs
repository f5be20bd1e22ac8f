//! `git desk set`: change fields.

use anyhow::Result;
use clap::Args;

use git_desk::workflow::{self, Change};

use super::targets::{self, collect_ids, TargetOpts};
use super::{usage, Session};

/// Change fields: impact, urgency, priority (needs --reason; `auto` returns to the
/// matrix), service (one of the catalogue; `none` clears), site (one of [sites]; `none`
/// clears), type, major, title,
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
    let ids = collect_ids(&ids, &args.opts)?;
    let change = Change::Set {
        fields: assignments,
        reason: args.reason.clone(),
    };
    targets::apply(session, ids, &args.opts, change)
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
        "site" if empty => Err(usage(
            "site= is empty: name a site of [sites] in desk.toml, or clear it with site=none",
        )),
        "site" if value.trim() == "none" => Ok((field, String::new())),
        "labels" | "label" if empty => Err(usage(format!(
            "{field}={value} names no labels: list them to replace all ({field}=a,b), or add and remove with {field}=+a,-b"
        ))),
        _ => Ok((field, value.to_string())),
    }
}
