//! Tickets made elsewhere, added whole: which of them a desk already holds.

use std::collections::HashSet;

use crate::error::DeskError;
use crate::model::{Ticket, TicketId};
use crate::store::Transaction;

use super::apply::Outcome;
use super::subject::{self, Words};

/// An imported ticket left out because a ticket on the desk carries its `external_ref`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlreadyImported {
    /// The reference both carry: `github#42`.
    pub external_ref: String,
    /// The desk's ticket.
    pub id: TicketId,
    /// The source moved on since: comments the desk's ticket lacks, or closed there while
    /// still active here. Such changes are not merged in; people are told instead.
    pub changed: bool,
}

/// Splits imported tickets into those to add and those already on the desk, matched by
/// `external_ref` against `existing` (the desk's tickets carrying one of those refs,
/// loaded with their events). Importing the same export twice adds nothing.
pub fn leave_out_imported(
    tickets: Vec<Ticket>,
    existing: &[Ticket],
) -> (Vec<Ticket>, Vec<AlreadyImported>) {
    let mut fresh = Vec::new();
    let mut skipped = Vec::new();
    for t in tickets {
        let on_desk = t.external_ref.as_deref().and_then(|r| {
            existing
                .iter()
                .find(|e| e.external_ref.as_deref() == Some(r))
        });
        let Some(on_desk) = on_desk else {
            fresh.push(t);
            continue;
        };
        let known: HashSet<(&str, &str)> = on_desk
            .comments()
            .map(|(e, text, _)| (e.by.as_str(), text))
            .collect();
        let new_comments = t
            .comments()
            .any(|(e, text, _)| !known.contains(&(e.by.as_str(), text)));
        let closed_there = !t.status.is_active() && on_desk.status.is_active();
        skipped.push(AlreadyImported {
            external_ref: t.external_ref.clone().unwrap_or_default(),
            id: on_desk.id.clone(),
            changed: new_comments || closed_there,
        });
    }
    (fresh, skipped)
}

/// Adds `tickets` whole, after leaving out (with `skip_imported`) those the desk already
/// holds by `external_ref`. A taken id refuses the whole import.
pub(super) fn import(
    tx: &mut Transaction<'_, '_>,
    tickets: &[Ticket],
    source: &str,
    skip_imported: bool,
    outcome: &mut Outcome,
    progress: Option<crate::store::cache::Progress<'_>>,
) -> Result<Words, DeskError> {
    let mut fresh = tickets.to_vec();
    if skip_imported {
        // Only the desk's tickets carrying one of these refs are loaded whole.
        let refs: HashSet<&str> = tickets
            .iter()
            .filter_map(|t| t.external_ref.as_deref())
            .collect();
        let listing = tx.snapshot().listing(None)?;
        let existing = listing
            .summaries_where(&|t| t.external_ref.as_deref().is_some_and(|r| refs.contains(r)))
            .iter()
            .map(|(_, t)| tx.snapshot().load(&t.id))
            .collect::<Result<Vec<_>, _>>()?;
        (fresh, outcome.skipped) = leave_out_imported(fresh, &existing);
    }
    outcome.imported = fresh.len();
    let total = fresh.len();
    for (i, t) in fresh.into_iter().enumerate() {
        if let Some(progress) = progress {
            progress(i, total);
        }
        tx.insert(t).map_err(|e| {
            DeskError::invalid(format!("row {}: id: {e}; nothing was imported", i + 1))
        })?;
    }
    Ok(Words::new(subject::import(outcome.imported, source)))
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::model::id::IdSource;
    use crate::model::Filing;
    use crate::store::{Actor, Desk};
    use crate::workflow::Change;

    fn at(hour: u32) -> DateTime<Utc> {
        format!("2026-11-22T{hour:02}:00:00Z").parse().unwrap()
    }

    fn issue(number: u32) -> Ticket {
        let filing = Filing {
            external_ref: Some(format!("github#{number}")),
            ..Filing::new(format!("issue {number}"), "octocat@example.com")
        };
        let id = IdSource::random().ticket_id();
        Ticket::file(
            id,
            filing,
            "importer@example.com",
            at(7),
            &Default::default(),
        )
    }

    fn import(tickets: Vec<Ticket>, skip_imported: bool) -> Change {
        Change::Import {
            tickets,
            source: "issues.json".into(),
            skip_imported,
        }
    }

    #[test]
    fn the_door_imports_leaves_out_what_is_there_and_refuses_taken_ids() {
        let dir = tempfile::tempdir().unwrap();
        Desk::create_repository(dir.path()).unwrap();
        let desk = Desk::open_at(dir.path(), None).unwrap();
        let ann = Actor::new("Ann", "ann@example.com");
        desk.init(&ann, at(8)).unwrap();

        let first = issue(1);
        let done = desk
            .apply(&ann, at(9), &[], &import(vec![first.clone()], true), false)
            .unwrap();
        assert_eq!(done.subject, "import 1 tickets from issues.json");
        assert_eq!((done.imported, done.skipped.len()), (1, 0));
        let message = &desk.history(1).unwrap()[0].message;
        assert!(
            message.ends_with(&format!("Desk-Ticket: {}\nDesk-Action: import\n", first.id)),
            "{message}"
        );

        // A newer export: #1 is on the desk already, #2 is new.
        let later = import(vec![issue(1), issue(2)], true);
        let dry = desk.apply(&ann, at(10), &[], &later, true).unwrap();
        assert_eq!(dry.commit, None, "a dry run writes nothing");
        assert_eq!(desk.history(10).unwrap().len(), 2);
        let done = desk.apply(&ann, at(10), &[], &later, false).unwrap();
        assert_eq!(done.subject, "import 1 tickets from issues.json");
        assert_eq!(done.subject, dry.subject);
        assert_eq!(done.imported, 1);
        assert_eq!(done.skipped.len(), 1);
        assert_eq!(done.skipped[0].id, first.id, "names the desk's ticket");
        assert_eq!(done.skipped[0].external_ref, "github#1");

        // Without the de-duplication the same id again is bad input, and nothing is written.
        let again = desk.apply(
            &ann,
            at(11),
            &[],
            &import(vec![issue(3), first.clone()], false),
            false,
        );
        let e = again.unwrap_err();
        assert!(e.is_bad_input(), "{e}");
        assert!(
            e.to_string().starts_with("row 2: id: ")
                && e.to_string().ends_with("; nothing was imported"),
            "{e}"
        );
        assert_eq!(desk.history(10).unwrap().len(), 3);
    }
}
