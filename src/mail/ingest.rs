//! Mail in: what an incoming message is to the desk. A message is read once into the
//! small parts the desk keeps (its ids, sender, subject, trimmed text, the names and
//! sizes of its files); its original and attachments go to the object store as they are
//! read, so a mailbox of any size is never held in memory. Then, against the desk's
//! tickets, it is threaded onto a ticket (by `In-Reply-To`, then `References`, against
//! the Message-IDs the desk sent or received; then by the subject tag), or it files a
//! new ticket, or it is kept aside under `mail/rejected/` with the reason.

use std::collections::HashMap;

use crate::config::{is_address, MailConfig};
use crate::error::DeskError;
use crate::model::{TicketId, TicketState};
use crate::store::BlobId;

use super::message::{self, Message};
use super::reply::{clean_subject, reply_text, subject_tag};
use super::ticket_of_message_id;

/// The longest text kept from one message (in bytes); the whole message stays in its
/// original.
const MAX_TEXT: usize = 64 * 1024;

/// A message as the desk takes it in: its original in the object store, and what could
/// be read of it.
#[derive(Debug, Clone)]
pub struct Incoming {
    /// A stable name from its bytes (16 hex digits): what it is kept under when rejected.
    pub name: String,
    /// The original as kept: the whole message, or over [`original_limit`] its header
    /// block and a line saying what was left out.
    pub original: BlobId,
    /// Its size as delivered, in bytes.
    pub size: u64,
    /// Whether the original kept is only its header block.
    pub cut: bool,
    /// What the desk reads of it, or why it cannot be used (no header block, no From).
    pub content: Result<Letter, String>,
}

/// What the desk keeps of a usable message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    /// Its Message-ID without angle brackets; made from its bytes when it had none.
    pub message_id: String,
    /// The ids it answers (In-Reply-To).
    pub in_reply_to: Vec<String>,
    /// The ids of its thread (References), oldest first.
    pub references: Vec<String>,
    /// The sender's address, lowercased.
    pub from: String,
    /// The sender's display name.
    pub name: Option<String>,
    /// The subject as sent (decoded).
    pub subject: String,
    /// What the sender wrote: quotes and signature trimmed.
    pub text: String,
    /// Its files.
    pub attachments: Vec<Piece>,
    /// Why a machine sent it (auto-reply, bounce, list), when one did.
    pub automatic: Option<String>,
}

/// A file a message carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Its safe file name.
    pub name: String,
    /// Its MIME type.
    pub content_type: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its blob, when it was within `[mail] max_attachment`.
    pub blob: Option<BlobId>,
}

/// Where a message's blobs go: written to the object store, or (for a dry run) only
/// hashed.
pub type BlobStore<'a> = dyn FnMut(&[u8]) -> Result<BlobId, DeskError> + 'a;

/// The largest original kept whole: twice `max_attachment` (a message carrying a file
/// within the limit is kept whole despite base64's growth), at least 1 MiB. A larger
/// one keeps only its header block: its text and its files within the limit are on the
/// ticket anyway.
pub fn original_limit(settings: &MailConfig) -> u64 {
    settings.max_attachment.saturating_mul(2).max(1 << 20)
}

impl Incoming {
    /// Reads a raw message, putting its original and attachments through `store`.
    pub fn read(
        raw: &[u8],
        settings: &MailConfig,
        store: &mut BlobStore<'_>,
    ) -> Result<Incoming, DeskError> {
        let size = raw.len() as u64;
        let cut = size > original_limit(settings);
        let (original, name) = if cut {
            let kept = header_block_with_note(raw, settings);
            (store(&kept)?, crate::store::Desk::blob_id(raw)?.short())
        } else {
            let blob = store(raw)?;
            (blob, blob.short())
        };
        let content = match message::parse(raw) {
            Err(e) => Err(e.to_string()),
            Ok(m) => letter(m, &name, settings, store)?,
        };
        Ok(Incoming {
            name,
            original,
            size,
            cut,
            content,
        })
    }
}

