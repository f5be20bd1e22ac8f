//! A change to the desk as data: what one command asks for, with its parameters typed.
//! The CLI, the demo and any other consumer build a [`Change`] and hand it to
//! [`Desk::apply`](crate::store::Desk::apply), which decides everything else.

use crate::error::DeskError;
use crate::kb::Article;
use crate::mail::ingest::Incoming;
use crate::model::{Filing, Priority, Rca, Relation, Status, Ticket, Tier, Vendor};

/// One change, as a person asks for it. Ticket ids are not part of it: they are the
/// targets given beside it (none for filing).
#[derive(Debug, Clone)]
pub enum Change {
    /// File a new ticket (`new`).
    File(NewTicket),
    /// The acting person assigns the targets to themselves (`take`).
    Take,
    /// Assign to a person and/or team; `Some("")` clears (`assign`).
    Assign {
        /// The assignee's email.
        to: Option<String>,
        /// A team of desk.toml.
        team: Option<String>,
        /// The Level 1 owner.
        owner: Option<String>,
    },
    /// Up one tier, or to `to` (`escalate`).
    Escalate {
        /// The tier to go to; one up when `None`.
        to: Option<Tier>,
        /// Why it needs the higher tier.
        reason: String,
    },
    /// Back down to `to` (`deescalate`).
    Deescalate {
        /// The tier to hand back to.
        to: Tier,
        /// Why.
        reason: String,
    },
    /// A plain status move (`status`).
    Status {
        /// The status wanted.
        to: Status,
        /// Why (for pending: what it waits for).
        reason: Option<String>,
    },
    /// Status in-progress (`start`).
    Start,
    /// Status pending, waiting for `reason` (`pend`).
    Pend {
        /// customer, vendor, change or problem.
        reason: String,
    },
    /// Resolve with a resolution (`resolve`).
    Resolve {
        /// What fixed it.
        resolution: String,
        /// A resolution code.
        code: Option<String>,
        /// The knowledge-base article that resolved it, linked both ways.
        kb: Option<String>,
    },
    /// Close a resolved ticket (`close`).
    Close,
    /// Work a resolved or closed ticket again (`reopen`).
    Reopen {
        /// Why it is back.
        reason: String,
    },
    /// A public update, or an internal note (`comment`).
    Comment {
        /// The text.
        text: String,
        /// A note for staff only.
        internal: bool,
    },
    /// `FIELD=VALUE` assignments, each seeing what the ones before it left (`set`).
    Set {
        /// Field and value, in order.
        fields: Vec<(String, String)>,
        /// Why (a priority override needs one).
        reason: Option<String>,
    },
    /// A relation to another ticket (an id prefix) or to an article (a slug) (`link`).
    Link {
        /// The relation.
        relation: Relation,
        /// The other ticket's id prefix, or the article's slug.
        target: String,
    },
    /// A problem's root-cause analysis and known-error flag (`rca`).
    Rca {
        /// The fields given.
        rca: Rca,
        /// Whether it is a known error.
        known_error: Option<bool>,
    },
    /// Hand to an outside vendor, or update what is known of the vendor's work (`vendor`).
    Vendor(Vendor),
    /// Fields as a person rewrote them, each changed one an event (`edit`).
    Edit {
        /// The fields and their new values; fields left out stay.
        fields: toml::Table,
    },
    /// Customer satisfaction, 1-5 (`rate`).
    Rate {
        /// The score.
        score: i64,
        /// What the customer said.
        comment: Option<String>,
    },
    /// A new knowledge-base article (`kb new`).
    KbNew(Article),
    /// An article as a person rewrote it (`kb edit`). Deflections recorded meanwhile
    /// are kept; any other change made meanwhile refuses it.
    KbEdit {
        /// The article as it was when the edit began.
        before: Box<Article>,
        /// The article as written.
        after: Box<Article>,
    },
    /// An article from the target ticket's analysis or resolution (`kb publish`).
    KbPublish {
        /// The slug; from the title when `None`.
        slug: Option<String>,
        /// Tags beside the ticket's labels and service.
        tags: Vec<String>,
    },
    /// Someone found the answer in an article instead of filing a ticket.
    Deflect {
        /// The article that answered.
        slug: String,
        /// What they were about to file.
        query: String,
    },
    /// A new desk.toml, checked by the caller (`config edit`).
    Config {
        /// The file's text.
        text: String,
    },
    /// desk.toml's escalation rules on every ticket they match (`sweep`).
    Sweep,
    /// A problem record caused by the target incidents, linked both ways (`problem new`).
    ProblemNew {
        /// Its title.
        title: String,
        /// What is known so far.
        description: String,
    },
    /// Resolve the target problem with its fix, and perhaps its open incidents too
    /// (`problem resolve`).
    ProblemResolve {
        /// The permanent fix.
        fix: String,
        /// Also resolve the linked incidents still active.
        resolve_incidents: bool,
    },
    /// Tickets made elsewhere, added whole, ids and events included (`import`).
    Import {
        /// The tickets, in the order of their rows.
        tickets: Vec<Ticket>,
        /// Where they come from, as the commit subject names it: the file's name.
        source: String,
        /// Leave out tickets whose `external_ref` a ticket on the desk already carries,
        /// so that importing a newer export adds only what is new.
        skip_imported: bool,
    },
    /// Mail taken in: each message files a ticket or goes onto one, as one commit
    /// (`mail ingest`). Read beforehand, its blobs already in the object store, so a
    /// retried commit reads nothing again.
    Mail(Vec<Incoming>),
    /// Claim the notices due (`notified` events), each with its message (`notify`).
    Notify,
    /// Record how sending claimed notices went (`delivery` events), after `Notify`.
    Delivered {
        /// Each notice sent or tried: its ticket, its `Message-ID`, and why it failed.
        outcomes: Vec<Delivered>,
    },
}

