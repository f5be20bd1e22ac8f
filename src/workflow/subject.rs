//! The words of a commit: its subject and its trailers, made here for every change.

use crate::model::Action;

use super::apply::TicketChange;

/// A commit's subject and the trailers beside `Desk-Ticket` and `Desk-Action` (which the
/// store adds from the tickets written and the change's verb).
#[derive(Debug, Default)]
pub(super) struct Words {
    /// The first line.
    pub subject: String,
    /// `Desk-Tier` trailers: `1 -> 2` for a move, `3` for where a ticket was filed.
    pub tiers: Vec<String>,
    /// Other trailers, whole: `Desk-Routed: vendors victor@example.com`.
    pub trailers: Vec<String>,
}

impl Words {
    /// Words with a subject and no trailers yet.
    pub fn new(subject: String) -> Words {
        Words {
            subject,
            ..Words::default()
        }
    }

    /// Notes an event being recorded: a tier move gets its `Desk-Tier` trailer, once.
    pub fn note(&mut self, action: &Action) {
        if let Action::TierChanged { from, to, .. } = action {
            let t = format!("{from} -> {to}");
            if !self.tiers.contains(&t) {
                self.tiers.push(t);
            }
        }
    }
}

/// The subject of a change to tickets: `escalate 4f2a9c: L1 -> L2: VPN drops` for one
/// ticket, `escalate 30 tickets: L1 -> L2` for several (the detail only when all share
/// it).
pub(super) fn subject(verb: &str, changed: &[TicketChange]) -> String {
    match changed {
        [] => format!("{verb}: nothing"),
        [one] => {
            if one.detail.is_empty() {
                format!("{verb} {}: {}", one.short, one.title)
            } else {
                format!("{verb} {}: {}: {}", one.short, one.detail, one.title)
            }
        }
        [first, rest @ ..] => {
            let shared = rest.iter().all(|c| c.detail == first.detail) && !first.detail.is_empty();
            if shared {
                format!("{verb} {} tickets: {}", changed.len(), first.detail)
            } else {
                format!("{verb} {} tickets", changed.len())
            }
        }
    }
}

/// The subject of mail taken in: `mail 4f2a9c: filed: VPN drops` for one message,
/// `mail 120 messages: 80 filed, 30 commented, 10 duplicate` for several.
pub(super) fn mail(taken: &[super::mail::Taken], changed: &[TicketChange]) -> String {
    use super::mail::TakenAs;
    if let ([one], [change]) = (taken, changed) {
        return format!(
            "mail {}: {}: {}",
            change.short,
            one.taken_as.as_str(),
            change.title
        );
    }
    if let [one] = taken {
        let why = one.reason.as_deref().unwrap_or_default();
        return format!("mail: {}: {why}", one.taken_as.as_str());
    }
    let kinds = [
        TakenAs::Filed,
        TakenAs::Commented,
        TakenAs::Note,
        TakenAs::Duplicate,
        TakenAs::Rejected,
    ];
    let counts: Vec<String> = kinds
        .iter()
        .map(|k| (k, taken.iter().filter(|t| t.taken_as == *k).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(k, n)| format!("{n} {}", k.as_str()))
        .collect();
    let messages = if taken.len() == 1 {
        "message"
    } else {
        "messages"
    };
    format!("mail {} {messages}: {}", taken.len(), counts.join(", "))
}

/// The subject of an import: `import 12 tickets from issues.json`.
pub(super) fn import(count: usize, source: &str) -> String {
    format!("import {count} tickets from {source}")
}