/// The parts kept of a parsed message; `Err` with the reason when it cannot be used.
fn letter(
    m: Message,
    name: &str,
    settings: &MailConfig,
    store: &mut BlobStore<'_>,
) -> Result<Result<Letter, String>, DeskError> {
    let Some(from) = m.from else {
        return Ok(Err(
            "it has no From address: nobody to file it for or answer".to_string(),
        ));
    };
    if !is_address(&from.address) {
        return Ok(Err(format!(
            "its From '{}' is not an email address",
            from.address
        )));
    }
    let mut attachments = Vec::with_capacity(m.attachments.len());
    for a in m.attachments {
        let size = a.bytes.len() as u64;
        let blob = if size <= settings.max_attachment {
            Some(store(&a.bytes)?)
        } else {
            None
        };
        attachments.push(Piece {
            name: a.name,
            content_type: a.content_type,
            size,
            blob,
        });
    }
    let mut text = reply_text(&m.text).trim().to_string();
    if text.len() > MAX_TEXT {
        let mut end = MAX_TEXT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str("\n[... cut: the whole message is kept as its original]");
    }
    let domain = super::domain_of(&settings.address);
    Ok(Ok(Letter {
        message_id: m
            .message_id
            .unwrap_or_else(|| format!("no-id.{name}@{domain}")),
        in_reply_to: m.in_reply_to,
        references: m.references,
        from: from.address,
        name: from.name,
        subject: m.subject,
        text,
        attachments,
        automatic: m.automatic.map(|a| a.to_string()),
    }))
}

/// The header block of a message too large to keep, and a line saying what was left out.
fn header_block_with_note(raw: &[u8], settings: &MailConfig) -> Vec<u8> {
    let end = find(raw, b"\r\n\r\n")
        .map(|i| i + 2)
        .or_else(|| find(raw, b"\n\n").map(|i| i + 1))
        .unwrap_or(raw.len().min(64 * 1024));
    let mut kept = raw[..end.min(256 * 1024)].to_vec();
    kept.extend_from_slice(
        format!(
            "\n[git-desk: the body of this message ({} bytes) was left out: a message over {} bytes keeps only its headers; its text and its files within max_attachment are on the ticket]\n",
            raw.len(),
            original_limit(settings)
        )
        .as_bytes(),
    );
    kept
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The Message-IDs the desk knows (received on tickets, or seen earlier in the batch),
/// each with the ticket it is on; built once from the tickets' summaries.
#[derive(Debug, Default)]
pub struct Threads {
    ids: HashMap<String, Option<TicketId>>,
}

impl Threads {
    /// The Message-IDs received on these tickets.
    pub fn of<'a>(tickets: impl IntoIterator<Item = &'a TicketState>) -> Threads {
        let mut threads = Threads::default();
        for t in tickets {
            for id in &t.message_ids {
                threads.add(id, Some(t.id.clone()));
            }
        }
        threads
    }

    /// Notes a message taken in: on a ticket, or kept aside (`None`).
    pub fn add(&mut self, message_id: &str, ticket: Option<TicketId>) {
        self.ids.insert(message_id.to_string(), ticket);
    }

    /// Whether a message with this id was taken in before.
    pub fn seen(&self, message_id: &str) -> bool {
        self.ids.contains_key(message_id)
    }

    /// The ticket a message taken in before went to; `None` when it was kept aside or
    /// not seen.
    pub fn ticket(&self, message_id: &str) -> Option<&TicketId> {
        self.ids.get(message_id).and_then(Option::as_ref)
    }
}

/// How a message found its ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadedBy {
    /// Its own Message-ID is one the desk made (a notice that came back).
    OwnId,
    /// In-Reply-To names a message of the ticket.
    InReplyTo,
    /// References names a message of the ticket.
    References,
    /// The subject carries the ticket's tag.
    Tag,
}