/// How sending one claimed notice went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    /// The ticket the notice is about.
    pub ticket: crate::model::TicketId,
    /// The notice's `Message-ID`.
    pub message_id: String,
    /// Why it failed; `None` when it was handed over.
    pub failure: Option<String>,
}

/// A ticket to file: what the reporter said, and the choices made explicitly, which win
/// over desk.toml's routing rules.
#[derive(Debug, Clone)]
pub struct NewTicket {
    /// What was reported; its tier, team and assignee may be routed.
    pub filing: Filing,
    /// The tier it starts at, whatever the routing says.
    pub tier: Option<Tier>,
    /// The assignee, whatever the routing says.
    pub assignee: Option<String>,
    /// The Level 1 owner.
    pub owner: Option<String>,
    /// A priority set by hand, and why.
    pub priority: Option<(Priority, String)>,
}

impl NewTicket {
    /// A ticket filed as reported, to be routed.
    pub fn new(filing: Filing) -> NewTicket {
        NewTicket {
            filing,
            tier: None,
            assignee: None,
            owner: None,
            priority: None,
        }
    }
}

impl Change {
    /// The verb: the commit subject's first word, the `Desk-Action` trailer, and the
    /// action `[permissions.actions]` names.
    pub fn verb(&self) -> &'static str {
        match self {
            Change::File(_) => "new",
            Change::Take => "take",
            Change::Assign { .. } => "assign",
            Change::Escalate { .. } => "escalate",
            Change::Deescalate { .. } => "deescalate",
            Change::Status { .. } => "status",
            Change::Start => "start",
            Change::Pend { .. } => "pend",
            Change::Resolve { .. } => "resolve",
            Change::Close => "close",
            Change::Reopen { .. } => "reopen",
            Change::Comment {
                internal: false, ..
            } => "comment",
            Change::Comment { internal: true, .. } => "note",
            Change::Set { .. } => "set",
            Change::Link { .. } => "link",
            Change::Rca { .. } => "rca",
            Change::Vendor(_) => "vendor",
            Change::Rate { .. } => "rate",
            Change::Edit { .. } => "edit",
            Change::KbNew(_) | Change::KbEdit { .. } | Change::KbPublish { .. } => "kb",
            Change::Config { .. } => "config",
            Change::Deflect { .. } => "deflect",
            Change::Sweep => "sweep",
            Change::ProblemNew { .. } => "problem",
            Change::ProblemResolve { .. } => "problem-resolve",
            Change::Import { .. } => "import",
            Change::Mail(_) => "mail",
            Change::Notify => "notify",
            Change::Delivered { .. } => "delivery",
        }
    }

    /// Checks what can be checked without the desk: a comment's text.
    pub fn check(&self) -> Result<(), DeskError> {
        if let Change::Comment { text, internal } = self {
            super::comment(text, *internal)?;
        }
        Ok(())
    }
}
