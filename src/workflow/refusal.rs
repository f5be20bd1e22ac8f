//! Why the workflow rules refuse a change, as data. The messages say what is wrong in the
//! support desk's words and name no command or option: a consumer (the CLI, a mail
//! gateway) knows how its users give what is missing and adds that as a hint.

use thiserror::Error;

use crate::model::{Status, Tier};

/// A text a change needs, by the part of the change that carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Text {
    /// A comment's or note's text.
    Comment,
    /// The escalation's reason.
    EscalationReason,
    /// The reason of a de-escalation or reopen.
    Reason,
    /// The resolution.
    Resolution,
    /// A ticket's title (`set title=`).
    Title,
}

impl Text {
    /// What the text is, in a sentence: `the resolution`.
    pub fn what(self) -> &'static str {
        match self {
            Text::Comment => "the comment",
            Text::EscalationReason => "the escalation reason",
            Text::Reason => "the reason",
            Text::Resolution => "the resolution",
            Text::Title => "the title",
        }
    }
}

/// A change the workflow rules refuse. Tickets are named by their short ids.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Refusal {
    /// A text the change needs is empty.
    #[error("{} must not be empty", .0.what())]
    Empty(Text),

    /// The ticket is resolved or closed, and the change is for tickets being worked.
    #[error("cannot {verb} {ticket}: it is {status}; reopen it first")]
    NotActive {
        /// The change, as a verb in a sentence: `escalate`, `de-escalate`.
        verb: &'static str,
        /// The ticket.
        ticket: String,
        /// Its status.
        status: Status,
    },

    /// Escalating to a lower tier.
    #[error(
        "{ticket} is at L{from}: escalating to L{to} would move it down; de-escalate it instead"
    )]
    EscalateDown {
        /// The ticket.
        ticket: String,
        /// Its tier.
        from: Tier,
        /// The tier asked for.
        to: Tier,
    },

    /// De-escalating to a higher tier.
    #[error("{ticket} is at L{from}: L{to} is higher; escalate it instead")]
    DeescalateUp {
        /// The ticket.
        ticket: String,
        /// Its tier.
        from: Tier,
        /// The tier asked for.
        to: Tier,
    },

    /// A plain status move to resolved, which needs a resolution.
    #[error("resolving needs a resolution: resolve {ticket} with one")]
    ResolveWithoutResolution {
        /// The ticket.
        ticket: String,
    },

    /// Closing a ticket that is not resolved.
    #[error("cannot close {ticket}: it is {status}; resolve it first")]
    CloseUnresolved {
        /// The ticket.
        ticket: String,
        /// Its status.
        status: Status,
    },

    /// Working (open, in progress) a resolved or closed ticket.
    #[error("{ticket} is {status}: reopen it to work it again")]
    WorkInactive {
        /// The ticket.
        ticket: String,
        /// Its status.
        status: Status,
    },

    /// Pending without saying what it waits for.
    #[error("pending needs a reason: one of {names}")]
    PendingWithoutReason {
        /// The reasons there are.
        names: String,
    },

    /// A priority set by hand without a reason.
    #[error("priority={priority} overrides the impact x urgency matrix and needs a reason (or use priority=auto)")]
    PriorityWithoutReason {
        /// The priority asked for.
        priority: String,
    },

    /// An assignment that names nobody and no team.
    #[error("nothing to assign: give an assignee, a team or an owner")]
    NothingToAssign,

    /// A root-cause analysis with no field.
    #[error("nothing to record: give a field of the analysis or the known-error flag")]
    NothingToRecord,

    /// A vendor handoff that does not name the vendor.
    #[error("{ticket} is not with a vendor yet: name the vendor")]
    NoVendor {
        /// The ticket.
        ticket: String,
    },

    /// A root-cause analysis on a ticket that is not a problem record.
    #[error("{ticket} is {article} {kind}: root-cause analyses belong to problem records; open one from it")]
    NotAProblem {
        /// The ticket.
        ticket: String,
        /// `a` or `an`.
        article: &'static str,
        /// Its type.
        kind: String,
    },

    /// A link to a problem record whose target is not one.
    #[error("{ticket} is {article} {kind}, not a problem record: link to a ticket of type problem (or make it one)")]
    LinkToNonProblem {
        /// The ticket linked to.
        ticket: String,
        /// `a` or `an`.
        article: &'static str,
        /// Its type.
        kind: String,
    },

    /// Resolving a problem (with its fix) that is not a problem record.
    #[error("{ticket} is {article} {kind}, not a problem record: resolve it as any other ticket")]
    ResolveNonProblem {
        /// The ticket.
        ticket: String,
        /// `a` or `an`.
        article: &'static str,
        /// Its type.
        kind: String,
    },

    /// An article changed (beyond deflections) while a person was rewriting it.
    #[error("{path} changed while it was being edited: nothing was written")]
    ArticleChanged {
        /// The article's file.
        path: String,
        /// Its slug.
        slug: String,
    },

    /// A problem record named as one of a new problem's incidents.
    #[error("{ticket} is itself a problem record: a problem is opened from incidents (relate problems to each other instead)")]
    ProblemAsIncident {
        /// The ticket.
        ticket: String,
    },

    /// Escalating one up a ticket that is at the highest tier already.
    #[error("{ticket} is already at L{tier}, the highest tier: nothing to escalate to")]
    AtTopTier {
        /// The ticket.
        ticket: String,
        /// Its tier, the highest.
        tier: Tier,
    },
}

