//! The domain: tickets, their events and the pure fold from one to the other.

pub mod binary;
mod canonical;
pub mod event;
pub mod field;
pub mod fields;
pub mod id;
pub mod mail;
pub mod ticket;
pub mod types;

pub use event::{Action, Event, Filing, Rca, Relation, Vendor};
pub use field::{Field, FieldSpec};
pub use id::{IdSource, TicketId};
pub use mail::{Attachment, Notice, Received};
pub use ticket::{Ticket, TicketState};
pub use types::{
    Grade, PendingReason, Priority, PriorityMatrix, Status, StatusCategory, TicketType, Tier,
};
