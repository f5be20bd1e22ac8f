//! A notice as mail: the headers that let mail clients thread it and keep auto-replies
//! from answering it, and a plain-text UTF-8 body. Building the message (encoded words,
//! transfer encoding, folding) is lettre's job; this module decides what goes in it.

use std::fmt;
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use lettre::message::header::{ContentType, HeaderName, HeaderValue, MIME_VERSION_1_0};
use lettre::message::{Mailbox as LettreMailbox, Message};
use lettre::Address;
use thiserror::Error;

use crate::text::one_line;

/// A display name and an address, as on a `From:` line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    /// The name mail clients show (`IT Service Desk`); none shows the bare address.
    pub name: Option<String>,
    /// The address itself (`support@example.com`).
    pub address: String,
}

/// One notice, ready to be turned into a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outgoing {
    /// The desk: `[mail] name` and `address` from desk.toml.
    pub from: Mailbox,
    /// The people it goes to: bare addresses, at least one.
    pub to: Vec<String>,
    /// The subject, tag included (`[desk #4f2a9c] VPN drops every 10 minutes`).
    pub subject: String,
    /// The notice's own Message-ID, without the angle brackets.
    pub message_id: String,
    /// The message this one answers (the ticket's last mail), without angle brackets.
    pub in_reply_to: Option<String>,
    /// The thread so far, oldest first, without angle brackets.
    pub references: Vec<String>,
    /// When the notice was written (the desk's clock, so tests can pin it).
    pub date: DateTime<Utc>,
    /// The text, UTF-8, lines separated by `\n`.
    pub body: String,
    /// The ticket's id, sent as `X-Desk-Ticket` so the desk knows its own mail.
    pub ticket: String,
}

/// Which address of a notice was wrong: the fix differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressRole {
    /// The desk's own address (`[mail] address` in desk.toml).
    Desk,
    /// A person the notice goes to.
    Recipient,
}

impl fmt::Display for AddressRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddressRole::Desk => f.write_str("the desk's address"),
            AddressRole::Recipient => f.write_str("recipient address"),
        }
    }
}

/// Why a notice could not be turned into a message.
#[derive(Debug, Error)]
pub enum ComposeError {
    /// An address is not a valid mail address.
    #[error("{role} '{address}' is not a valid mail address ({reason}); {}", address_fix(*.role))]
    BadAddress {
        /// Whose address it is.
        role: AddressRole,
        /// The address as given.
        address: String,
        /// What the address parser said.
        reason: String,
    },
    /// A Message-ID (the notice's own or one it refers to) cannot be written in a header.
    #[error("Message-ID '{id}' cannot be sent: it must be printable ASCII without spaces or angle brackets, like 4f2a9c.1@desk.example.com")]
    BadMessageId {
        /// The id as given.
        id: String,
    },
    /// The ticket id cannot be written in a header.
    #[error("ticket id '{id}' cannot be sent in X-Desk-Ticket: it must be printable ASCII without spaces")]
    BadTicketId {
        /// The id as given.
        id: String,
    },
    /// The notice has nobody to go to.
    #[error("a notice needs at least one recipient")]
    NoRecipient,
    /// lettre refused the message for a reason the checks above do not cover.
    #[error("cannot build the message: {0}")]
    Build(String),
}

fn address_fix(role: AddressRole) -> &'static str {
    match role {
        AddressRole::Desk => "set `[mail] address` in desk.toml to one like support@example.com",
        AddressRole::Recipient => "correct the person's address on the ticket",
    }
}

/// The RFC 3834 marker that tells auto-responders (out-of-office, vacation) not to answer,
/// so a notice and an auto-reply never ping-pong.
pub const AUTO_SUBMITTED: &str = "auto-generated";

/// The header that carries the ticket id.
pub const TICKET_HEADER: &str = "X-Desk-Ticket";

/// Turns a notice into the bytes of an RFC 5322 message (CRLF line ends): `From`, `To`,
/// `Subject` (encoded words when not ASCII), `Date`, `Message-ID`, `In-Reply-To`,
/// `References`, `Auto-Submitted: auto-generated`, `X-Auto-Response-Suppress: All`
/// (the same request in Microsoft's dialect), `X-Desk-Ticket`, and a `text/plain;
/// charset=utf-8` body.
pub fn compose(mail: &Outgoing) -> Result<Vec<u8>, ComposeError> {
    Ok(message(mail)?.formatted())
}

