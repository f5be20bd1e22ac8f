//! Mail: the desk talking with the people it serves (SPEC 13). Messages come in through
//! `git desk mail ingest` and become tickets and comments; notices go out through
//! `git desk notify`, recorded on the tickets so that each is sent once.

pub mod compose;
pub mod deliver;
pub mod dispatch;
pub mod ingest;
pub mod mbox;
pub mod message;
pub mod notice;
pub mod reply;
pub mod template;

use crate::model::TicketId;

/// The `Message-ID` (without angle brackets) of the notice about `about` on `ticket` to
/// `to`: the same on every attempt and in every clone, so that a retried or doubly
/// claimed notice is one message to mail clients, and a reply to it names its ticket.
pub fn notice_message_id(ticket: &TicketId, about: &str, to: &str, domain: &str) -> String {
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(about.as_bytes());
    hasher.update(b"\0");
    hasher.update(to.to_ascii_lowercase().as_bytes());
    format!(
        "desk.{}.{:08x}@{domain}",
        ticket.as_str(),
        hasher.finalize()
    )
}

/// The root of a ticket's thread when it was not filed by mail: what notices name in
/// `References` so that mail clients keep them together.
pub fn thread_root(ticket: &TicketId, domain: &str) -> String {
    format!("desk.{}@{domain}", ticket.as_str())
}

/// The ticket a `Message-ID` of this desk's own names (a notice, or a thread root), if it
/// is one: how a reply finds its ticket without any index.
pub fn ticket_of_message_id(message_id: &str, domain: &str) -> Option<TicketId> {
    let (local, host) = message_id.rsplit_once('@')?;
    if !host.eq_ignore_ascii_case(domain) {
        return None;
    }
    let rest = local.strip_prefix("desk.")?;
    let id = rest.split('.').next()?;
    TicketId::parse(id).ok()
}

/// The domain of an address: what the desk's own `Message-ID`s end in.
pub fn domain_of(address: &str) -> &str {
    address.rsplit_once('@').map_or(address, |(_, d)| d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notice_ids_name_their_ticket_and_are_stable() {
        let t = TicketId::parse("4f2a9c1d7e3b5a60").unwrap();
        let a = notice_message_id(&t, "e1", "Ann@Example.org", "example.com");
        assert_eq!(
            a,
            notice_message_id(&t, "e1", "ann@example.org", "example.com")
        );
        assert_ne!(
            a,
            notice_message_id(&t, "e2", "ann@example.org", "example.com")
        );
        assert_eq!(ticket_of_message_id(&a, "example.com"), Some(t.clone()));
        assert_eq!(
            ticket_of_message_id(&thread_root(&t, "example.com"), "EXAMPLE.com"),
            Some(t)
        );
        assert_eq!(ticket_of_message_id(&a, "other.org"), None);
        assert_eq!(
            ticket_of_message_id("CAF123@mail.gmail.com", "example.com"),
            None
        );
    }
}
