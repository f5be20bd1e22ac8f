//! Links between tickets, kept consistent on both sides: an incident's `problem` and the
//! problem's `incidents`, `duplicate_of` and `duplicates`, `related` both ways.

use crate::error::DeskError;
use crate::model::{Action, Relation, Ticket, TicketId, TicketType};
use crate::store::Transaction;
use crate::workflow::{article, Refusal};

/// Links `t` to `target` by `relation`. The other side (and, when an incident moves to
/// another problem or a duplicate to another original, the old one) is recorded in the
/// transaction; the actions for `t` itself are returned for the caller to record.
/// Empty when the link is already there.
pub fn link_tickets(
    tx: &mut Transaction<'_, '_>,
    t: &Ticket,
    relation: Relation,
    target: &TicketId,
) -> Result<Vec<Action>, DeskError> {
    if *target == t.id {
        return Err(DeskError::invalid(format!(
            "cannot link {target} to itself: name another ticket"
        )));
    }
    let other = tx.ticket(target)?.clone();
    if relation == Relation::Problem && other.ticket_type != TicketType::Problem {
        return Err(Refusal::LinkToNonProblem {
            ticket: target.as_str()[..8].to_string(),
            article: article(other.ticket_type.as_str()),
            kind: other.ticket_type.to_string(),
        }
        .into());
    }
    let (current, inverse) = match relation {
        Relation::Problem => (t.problem.clone(), Relation::Incident),
        Relation::DuplicateOf => (t.duplicate_of.clone(), Relation::Duplicate),
        Relation::Related => {
            if t.related.iter().any(|r| r == target.as_str()) {
                return Ok(Vec::new());
            }
            (None, Relation::Related)
        }
        other => {
            return Err(DeskError::invalid(format!(
                "a ticket cannot be linked as {} by hand: link the other side instead",
                other.as_str()
            )))
        }
    };
    if current.as_deref() == Some(target.as_str()) {
        return Ok(Vec::new());
    }
    // Moving to another problem (or original) leaves the old one consistent too.
    if let Some(old) = current.and_then(|old| TicketId::parse(&old).ok()) {
        if tx.snapshot().contains(&old)? {
            tx.record(
                &old,
                Action::Unlinked {
                    relation: inverse,
                    target: t.id.to_string(),
                },
            )?;
        }
    }
    tx.record(
        target,
        Action::Linked {
            relation: inverse,
            target: t.id.to_string(),
        },
    )?;
    Ok(vec![Action::Linked {
        relation,
        target: target.to_string(),
    }])
}