impl Refusal {
    /// The ticket the refusal names, to be renamed (by its shortest unique id, say).
    pub fn ticket_mut(&mut self) -> Option<&mut String> {
        match self {
            Refusal::NotActive { ticket, .. }
            | Refusal::EscalateDown { ticket, .. }
            | Refusal::DeescalateUp { ticket, .. }
            | Refusal::ResolveWithoutResolution { ticket }
            | Refusal::CloseUnresolved { ticket, .. }
            | Refusal::WorkInactive { ticket, .. }
            | Refusal::NoVendor { ticket }
            | Refusal::NotAProblem { ticket, .. }
            | Refusal::LinkToNonProblem { ticket, .. }
            | Refusal::ResolveNonProblem { ticket, .. }
            | Refusal::ProblemAsIncident { ticket }
            | Refusal::AtTopTier { ticket, .. } => Some(ticket),
            Refusal::Empty(_)
            | Refusal::PendingWithoutReason { .. }
            | Refusal::PriorityWithoutReason { .. }
            | Refusal::NothingToAssign
            | Refusal::NothingToRecord
            | Refusal::ArticleChanged { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_no_command_and_no_option() {
        let ticket = || "4f2a9c1d".to_string();
        let (from, to) = (Tier::new(2).unwrap(), Tier::new(1).unwrap());
        let all = [
            Refusal::Empty(Text::Comment),
            Refusal::Empty(Text::EscalationReason),
            Refusal::Empty(Text::Reason),
            Refusal::Empty(Text::Resolution),
            Refusal::Empty(Text::Title),
            Refusal::NotActive {
                verb: "escalate",
                ticket: ticket(),
                status: Status::Closed,
            },
            Refusal::EscalateDown {
                ticket: ticket(),
                from,
                to,
            },
            Refusal::DeescalateUp {
                ticket: ticket(),
                from: to,
                to: from,
            },
            Refusal::ResolveWithoutResolution { ticket: ticket() },
            Refusal::CloseUnresolved {
                ticket: ticket(),
                status: Status::Open,
            },
            Refusal::WorkInactive {
                ticket: ticket(),
                status: Status::Resolved,
            },
            Refusal::PendingWithoutReason {
                names: "customer, vendor".into(),
            },
            Refusal::PriorityWithoutReason {
                priority: "P1".into(),
            },
            Refusal::NothingToAssign,
            Refusal::NothingToRecord,
            Refusal::NoVendor { ticket: ticket() },
            Refusal::NotAProblem {
                ticket: ticket(),
                article: "an",
                kind: "incident".into(),
            },
            Refusal::ProblemAsIncident { ticket: ticket() },
            Refusal::AtTopTier {
                ticket: ticket(),
                tier: from,
            },
            Refusal::ArticleChanged {
                path: "kb/vpn.md".into(),
                slug: "vpn".into(),
            },
            Refusal::LinkToNonProblem {
                ticket: ticket(),
                article: "an",
                kind: "incident".into(),
            },
            Refusal::ResolveNonProblem {
                ticket: ticket(),
                article: "a",
                kind: "request".into(),
            },
        ];
        for refusal in all {
            let message = refusal.to_string();
            for word in ["--", "git desk", "-m ", "=TEXT", "`"] {
                assert!(!message.contains(word), "{message:?} names {word:?}");
            }
        }
    }
}