fn message(mail: &Outgoing) -> Result<Message, ComposeError> {
    if mail.to.is_empty() {
        return Err(ComposeError::NoRecipient);
    }
    // A header is one line: a line break in a name or subject (from desk.toml, from a
    // ticket title) would end it, and lettre refuses to write one in a name.
    let name = mail
        .from
        .name
        .as_deref()
        .map(|name| one_line(name).trim().to_owned())
        .filter(|name| !name.is_empty());
    let from = LettreMailbox::new(name, parse_address(&mail.from.address, AddressRole::Desk)?);
    let mut builder = Message::builder()
        .from(from)
        .subject(one_line(&mail.subject).trim())
        .date(SystemTime::from(mail.date))
        .message_id(Some(angle(&mail.message_id)?));
    for to in &mail.to {
        builder = builder.to(LettreMailbox::new(
            None,
            parse_address(to, AddressRole::Recipient)?,
        ));
    }
    if let Some(parent) = &mail.in_reply_to {
        builder = builder.in_reply_to(angle(parent)?);
    }
    if !mail.references.is_empty() {
        // lettre keeps one References header; the ids go in it separated by spaces.
        let ids = mail
            .references
            .iter()
            .map(|id| angle(id))
            .collect::<Result<Vec<_>, _>>()?;
        builder = builder.references(ids.join(" "));
    }
    if !is_header_token(&mail.ticket) {
        return Err(ComposeError::BadTicketId {
            id: mail.ticket.clone(),
        });
    }
    builder = builder
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("Auto-Submitted"),
            AUTO_SUBMITTED.to_owned(),
        ))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("X-Auto-Response-Suppress"),
            "All".to_owned(),
        ))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str(TICKET_HEADER),
            mail.ticket.clone(),
        ));
    // A body of its own rather than a MIME part, which lettre ends with a blank line
    // that would show in the text.
    builder
        .header(MIME_VERSION_1_0)
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.clone())
        .map_err(|err| ComposeError::Build(err.to_string()))
}

fn parse_address(text: &str, role: AddressRole) -> Result<Address, ComposeError> {
    text.trim()
        .parse::<Address>()
        .map_err(|err| ComposeError::BadAddress {
            role,
            address: text.to_owned(),
            reason: err.to_string(),
        })
}

/// `id` as `<id>`, once it is known to fit in a header. Ids that already carry their
/// brackets (as copied from a received message) are taken as they are.
fn angle(id: &str) -> Result<String, ComposeError> {
    let bare = id
        .strip_prefix('<')
        .and_then(|rest| rest.strip_suffix('>'))
        .unwrap_or(id);
    if !is_header_token(bare) || bare.contains(['<', '>']) {
        return Err(ComposeError::BadMessageId { id: id.to_owned() });
    }
    Ok(format!("<{bare}>"))
}