impl ThreadedBy {
    /// In words, for listings.
    pub fn as_str(self) -> &'static str {
        match self {
            ThreadedBy::OwnId => "own-message-id",
            ThreadedBy::InReplyTo => "in-reply-to",
            ThreadedBy::References => "references",
            ThreadedBy::Tag => "subject-tag",
        }
    }
}

/// What becomes of a usable message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Its Message-ID was taken in before: recorded once.
    Duplicate,
    /// It belongs to a ticket.
    Reply {
        /// The ticket.
        ticket: TicketId,
        /// How it was found.
        by: ThreadedBy,
    },
    /// It files a new ticket.
    New,
    /// It is kept aside: machine mail that belongs to no ticket.
    Aside(String),
}

/// Decides what a message is: a duplicate, a reply (its In-Reply-To, then its
/// References newest first, against the desk's own Message-IDs and those received; then
/// the subject tag, which `resolve` turns into a ticket), a new ticket, or machine mail
/// that belongs nowhere.
pub fn decide(
    letter: &Letter,
    threads: &Threads,
    settings: &MailConfig,
    resolve: &mut dyn FnMut(&str) -> Option<TicketId>,
) -> Decision {
    if threads.seen(&letter.message_id) {
        return Decision::Duplicate;
    }
    let domain = super::domain_of(&settings.address);
    let known = |id: &str| ticket_of_message_id(id, domain).or_else(|| threads.ticket(id).cloned());
    if let Some(ticket) = ticket_of_message_id(&letter.message_id, domain) {
        return Decision::Reply {
            ticket,
            by: ThreadedBy::OwnId,
        };
    }
    if let Some(ticket) = letter.in_reply_to.iter().find_map(|id| known(id)) {
        return Decision::Reply {
            ticket,
            by: ThreadedBy::InReplyTo,
        };
    }
    if let Some(ticket) = letter.references.iter().rev().find_map(|id| known(id)) {
        return Decision::Reply {
            ticket,
            by: ThreadedBy::References,
        };
    }
    if let Some(ticket) = subject_tag(&letter.subject, &settings.tag).and_then(|p| resolve(&p)) {
        return Decision::Reply {
            ticket,
            by: ThreadedBy::Tag,
        };
    }
    match machine_mail(letter, settings) {
        Some(why) => Decision::Aside(format!("{why}: it belongs to no ticket")),
        None => Decision::New,
    }
}

/// Why a message must never file a ticket or be a public comment: a machine sent it
/// (auto-reply, bounce, list), or it carries one of the desk's own Message-IDs (a
/// notice that came back).
pub fn machine_mail(letter: &Letter, settings: &MailConfig) -> Option<String> {
    if let Some(why) = &letter.automatic {
        return Some(why.clone());
    }
    let domain = super::domain_of(&settings.address);
    let own = letter
        .message_id
        .rsplit_once('@')
        .is_some_and(|(local, host)| {
            local.starts_with("desk.") && host.eq_ignore_ascii_case(domain)
        });
    own.then(|| format!("its Message-ID <{}> is the desk's own", letter.message_id))
}

/// Whether a reply is a public comment, or an internal note and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Visibility {
    /// A public comment.
    Public,
    /// An internal note, for this reason.
    Note(String),
}

/// How a reply to a ticket is recorded: machine mail and the desk's own messages are
/// notes; mail from the reporter or a member of the desk's teams is public; mail from
/// anyone else is a note unless `[mail] open_replies = true`.
pub fn visibility(
    letter: &Letter,
    reporter: &str,
    member: bool,
    settings: &MailConfig,
) -> Visibility {
    if let Some(why) = machine_mail(letter, settings) {
        return Visibility::Note(format!("sent by a machine: {why}"));
    }
    if letter.from.eq_ignore_ascii_case(reporter) || member || settings.open_replies {
        return Visibility::Public;
    }
    Visibility::Note(format!(
        "{} is neither the reporter nor a member of the desk's teams ([mail] open_replies makes such mail public)",
        letter.from
    ))
}

