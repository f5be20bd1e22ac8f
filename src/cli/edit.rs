//! `git desk edit`: a ticket's fields in $EDITOR, turned into events.

use anyhow::Result;
use clap::Args;
use toml::{Table, Value};

use git_desk::model::{Action, PriorityMatrix, Ticket};
use git_desk::workflow::{self, Change};
use git_desk::DeskError;

use super::{usage, Session};

/// Edit a ticket's fields (title, description, type, impact, urgency, priority, service, site,
/// team, assignee, labels, major) as TOML in your editor, chosen as git chooses it
/// ($GIT_EDITOR, git config desk.editor, core.editor, $VISUAL, $EDITOR, vi). Each change
/// becomes an event; all are one commit. A text refused is opened again with the error on
/// top, until it is accepted or given up (kept under .git/desk/). Status, tier and links
/// change with their own commands.
#[derive(Args, Debug)]
pub struct EditArgs {
    /// The ticket id (any unique prefix)
    #[arg(value_name = "ID")]
    pub id: String,
}

fn template(t: &Ticket, short: &str) -> String {
    let mut table = Table::new();
    let s = |v: &str| Value::String(v.to_string());
    table.insert("title".into(), s(&t.title));
    table.insert("type".into(), s(t.ticket_type.as_str()));
    table.insert("impact".into(), s(t.impact.as_str()));
    table.insert("urgency".into(), s(t.urgency.as_str()));
    let priority = if t.priority_reason.is_some() {
        t.priority.to_string()
    } else {
        "auto".into()
    };
    table.insert("priority".into(), s(&priority));
    table.insert(
        "priority_reason".into(),
        s(t.priority_reason.as_deref().unwrap_or("")),
    );
    table.insert("service".into(), s(t.service.as_deref().unwrap_or("")));
    table.insert("site".into(), s(t.site.as_deref().unwrap_or("")));
    table.insert("team".into(), s(t.team.as_deref().unwrap_or("")));
    table.insert("assignee".into(), s(t.assignee.as_deref().unwrap_or("")));
    table.insert(
        "labels".into(),
        Value::Array(t.labels.iter().map(|l| s(l)).collect()),
    );
    table.insert("major".into(), Value::Boolean(t.major));
    table.insert("description".into(), s(&t.description));
    format!(
        "# Ticket {short}. Save and close to commit; close without saving to cancel.\n\
         # priority = \"auto\" follows impact x urgency; P1-P5 needs a priority_reason.\n\
         # Status, tier and links change with `git desk status`, `escalate`, `link`.\n{}",
        toml::to_string(&table).expect("a table serialises")
    )
}

/// The events that take `t` to what was written.
fn changes(t: &Ticket, edited: &str, matrix: &PriorityMatrix) -> Result<Vec<Action>, DeskError> {
    workflow::edit(t, &fields(edited)?, matrix)
}

/// The fields as written.
fn fields(edited: &str) -> Result<Table, DeskError> {
    toml::from_str(edited).map_err(|e| {
        DeskError::invalid(format!(
            "the edited ticket is not valid TOML ({}): nothing was changed",
            e.message().trim()
        ))
    })
}

pub fn run(session: &Session, args: EditArgs) -> Result<()> {
    let desk = session.desk()?;
    let actor = desk.actor()?;
    let now = session.now()?;
    let (id, before, short) = {
        let snapshot = desk.snapshot()?;
        let id = snapshot.resolve(&args.id)?;
        let ticket = snapshot.load(&id)?;
        // Asked before the editor opens, so nobody writes an edit that will be refused.
        workflow::may_act(&snapshot.config, &actor.email, &ticket, "edit")?;
        let short = snapshot.short_id(&id)?;
        (id, ticket, short)
    };
    // Kept under .git/desk/ while it is edited, so a text refused and given up on is not
    // lost.
    let draft = desk
        .git_dir()
        .join("desk")
        .join(format!("edit-{short}.toml"));
    let edited = super::editor::revise(&draft, &template(&before, &short), |edited| {
        let actions = changes(&before, edited, &desk.snapshot()?.config.matrix)?;
        if actions.is_empty() {
            return Ok(Edited::Unchanged);
        }
        // Re-applied on the current tip, so edits from other writers since are kept.
        let change = Change::Edit {
            fields: fields(edited)?,
        };
        let outcome = desk.apply(&actor, now, &[id.to_string()], &change, false)?;
        Ok(match outcome.commit {
            Some(_) => Edited::Committed(actions.len()),
            None => Edited::AlreadySo,
        })
    })?;
    match edited {
        Edited::Unchanged => {
            session.out.info("nothing changed");
            Ok(())
        }
        Edited::AlreadySo => Err(usage("nothing changed")),
        Edited::Committed(count) => {
            session
                .out
                .info(format!("edited {short}: {count} change(s)"));
            Ok(())
        }
    }
}

/// What became of an edit that was accepted.
enum Edited {
    /// The text was saved as it was given.
    Unchanged,
    /// The ticket was as edited already (others changed it the same way meanwhile).
    AlreadySo,
    /// Committed, with this many changes.
    Committed(usize),
}

#[cfg(test)]
mod tests {
    use super::*;
    use git_desk::model::{Filing, TicketId};

    fn ticket() -> Ticket {
        Ticket::file(
            TicketId::generate(),
            Filing {
                description: "Tray 2".into(),
                team: Some("service-desk".into()),
                labels: vec!["printer".into()],
                ..Filing::new("Printer jams", "r@example.com")
            },
            "r@example.com",
            "2026-11-22T09:00:00Z".parse().unwrap(),
            &PriorityMatrix::default(),
        )
    }

    #[test]
    fn an_unchanged_template_changes_nothing() {
        let t = ticket();
        let text = template(&t, "abcdef");
        assert!(changes(&t, &text, &PriorityMatrix::default())
            .unwrap()
            .is_empty());
    }

    #[test]
    fn edits_become_events() {
        let t = ticket();
        let text = template(&t, "abcdef")
            .replace("impact = \"medium\"", "impact = \"high\"")
            .replace(
                "labels = [\"printer\"]",
                "labels = [\"printer\", \"floor-3\"]",
            );
        let a = changes(&t, &text, &PriorityMatrix::default()).unwrap();
        assert_eq!(a.len(), 2);
    }

    #[test]
    fn bad_edits_are_refused() {
        let t = ticket();
        let text = template(&t, "abcdef");
        assert!(changes(
            &t,
            &format!("{text}\nstatus = \"closed\"\n"),
            &PriorityMatrix::default()
        )
        .unwrap_err()
        .to_string()
        .contains("cannot be edited"));
        assert!(changes(
            &t,
            &text.replace("\"incident\"", "\"bug\""),
            &PriorityMatrix::default()
        )
        .is_err());
        assert!(changes(&t, "title = ", &PriorityMatrix::default()).is_err());
        assert!(changes(
            &t,
            &text.replace("priority = \"auto\"", "priority = \"P1\""),
            &PriorityMatrix::default()
        )
        .unwrap_err()
        .to_string()
        .contains("reason"));
    }
}
