//! Tickets made elsewhere, added whole: which of them a desk already holds.

use std::collections::HashSet;

use crate::model::{Ticket, TicketId};

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