/// Printable ASCII without spaces: text that goes into a header unencoded and unfolded.
fn is_header_token(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice() -> Outgoing {
        Outgoing {
            from: Mailbox {
                name: Some("IT Service Desk".into()),
                address: "support@example.com".into(),
            },
            to: vec!["carol@example.org".into()],
            subject: "[desk #4f2a9c] VPN drops every 10 minutes".into(),
            message_id: "4f2a9c.2@desk.example.com".into(),
            in_reply_to: Some("4f2a9c.1@desk.example.com".into()),
            references: vec![
                "orig@mail.example.org".into(),
                "4f2a9c.1@desk.example.com".into(),
            ],
            date: DateTime::parse_from_rfc3339("2026-11-22T09:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
            body: "Your ticket was resolved.\n".into(),
            ticket: "4f2a9c0011".into(),
        }
    }

    fn text(mail: &Outgoing) -> String {
        String::from_utf8(compose(mail).unwrap()).unwrap()
    }

    #[test]
    fn headers_thread_and_mark_the_notice_as_automatic() {
        let text = text(&notice());
        for line in [
            "From: \"IT Service Desk\" <support@example.com>\r\n",
            "To: carol@example.org\r\n",
            "Subject: [desk #4f2a9c] VPN drops every 10 minutes\r\n",
            "Date: Sun, 22 Nov 2026 09:00:00 +0000\r\n",
            "Message-ID: <4f2a9c.2@desk.example.com>\r\n",
            "In-Reply-To: <4f2a9c.1@desk.example.com>\r\n",
            "References: <orig@mail.example.org> <4f2a9c.1@desk.example.com>\r\n",
            "Auto-Submitted: auto-generated\r\n",
            "X-Desk-Ticket: 4f2a9c0011\r\n",
            "Content-Type: text/plain; charset=utf-8\r\n",
        ] {
            assert!(text.contains(line), "no {line:?} in\n{text}");
        }
        assert!(
            text.contains("\r\n\r\nYour ticket was resolved.\r\n"),
            "{text}"
        );
    }

    #[test]
    fn ids_given_with_brackets_are_not_bracketed_twice() {
        let mut mail = notice();
        mail.in_reply_to = Some("<x@y>".into());
        assert!(text(&mail).contains("In-Reply-To: <x@y>\r\n"));
    }

    #[test]
    fn a_first_notice_has_no_threading_headers() {
        let mut mail = notice();
        mail.in_reply_to = None;
        mail.references.clear();
        let text = text(&mail);
        assert!(!text.contains("In-Reply-To:"), "{text}");
        assert!(!text.contains("References:"), "{text}");
    }

    #[test]
    fn a_bad_recipient_is_named() {
        let mut mail = notice();
        mail.to.push("not an address".into());
        let err = compose(&mail).unwrap_err();
        assert!(
            matches!(&err, ComposeError::BadAddress { role: AddressRole::Recipient, address, .. } if address == "not an address"),
            "{err:?}"
        );
        assert!(err.to_string().contains("'not an address'"), "{err}");
    }

    #[test]
    fn a_bad_desk_address_says_where_to_fix_it() {
        let mut mail = notice();
        mail.from.address = "support".into();
        let err = compose(&mail).unwrap_err();
        assert!(err.to_string().contains("[mail] address"), "{err}");
    }

    #[test]
    fn a_message_id_that_would_break_the_header_is_refused() {
        for id in ["", "a b@c", "a\r\nBcc: x@y", "<a@b", "é@x"] {
            let mut mail = notice();
            mail.message_id = id.into();
            assert!(
                matches!(compose(&mail), Err(ComposeError::BadMessageId { .. })),
                "{id:?} was accepted"
            );
        }
        let mut mail = notice();
        mail.references.push("two words".into());
        assert!(matches!(
            compose(&mail),
            Err(ComposeError::BadMessageId { .. })
        ));
    }

    #[test]
    fn a_line_break_in_the_name_or_subject_stays_inside_its_header() {
        let mut mail = notice();
        mail.from.name = Some("IT Desk\r\nBcc: leak@example.net".into());
        mail.subject = "Printer\nBcc: leak@example.net".into();
        let text = text(&mail);
        let header = &text[..text.find("\r\n\r\n").unwrap()];
        assert!(
            !header.lines().any(|line| line.starts_with("Bcc:")),
            "{header}"
        );
        assert!(
            header.contains("Subject: Printer Bcc: leak@example.net\r\n"),
            "{header}"
        );
    }

    #[test]
    fn a_long_thread_is_folded_into_lines_mail_can_carry() {
        let mut mail = notice();
        mail.references = (0..40)
            .map(|n| format!("{n}.4f2a9c0011@desk.example.com"))
            .collect();
        mail.body = format!("{}\n", "x".repeat(2000));
        let text = text(&mail);
        assert!(text.lines().all(|line| line.len() <= 78), "{text}");
        assert!(text.contains("<39.4f2a9c0011@desk.example.com>"), "{text}");
    }

    #[test]
    fn a_notice_without_recipients_is_refused() {
        let mut mail = notice();
        mail.to.clear();
        assert!(matches!(compose(&mail), Err(ComposeError::NoRecipient)));
    }
}