/// The title of a ticket a message files: its subject without reply prefixes and tag.
pub fn title(letter: &Letter, settings: &MailConfig) -> String {
    let title = clean_subject(&letter.subject, &settings.tag);
    if title.is_empty() {
        "(no subject)".to_string()
    } else {
        title
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> MailConfig {
        MailConfig {
            address: "support@example.com".into(),
            name: "IT".into(),
            tag: "desk".into(),
            max_attachment: 1024,
            open_replies: false,
            notice_window: 86_400,
            since: None,
        }
    }

    fn letter(id: &str) -> Letter {
        Letter {
            message_id: id.into(),
            in_reply_to: Vec::new(),
            references: Vec::new(),
            from: "ann@example.org".into(),
            name: None,
            subject: "VPN drops".into(),
            text: "It drops.".into(),
            attachments: Vec::new(),
            automatic: None,
        }
    }

    fn ticket(c: char) -> TicketId {
        TicketId::parse(&c.to_string().repeat(16)).unwrap()
    }

    fn no_tags(_: &str) -> Option<TicketId> {
        None
    }

    #[test]
    fn replies_thread_by_in_reply_to_then_references_then_the_tag() {
        let s = settings();
        let mut threads = Threads::default();
        threads.add("first@example.org", Some(ticket('a')));
        threads.add("second@example.org", Some(ticket('b')));

        let mut m = letter("new@example.org");
        assert_eq!(decide(&m, &threads, &s, &mut no_tags), Decision::New);

        m.references = vec!["first@example.org".into(), "second@example.org".into()];
        assert_eq!(
            decide(&m, &threads, &s, &mut no_tags),
            Decision::Reply {
                ticket: ticket('b'),
                by: ThreadedBy::References
            },
            "the newest reference the desk knows wins"
        );
        m.in_reply_to = vec!["first@example.org".into()];
        assert_eq!(
            decide(&m, &threads, &s, &mut no_tags),
            Decision::Reply {
                ticket: ticket('a'),
                by: ThreadedBy::InReplyTo
            },
            "In-Reply-To comes before References"
        );

        // A notice's Message-ID names its ticket without any index.
        let notice =
            crate::mail::notice_message_id(&ticket('c'), "e1", "ann@example.org", "example.com");
        let mut m = letter("reply@example.org");
        m.in_reply_to = vec![notice];
        m.subject = "Re: [desk #dddddd] VPN".into();
        assert_eq!(
            decide(&m, &threads, &s, &mut |_| Some(ticket('d'))),
            Decision::Reply {
                ticket: ticket('c'),
                by: ThreadedBy::InReplyTo
            }
        );

        let mut m = letter("tagged@example.org");
        m.subject = "RE: [desk #dddddd] VPN".into();
        let mut asked = Vec::new();
        let got = decide(&m, &threads, &s, &mut |p| {
            asked.push(p.to_string());
            Some(ticket('d'))
        });
        assert_eq!(
            got,
            Decision::Reply {
                ticket: ticket('d'),
                by: ThreadedBy::Tag
            }
        );
        assert_eq!(asked, ["dddddd"]);
        // A tag that names no ticket files a new one.
        assert_eq!(decide(&m, &threads, &s, &mut no_tags), Decision::New);
    }

    #[test]
    fn a_message_seen_before_is_a_duplicate() {
        let s = settings();
        let mut threads = Threads::default();
        threads.add("once@example.org", Some(ticket('a')));
        threads.add("aside@example.org", None);
        for id in ["once@example.org", "aside@example.org"] {
            assert_eq!(
                decide(&letter(id), &threads, &s, &mut no_tags),
                Decision::Duplicate
            );
        }
    }

    #[test]
    fn machine_mail_never_files_a_ticket_and_is_a_note_on_one() {
        let s = settings();
        let mut threads = Threads::default();
        threads.add("first@example.org", Some(ticket('a')));
        let mut m = letter("ooo@example.org");
        m.automatic = Some("auto-reply (Auto-Submitted: auto-replied)".into());
        assert!(matches!(
            decide(&m, &threads, &s, &mut no_tags),
            Decision::Aside(why) if why.contains("auto-reply")
        ));
        m.in_reply_to = vec!["first@example.org".into()];
        assert!(matches!(
            decide(&m, &threads, &s, &mut no_tags),
            Decision::Reply { .. }
        ));
        assert!(matches!(
            visibility(&m, "ann@example.org", false, &s),
            Visibility::Note(why) if why.contains("machine")
        ));

        // The desk's own notice, come back: onto its ticket, as a note.
        let own =
            crate::mail::notice_message_id(&ticket('c'), "e1", "x@example.org", "example.com");
        let m = letter(&own);
        assert_eq!(
            decide(&m, &threads, &s, &mut no_tags),
            Decision::Reply {
                ticket: ticket('c'),
                by: ThreadedBy::OwnId
            }
        );
        assert!(matches!(
            visibility(&m, "ann@example.org", false, &s),
            Visibility::Note(_)
        ));
        // An id of the desk's own shape that names no ticket still files nothing.
        let m = letter("desk.not-an-id@example.com");
        assert!(matches!(
            decide(&m, &threads, &s, &mut no_tags),
            Decision::Aside(why) if why.contains("the desk's own")
        ));
    }

    #[test]
    fn strangers_write_notes_unless_replies_are_open() {
        let mut s = settings();
        let m = letter("x@example.org");
        assert_eq!(
            visibility(&m, "ANN@example.org", false, &s),
            Visibility::Public
        );
        assert_eq!(
            visibility(&m, "bob@example.org", true, &s),
            Visibility::Public
        );
        assert!(matches!(
            visibility(&m, "bob@example.org", false, &s),
            Visibility::Note(why) if why.contains("ann@example.org") && why.contains("open_replies")
        ));
        s.open_replies = true;
        assert_eq!(
            visibility(&m, "bob@example.org", false, &s),
            Visibility::Public
        );
    }

    #[test]
    fn unusable_and_oversized_messages_are_read_without_losing_them() {
        let s = settings();
        let stored = std::cell::RefCell::new(Vec::<Vec<u8>>::new());
        let mut store = |b: &[u8]| {
            stored.borrow_mut().push(b.to_vec());
            crate::store::Desk::blob_id(b)
        };
        let garbage = Incoming::read(b"\x89PNG\r\n\x1a\n\x00\x01", &s, &mut store).unwrap();
        assert!(garbage.content.is_err());
        let no_from =
            Incoming::read(b"Subject: hi\nMessage-ID: <a@b>\n\nhello\n", &s, &mut store).unwrap();
        assert!(matches!(&no_from.content, Err(why) if why.contains("From")));

        let mut big = b"From: ann@example.org\nSubject: big\n\n".to_vec();
        big.extend(vec![b'x'; 2 << 20]);
        stored.borrow_mut().clear();
        let big = Incoming::read(&big, &s, &mut store).unwrap();
        assert!(big.cut);
        let kept = stored.borrow()[0].clone();
        assert!(kept.len() < 1024, "only the header block is kept");
        assert!(String::from_utf8_lossy(&kept).contains("left out"));
        let letter = big.content.unwrap();
        assert!(
            letter.message_id.starts_with("no-id."),
            "{}",
            letter.message_id
        );
        assert!(letter.text.len() <= MAX_TEXT + 100);

        // The same bytes make the same Message-ID: a second delivery is a duplicate.
        let raw = b"From: ann@example.org\nSubject: hi\n\nhello\n";
        let a = Incoming::read(raw, &s, &mut store)
            .unwrap()
            .content
            .unwrap();
        let b = Incoming::read(raw, &s, &mut store)
            .unwrap()
            .content
            .unwrap();
        assert_eq!(a.message_id, b.message_id);
    }
}
