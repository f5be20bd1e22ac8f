//! `git desk log`: a ticket's events, or the desk branch's commits.

use anyhow::Result;
use clap::Args;

use git_desk::model::{Action, Event};

use super::output::sanitize_line;
use super::Session;

/// History. With an id: the ticket's events in order (who, when, what). Without: the
/// desk branch's commits, newest first.
#[derive(Args, Debug)]
pub struct LogArgs {
    /// A ticket id (any unique prefix)
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// At most N entries (commits default to 50)
    #[arg(long, short = 'n', value_name = "N")]
    pub limit: Option<usize>,
    /// Print JSON
    #[arg(long)]
    pub json: bool,
}

/// One line (or a few) saying what an event did.
pub fn describe_event(e: &Event) -> String {
    match &e.action {
        Action::Created(f) => format!("filed at L{} ({}): {}", f.tier, f.ticket_type, f.title),
        Action::Commented { text, internal } => {
            format!(
                "{}: {}",
                if *internal {
                    "internal note"
                } else {
                    "commented"
                },
                text.trim()
            )
        }
        Action::Assigned { assignee, team } => {
            let mut parts = Vec::new();
            if let Some(a) = assignee {
                parts.push(if a.is_empty() {
                    "unassigned".to_string()
                } else {
                    format!("assigned to {a}")
                });
            }
            if let Some(t) = team {
                parts.push(if t.is_empty() {
                    "team cleared".to_string()
                } else {
                    format!("team {t}")
                });
            }
            parts.join(", ")
        }
        Action::OwnerChanged { owner } => format!("owner is now {owner}"),
        Action::StatusChanged {
            to,
            pending_reason,
            reason,
        } => {
            let mut s = format!("status {to}");
            if let Some(p) = pending_reason {
                s.push_str(&format!(" ({p})"));
            }
            if let Some(r) = reason {
                s.push_str(&format!(": {r}"));
            }
            s
        }
        Action::Resolved {
            resolution,
            code,
            kb,
        } => {
            let mut s = format!("resolved: {resolution}");
            if let Some(c) = code {
                s.push_str(&format!(" [{c}]"));
            }
            if let Some(k) = kb {
                s.push_str(&format!(" (kb {k})"));
            }
            s
        }
        Action::Reopened { reason } => format!("reopened: {reason}"),
        Action::TierChanged {
            from, to, reason, ..
        } => {
            format!("{} L{from} -> L{to}: {reason}", e.action.kind())
        }
        Action::FieldSet {
            field,
            value,
            reason,
        } => {
            let v = match value {
                toml::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            match reason {
                Some(r) => format!("set {field} = {v} ({r})"),
                None => format!("set {field} = {v}"),
            }
        }
        Action::Labeled { add, remove } => {
            let mut parts: Vec<String> = add.iter().map(|l| format!("+{l}")).collect();
            parts.extend(remove.iter().map(|l| format!("-{l}")));
            format!("labels {}", parts.join(" "))
        }
        Action::Linked { relation, target } => format!("linked {}: {target}", relation.as_str()),
        Action::Unlinked { relation, target } => {
            format!("unlinked {}: {target}", relation.as_str())
        }
        Action::Swept { rule } => format!("escalation rule fired: {rule}"),
        Action::Received(r) => {
            let mut s = format!("mail from {} <{}>", r.from, r.message_id);
            if !r.attachments.is_empty() {
                s.push_str(&format!(", {} attachment(s)", r.attachments.len()));
            }
            if let Some(note) = &r.note {
                s.push_str(&format!(" (kept as a note: {note})"));
            }
            s
        }
        Action::Notified(n) => format!(
            "notice '{}' to {} <{}>{}",
            n.notice,
            n.to.join(", "),
            n.message_id,
            if n.attempt > 1 {
                format!(" (attempt {})", n.attempt)
            } else {
                String::new()
            }
        ),
        Action::Delivery {
            message_id,
            failure: None,
        } => format!("notice <{message_id}> delivered"),
        Action::Delivery {
            message_id,
            failure: Some(why),
        } => format!("notice <{message_id}> not delivered: {why}"),
        Action::RcaRecorded(rca) => {
            let mut parts = Vec::new();
            for (name, value) in [
                ("method", &rca.method),
                ("symptoms", &rca.symptoms),
                ("root cause", &rca.root_cause),
                ("workaround", &rca.workaround),
                ("fix", &rca.fix),
            ] {
                if let Some(v) = value {
                    parts.push(format!("{name}: {}", v.trim()));
                }
            }
            if let Some(r) = rca.reproduced {
                parts.push(format!("reproduced: {}", if r { "yes" } else { "no" }));
            }
            format!("root-cause analysis: {}", parts.join("; "))
        }
        Action::VendorHandoff(v) => {
            let mut s = match &v.name {
                Some(name) => format!("handed to vendor {name}"),
                None => "vendor follow-up".to_string(),
            };
            if let Some(r) = &v.reference {
                s.push_str(&format!(" (their ref {r})"));
            }
            if let Some(c) = &v.contract {
                s.push_str(&format!(", contract {c}"));
            }
            if let Some(d) = v.follow_up {
                s.push_str(&format!(", follow up on {d}"));
            }
            s
        }
        Action::Rated { score, comment } => match comment {
            Some(c) => format!("rated {score}/5: {c}"),
            None => format!("rated {score}/5"),
        },
        Action::Other(kind) => format!("{kind} (from a newer git-desk)"),
    }
}

pub fn run(session: &Session, args: LogArgs) -> Result<()> {
    let desk = session.desk()?;
    if let Some(prefix) = &args.id {
        let snapshot = desk.snapshot()?;
        let zone = session.out.zone(snapshot.config.display_zone);
        let id = snapshot.resolve(prefix)?;
        let ticket = snapshot.load(&id)?;
        let mut events: Vec<&Event> = ticket.events.iter().collect();
        if let Some(n) = args.limit {
            let skip = events.len().saturating_sub(n);
            events.drain(..skip);
        }
        if args.json {
            let list = events
                .iter()
                .map(|e| git_desk::model::ticket::toml_to_json(toml::Value::Table(e.to_table())))
                .collect();
            return Ok(session.out.json(&serde_json::Value::Array(list))?);
        }
        for e in events {
            session.out.line(format!(
                "{}  {:<24} {}",
                zone.format(e.at, "%Y-%m-%d %H:%M"),
                sanitize_line(&e.by),
                sanitize_line(&describe_event(e))
            ))?;
        }
        return Ok(());
    }
    let commits = desk.history(args.limit.unwrap_or(50))?;
    let zone = session.out.zone(desk.snapshot()?.config.display_zone);
    if args.json {
        let list = commits
            .iter()
            .map(|c| {
                serde_json::json!({
                    "commit": c.id.to_string(),
                    "at": c.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    "name": c.name,
                    "email": c.email,
                    "message": c.message,
                })
            })
            .collect();
        return Ok(session.out.json(&serde_json::Value::Array(list))?);
    }
    for c in commits {
        let subject = c.message.lines().next().unwrap_or_default();
        session.out.line(format!(
            "{}  {}  {:<24} {}",
            c.id.short(),
            zone.format(c.at, "%Y-%m-%d %H:%M"),
            sanitize_line(&c.email),
            sanitize_line(subject)
        ))?;
    }
    Ok(())
}
