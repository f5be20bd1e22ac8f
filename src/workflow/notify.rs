//! Notices through the one door: claiming the notices due as `notified` events, and
//! recording how sending them went as `delivery` events. What is due is worked out inside
//! the transaction, so a claim computed again on a moved branch sees the claims other
//! writers made meanwhile.

use std::collections::BTreeSet;

use crate::error::DeskError;
use crate::mail::notice::{self, Claimed};
use crate::mail::template::Templates;
use crate::model::Action;
use crate::store::Transaction;

use super::apply::Outcome;
use super::change::Delivered;
use super::subject::Words;

/// Claims every notice due: one `notified` event each, and its message in `outcome`.
pub(super) fn claim(
    tx: &mut Transaction<'_, '_>,
    outcome: &mut Outcome,
) -> Result<Words, DeskError> {
    let snapshot = tx.snapshot();
    let config = snapshot.config.rules()?;
    let mail = config.mail.as_ref().ok_or_else(notice::no_mail)?;
    // Checked before anything is worked out: a broken template refuses every run.
    let templates = Templates::load(snapshot)?;
    let listing = snapshot.listing(None)?;
    let now = tx.now();
    let due = notice::due(&listing, config, mail, now);
    let mut tickets = BTreeSet::new();
    for d in due {
        let short = listing.short_id(&d.ticket);
        let outgoing = {
            let ticket = tx.ticket(&d.ticket)?;
            notice::render(&d, ticket, &short, config, &templates, now)
        };
        tx.record(&d.ticket, Action::Notified(Box::new(d.notice.clone())))?;
        let event = tx
            .ticket(&d.ticket)?
            .events
            .iter()
            .rev()
            .find(
                |e| matches!(&e.action, Action::Notified(n) if n.message_id == d.notice.message_id),
            )
            .map(|e| e.id.clone())
            .expect("the claim was just recorded");
        tickets.insert(d.ticket.clone());
        outcome.notices.push(Claimed {
            ticket: d.ticket,
            short,
            kind: d.kind,
            notice: d.notice,
            event,
            outgoing,
        });
    }
    Ok(Words::new(format!(
        "notify: {} notice(s) on {} ticket(s)",
        outcome.notices.len(),
        tickets.len()
    )))
}

/// Records each outcome as a `delivery` event on its ticket.
pub(super) fn delivered(
    tx: &mut Transaction<'_, '_>,
    outcomes: &[Delivered],
) -> Result<Words, DeskError> {
    let failed = outcomes.iter().filter(|o| o.failure.is_some()).count();
    for o in outcomes {
        tx.record(
            &o.ticket,
            Action::Delivery {
                message_id: o.message_id.clone(),
                failure: o.failure.clone(),
            },
        )?;
    }
    Ok(Words::new(format!(
        "delivery: {} notice(s) sent, {failed} failed",
        outcomes.len() - failed
    )))
}
