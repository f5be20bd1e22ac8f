//! Reading one incoming message: who sent it, what it answers, its text and its files,
//! and whether a machine sent it. The MIME structure, header encodings (RFC 2047) and
//! charsets are mail-parser's work; this module decides what the desk takes from them.

use chrono::{DateTime, TimeZone, Utc};
use mail_parser::{Address, HeaderValue, MessageParser, MimeHeaders, PartType};
use thiserror::Error;

/// A message as the desk reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The Message-ID, without angle brackets; `None` when the message has none.
    pub message_id: Option<String>,
    /// The ids in In-Reply-To, without angle brackets.
    pub in_reply_to: Vec<String>,
    /// The ids in References, oldest first, without angle brackets.
    pub references: Vec<String>,
    /// The first address of From; `None` when the message names no sender.
    pub from: Option<Mailbox>,
    /// Every address of To (groups flattened).
    pub to: Vec<Mailbox>,
    /// Every address of Cc (groups flattened).
    pub cc: Vec<Mailbox>,
    /// The subject, decoded (RFC 2047) and trimmed; empty when missing.
    pub subject: String,
    /// The Date header, when present and valid.
    pub date: Option<DateTime<Utc>>,
    /// The text/plain body, else the HTML body turned into text, decoded from its
    /// charset, with CRLF line ends turned into LF.
    pub text: String,
    /// Files carried by the message: attachments, inline images and attached messages;
    /// never the text or HTML bodies themselves.
    pub attachments: Vec<Attachment>,
    /// Why the message came from a machine rather than a person; such mail must not
    /// open a ticket or trigger notices.
    pub automatic: Option<Automatic>,
}

/// One address of a From, To or Cc header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    /// The address, lowercased so that the same person always compares equal.
    pub address: String,
    /// The display name, decoded; `None` when absent or blank.
    pub name: Option<String>,
}

/// A file carried by a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// A safe file name: never a path, no control characters; made up from the part's
    /// position and type ("part-3.png") when the message gives none.
    pub name: String,
    /// The MIME type, lowercased ("application/pdf").
    pub content_type: String,
    /// The Content-ID without angle brackets, for images an HTML body shows inline.
    pub content_id: Option<String>,
    /// The decoded content.
    pub bytes: Vec<u8>,
}

/// Why a message was sent by a machine. Each variant carries the evidence, in words
/// fit for a log line ("Auto-Submitted: auto-replied").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Automatic {
    /// An out-of-office or other automatic answer.
    AutoReply(String),
    /// A delivery status report: the mail could not be delivered.
    Bounce(String),
    /// Mail from a mailing list or bulk sender.
    List(String),
    /// Mail from a mail system's own mailbox (mailer-daemon, postmaster).
    MailerDaemon(String),
}

impl Automatic {
    /// A short stable name for the kind: "auto-reply", "bounce", "list",
    /// "mailer-daemon".
    pub fn as_str(&self) -> &'static str {
        match self {
            Automatic::AutoReply(_) => "auto-reply",
            Automatic::Bounce(_) => "bounce",
            Automatic::List(_) => "list",
            Automatic::MailerDaemon(_) => "mailer-daemon",
        }
    }

    /// What in the message showed it to be automatic.
    pub fn reason(&self) -> &str {
        match self {
            Automatic::AutoReply(reason)
            | Automatic::Bounce(reason)
            | Automatic::List(reason)
            | Automatic::MailerDaemon(reason) => reason,
        }
    }
}

impl std::fmt::Display for Automatic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.as_str(), self.reason())
    }
}

/// The bytes cannot be read as a message at all: there is no header block.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("not a mail message: {reason}")]
pub struct Unreadable {
    /// What was wrong, for the rejection note.
    pub reason: String,
}

/// Reads a raw RFC 5322 message. It fails only when the bytes hold no header block at
/// all; a message with missing or broken headers still parses (a missing From gives
/// `from: None`) so that the caller can say why it refuses it.
pub fn parse(raw: &[u8]) -> Result<Message, Unreadable> {
    let raw = without_envelope_line(raw);
    if raw.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Unreadable {
            reason: "the message is empty".to_string(),
        });
    }
    if !starts_with_header(raw) {
        return Err(Unreadable {
            reason: "it does not start with a header line (\"Name: value\")".to_string(),
        });
    }
    let parsed = MessageParser::default()
        .parse(raw)
        .ok_or_else(|| Unreadable {
            reason: "no header block was found".to_string(),
        })?;

    let from = parsed.from().and_then(|a| mailboxes(a).into_iter().next());
    let automatic = automatic(&parsed, from.as_ref());
    Ok(Message {
        message_id: parsed.message_id().and_then(clean_id),
        in_reply_to: ids(parsed.in_reply_to()),
        references: ids(parsed.references()),
        to: parsed.to().map(mailboxes).unwrap_or_default(),
        cc: parsed.cc().map(mailboxes).unwrap_or_default(),
        subject: parsed.subject().unwrap_or_default().trim().to_string(),
        date: parsed
            .date()
            .filter(|d| d.is_valid())
            .and_then(|d| Utc.timestamp_opt(d.to_timestamp(), 0).single()),
        text: body_text(&parsed),
        attachments: attachments(&parsed),
        automatic,
        from,
    })
}

/// Whether the first line looks like an RFC 5322 header field ("Name: value");
/// anything else (a picture, a zip, random bytes) is not mail.
fn starts_with_header(raw: &[u8]) -> bool {
    let raw = raw
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .map_or(raw, |start| &raw[start..]);
    let line_end = raw.iter().position(|&b| b == b'\n').unwrap_or(raw.len());
    let line = &raw[..line_end];
    match line.iter().position(|&b| b == b':') {
        // RFC 5322 3.6.8: a field name is printable ASCII other than the colon.
        Some(colon) if colon > 0 => line[..colon].iter().all(|&b| (33..=126).contains(&b)),
        _ => false,
    }
}

/// The message without the mbox envelope line ("From sender date") that procmail and
/// MTA pipes put before the headers; it is not a header and would hide the first one.
fn without_envelope_line(raw: &[u8]) -> &[u8] {
    if !raw.starts_with(b"From ") {
        return raw;
    }
    match raw.iter().position(|&b| b == b'\n') {
        Some(end) => &raw[end + 1..],
        None => &raw[raw.len()..],
    }
}

/// Message ids from an In-Reply-To or References header, angle brackets removed.
fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(id) => clean_id(id).into_iter().collect(),
        HeaderValue::TextList(list) => list.iter().filter_map(|id| clean_id(id)).collect(),
        _ => Vec::new(),
    }
}

fn clean_id(id: &str) -> Option<String> {
    let id = id
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim();
    (!id.is_empty()).then(|| id.to_string())
}

fn mailboxes(address: &Address<'_>) -> Vec<Mailbox> {
    address
        .iter()
        .filter_map(|addr| {
            let address = addr.address()?.trim().to_lowercase();
            if address.is_empty() {
                return None;
            }
            let name = addr
                .name()
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty() && n.to_lowercase() != address);
            Some(Mailbox { address, name })
        })
        .collect()
}

/// The text bodies joined (a message may split its text around inline images); when
/// the message has only HTML, mail-parser turns it into text.
fn body_text(parsed: &mail_parser::Message<'_>) -> String {
    let parts: Vec<String> = (0..parsed.text_body_count())
        .filter_map(|i| parsed.body_text(i))
        .map(|t| t.replace("\r\n", "\n"))
        .filter(|t| !t.trim().is_empty())
        .collect();
    parts.join("\n")
}

fn attachments(parsed: &mail_parser::Message<'_>) -> Vec<Attachment> {
    let bodies: Vec<u32> = parsed
        .text_body
        .iter()
        .chain(&parsed.html_body)
        .copied()
        .collect();
    let mut found = Vec::new();
    for &id in &parsed.attachments {
        let Some(part) = parsed.part(id) else {
            continue;
        };
        let bytes = match &part.body {
            // A text part the message shows as its body is not a file.
            PartType::Text(_) | PartType::Html(_) if bodies.contains(&id) => continue,
            PartType::Text(text) | PartType::Html(text) => text.as_bytes().to_vec(),
            PartType::Binary(bytes) | PartType::InlineBinary(bytes) => bytes.to_vec(),
            PartType::Message(inner) => message_bytes(inner),
            PartType::Multipart(_) => continue,
        };
        let content_type = content_type(part);
        let position = found.len() + 1;
        let name = part
            .attachment_name()
            .and_then(safe_file_name)
            .or_else(|| match &part.body {
                PartType::Message(inner) => inner
                    .subject()
                    .and_then(|s| safe_file_name(&format!("{s}.eml"))),
                _ => None,
            })
            .unwrap_or_else(|| format!("part-{position}.{}", extension(&content_type)));
        found.push(Attachment {
            name,
            content_id: part.content_id().and_then(clean_id),
            content_type,
            bytes,
        });
    }
    found
}

/// The bytes of an attached message. mail-parser keeps a nested message as a view into
/// the enclosing buffer (or into its decoded copy, when the part was encoded).
fn message_bytes(inner: &mail_parser::Message<'_>) -> Vec<u8> {
    let root = inner.root_part();
    let raw = inner.raw_message.as_ref();
    let start = (root.offset_header as usize).min(raw.len());
    let end = (root.offset_end as usize).clamp(start, raw.len());
    raw[start..end].to_vec()
}

fn content_type(part: &mail_parser::MessagePart<'_>) -> String {
    match part.content_type() {
        Some(ct) => match ct.subtype() {
            Some(sub) => format!("{}/{}", ct.ctype(), sub),
            None => ct.ctype().to_string(),
        }
        .to_lowercase(),
        None => match part.body {
            PartType::Message(_) => "message/rfc822".to_string(),
            PartType::Text(_) => "text/plain".to_string(),
            PartType::Html(_) => "text/html".to_string(),
            _ => "application/octet-stream".to_string(),
        },
    }
}

/// A file name extension for a part that has no name of its own.
fn extension(content_type: &str) -> &str {
    match content_type {
        "message/rfc822" => "eml",
        "text/html" => "html",
        "text/calendar" => "ics",
        "application/pdf" => "pdf",
        "application/zip" => "zip",
        "image/jpeg" => "jpg",
        "image/svg+xml" => "svg",
        "application/octet-stream" => "bin",
        _ => match content_type.split_once('/') {
            Some(("text", _)) => "txt",
            Some(("image" | "audio" | "video", sub))
                if !sub.is_empty() && sub.chars().all(|c| c.is_ascii_alphanumeric()) =>
            {
                sub
            }
            _ => "bin",
        },
    }
}

/// The longest file name kept, in characters; the extension survives the cut.
const MAX_NAME_CHARS: usize = 100;

/// A file name that is safe to store under the desk's attachment folder: the last path
/// component only, no control characters or characters Windows refuses, no leading
/// dots (no hidden files, no "..").
fn safe_file_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = last
        .chars()
        .map(|c| match c {
            c if c.is_control() => '_',
            ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c => c,
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    let cleaned = cleaned.trim_end_matches(['.', ' ']);
    if cleaned.is_empty() || cleaned.chars().all(|c| c == '_') {
        return None;
    }
    if cleaned.chars().count() <= MAX_NAME_CHARS {
        return Some(cleaned.to_string());
    }
    let (stem, ext) = match cleaned.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.chars().count() <= 10 => (stem, ext),
        _ => (cleaned, ""),
    };
    let keep = MAX_NAME_CHARS - ext.chars().count() - usize::from(!ext.is_empty());
    let stem: String = stem.chars().take(keep).collect();
    Some(if ext.is_empty() {
        stem
    } else {
        format!("{stem}.{ext}")
    })
}

/// The value of a header as text, whatever form mail-parser gave it.
fn header_text(parsed: &mail_parser::Message<'_>, name: &str) -> Option<String> {
    parsed
        .root_part()
        .headers
        .iter()
        .rev()
        .find(|h| h.name.as_str().eq_ignore_ascii_case(name))
        .and_then(|h| match &h.value {
            HeaderValue::Text(text) => Some(text.trim().to_string()),
            HeaderValue::TextList(list) => Some(list.join(", ")),
            HeaderValue::Empty => Some(String::new()),
            _ => parsed.header_raw(name).map(|raw| raw.trim().to_string()),
        })
}

/// Works out whether a machine sent the message, most specific evidence first.
fn automatic(parsed: &mail_parser::Message<'_>, from: Option<&Mailbox>) -> Option<Automatic> {
    if let Some(ct) = parsed.root_part().content_type() {
        if ct.ctype().eq_ignore_ascii_case("multipart")
            && ct
                .subtype()
                .is_some_and(|s| s.eq_ignore_ascii_case("report"))
        {
            let report = ct.attribute("report-type").unwrap_or("").to_lowercase();
            let evidence = format!("Content-Type: multipart/report; report-type={report}");
            return Some(if report == "delivery-status" {
                Automatic::Bounce(evidence)
            } else {
                Automatic::AutoReply(evidence)
            });
        }
    }
    if let Some(sender) = from {
        let local = sender.address.split('@').next().unwrap_or_default();
        if matches!(local, "mailer-daemon" | "postmaster") {
            return Some(Automatic::MailerDaemon(format!("From: {}", sender.address)));
        }
    }
    for name in ["Auto-Submitted", "Autosubmitted"] {
        if let Some(value) = header_text(parsed, name) {
            let kind = value
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_lowercase();
            if kind != "no" {
                return Some(Automatic::AutoReply(format!("{name}: {value}")));
            }
        }
    }
    for name in ["X-Autoreply", "X-Autorespond", "X-Autoresponder"] {
        if let Some(value) = header_text(parsed, name) {
            return Some(Automatic::AutoReply(format!("{name}: {value}")));
        }
    }
    if let Some(value) = header_text(parsed, "Precedence") {
        let lower = value.to_lowercase();
        if matches!(lower.as_str(), "bulk" | "junk" | "list") {
            return Some(Automatic::List(format!("Precedence: {value}")));
        }
    }
    for name in ["List-Id", "List-Unsubscribe"] {
        if let Some(value) = header_text(parsed, name) {
            return Some(Automatic::List(format!("{name}: {value}")));
        }
    }
    if let Some(value) = header_text(parsed, "Return-Path") {
        if value
            .trim_start_matches('<')
            .trim_end_matches('>')
            .trim()
            .is_empty()
        {
            return Some(Automatic::Bounce(
                "Return-Path: <> (a null sender, used by bounces and automatic replies)"
                    .to_string(),
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(m: &Message) -> Option<&str> {
        m.from.as_ref().map(|f| f.address.as_str())
    }

    #[test]
    fn plain_message_gives_its_headers_and_text() {
        let raw = b"From: Ann Example <Ann@Example.COM>\r\n\
To: support@example.com\r\n\
Subject: VPN drops\r\n\
Message-ID: <abc@example.com>\r\n\
In-Reply-To: <n1@desk.example.com>\r\n\
References: <n0@desk.example.com> <n1@desk.example.com>\r\n\
Date: Mon, 30 Nov 2026 09:15:00 +0100\r\n\
\r\n\
It drops every 10 minutes.\r\n";
        let m = parse(raw).unwrap();
        assert_eq!(address(&m), Some("ann@example.com"));
        assert_eq!(
            m.from.as_ref().unwrap().name.as_deref(),
            Some("Ann Example")
        );
        assert_eq!(m.to[0].address, "support@example.com");
        assert_eq!(m.subject, "VPN drops");
        assert_eq!(m.message_id.as_deref(), Some("abc@example.com"));
        assert_eq!(m.in_reply_to, vec!["n1@desk.example.com"]);
        assert_eq!(
            m.references,
            vec!["n0@desk.example.com", "n1@desk.example.com"]
        );
        assert_eq!(m.date.unwrap().to_rfc3339(), "2026-11-30T08:15:00+00:00");
        assert_eq!(m.text, "It drops every 10 minutes.\n");
        assert!(m.attachments.is_empty());
        assert_eq!(m.automatic, None);
    }

    macro_rules! fixture {
        ($name:literal) => {
            parse(include_bytes!(concat!(
                "../../tests/fixtures/mail/",
                $name,
                ".eml"
            )))
            .expect(concat!($name, ".eml parses"))
        };
    }

    fn mailbox(address: &str, name: Option<&str>) -> Mailbox {
        Mailbox {
            address: address.to_string(),
            name: name.map(str::to_string),
        }
    }

    #[test]
    fn alternative_prefers_the_plain_part() {
        let m = fixture!("alternative");
        assert_eq!(
            m.from,
            Some(mailbox("ann@example.com", Some("Ann Example")))
        );
        assert_eq!(m.subject, "Printer on floor 3 is offline");
        assert!(m.text.contains("the printer on floor 3 shows offline"));
        assert!(
            !m.text.contains("(HTML)"),
            "took the HTML part: {:?}",
            m.text
        );
        assert!(!m.text.contains('\r'));
        assert!(m.attachments.is_empty(), "the HTML body is not a file");
        assert_eq!(m.automatic, None);
    }

    #[test]
    fn html_only_is_turned_into_text() {
        let m = fixture!("html-only");
        assert_eq!(m.from, Some(mailbox("bob@example.org", None)));
        assert!(m
            .text
            .contains("My laptop won't boot & shows a blue screen."));
        assert!(!m.text.contains('<'), "tags left in {:?}", m.text);
        assert!(!m.text.contains("color:red"), "style left in {:?}", m.text);
        assert!(m.attachments.is_empty());
    }

    #[test]
    fn quoted_printable_body_and_encoded_name_are_decoded() {
        let m = fixture!("quoted-printable");
        assert_eq!(
            m.from,
            Some(mailbox("renee@example.fr", Some("Renée Dupont")))
        );
        assert!(m
            .text
            .contains("L'imprimante du 2ème étage ne répond plus."));
        // Soft line breaks are joined.
        assert!(m
            .text
            .contains("coupée par l'encodage quoted-printable pour"));
    }

    #[test]
    fn base64_body_is_decoded() {
        let m = fixture!("base64-body");
        assert_eq!(
            m.text,
            "Hi,\n\nmy mailbox quota is full (99%). Can you raise it?\n\nThanks, Carl\n"
        );
    }

    #[test]
    fn latin1_body_subject_and_name_are_decoded() {
        let m = fixture!("latin1");
        assert_eq!(m.subject, "Drucker im Büro fällt aus");
        assert_eq!(m.from.unwrap().name.as_deref(), Some("Jürgen Müller"));
        assert!(m
            .text
            .contains("der Drucker im Büro fällt ständig aus. Grüße aus Köln."));
        assert_eq!(m.date.unwrap().to_rfc3339(), "2026-12-03T06:45:00+00:00");
    }

    #[test]
    fn shift_jis_body_and_subject_are_decoded() {
        let m = fixture!("shift-jis");
        assert_eq!(m.subject, "パスワードのリセット");
        // The name is ISO-2022-JP, the other Japanese charset.
        assert_eq!(m.from, Some(mailbox("tanaka@example.jp", Some("田中"))));
        assert!(m.text.contains("パスワードをリセットしてください。"));
    }

    #[test]
    fn encoded_words_in_subject_and_addresses_are_decoded() {
        let m = fixture!("encoded-words");
        // A B-encoded word with an emoji, folded onto a Q-encoded one.
        assert_eq!(m.subject, "VPN fåller ner 😞 var 10:e minut");
        assert_eq!(
            m.from,
            Some(mailbox("asa.nordman@example.se", Some("Åsa Nordman")))
        );
        assert_eq!(
            m.to,
            vec![
                mailbox("support@example.com", Some("Support – IT")),
                mailbox("francois@example.fr", Some("François")),
            ]
        );
        assert_eq!(m.cc, vec![mailbox("zoe@example.com", Some("Zoë"))]);
    }

    #[test]
    fn inline_image_is_an_attachment_with_its_content_id() {
        let m = fixture!("inline-image");
        assert!(m.text.starts_with("See the error below."));
        assert_eq!(m.attachments.len(), 1, "{:?}", m.attachments);
        let image = &m.attachments[0];
        assert_eq!(image.name, "part-1.png");
        assert_eq!(image.content_type, "image/png");
        assert_eq!(image.content_id.as_deref(), Some("err1@example.com"));
        assert!(image.bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
    }

    #[test]
    fn forwarded_message_is_attached_whole() {
        let m = fixture!("forwarded");
        assert_eq!(m.subject, "Fwd: Your licence expires");
        assert_eq!(
            m.text,
            "Can you renew this? Forwarding the vendor's mail.\n"
        );
        assert_eq!(m.attachments.len(), 1);
        let forwarded = &m.attachments[0];
        assert_eq!(forwarded.name, "Your licence expires.eml");
        assert_eq!(forwarded.content_type, "message/rfc822");
        // The attached bytes are a message of their own.
        let inner = parse(&forwarded.bytes).unwrap();
        assert_eq!(inner.from.unwrap().address, "billing@vendor.example");
        assert!(inner.text.contains("ACME CAD expires"));
    }

    #[test]
    fn outlook_reply_keeps_its_tagged_subject() {
        let m = fixture!("outlook-reply");
        assert_eq!(m.subject, "RE: [desk #abc123] VPN drops every 10 minutes");
        assert_eq!(
            m.from,
            Some(mailbox(
                "grace.hopper@contoso.example",
                Some("Grace Hopper")
            ))
        );
        assert_eq!(
            m.message_id.as_deref(),
            Some("DM6PR01MB1234.namprd01.prod.outlook.com")
        );
        assert!(m.in_reply_to.is_empty() && m.references.is_empty());
        assert!(m.text.starts_with("Hi,\n\nIt still drops after the update"));
        assert!(m.text.contains("Sent: Monday, December 7, 2026 9:00 AM"));
        // An Outlook reply suppresses auto-responses; that does not make it automatic.
        assert_eq!(m.automatic, None);
    }

    #[test]
    fn gmail_reply_gives_its_thread_ids() {
        let m = fixture!("gmail-reply");
        assert_eq!(
            m.message_id.as_deref(),
            Some("CAF=abc+xyz@mail.gmail.example")
        );
        assert_eq!(m.in_reply_to, vec!["desk.abc123.2@example.com"]);
        assert_eq!(
            m.references,
            vec!["desk.abc123.1@example.com", "desk.abc123.2@example.com"]
        );
        assert!(m.text.starts_with("Yes, it works again since the restart."));
        assert!(m.attachments.is_empty());
        assert_eq!(m.automatic, None);
    }

    #[test]
    fn out_of_office_is_an_auto_reply() {
        let m = fixture!("out-of-office");
        let automatic = m.automatic.expect("automatic");
        assert_eq!(automatic.as_str(), "auto-reply");
        assert_eq!(automatic.reason(), "Auto-Submitted: auto-replied");
        assert_eq!(m.from.unwrap().address, "ivan@example.com");
    }

    #[test]
    fn bounce_is_a_bounce() {
        let m = fixture!("bounce");
        let automatic = m.automatic.expect("automatic");
        assert_eq!(automatic.as_str(), "bounce");
        assert!(automatic.reason().contains("delivery-status"));
        assert_eq!(
            m.from,
            Some(mailbox(
                "mailer-daemon@mx.example.com",
                Some("Mail Delivery System")
            ))
        );
        assert!(m.text.contains("could not\nbe delivered"));
        let types: Vec<&str> = m
            .attachments
            .iter()
            .map(|a| a.content_type.as_str())
            .collect();
        assert_eq!(types, ["message/delivery-status", "text/rfc822-headers"]);
    }

    #[test]
    fn message_without_id_still_parses() {
        let m = fixture!("no-message-id");
        assert_eq!(m.message_id, None);
        assert_eq!(m.from.unwrap().address, "judy@example.com");
        assert_eq!(m.text, "The K key sticks.\n");
    }

    #[test]
    fn message_without_from_still_parses() {
        let m = fixture!("no-from");
        assert_eq!(m.from, None);
        assert_eq!(m.subject, "Who am I");
        assert_eq!(m.message_id.as_deref(), Some("no-from-1@example.com"));
        assert_eq!(m.automatic, None);
    }

    #[test]
    fn mailing_list_mail_is_list_mail() {
        let m = fixture!("mailing-list");
        let automatic = m.automatic.expect("automatic");
        assert_eq!(automatic.as_str(), "list");
        assert_eq!(automatic.reason(), "Precedence: list");
    }

    #[test]
    fn pdf_attachment_keeps_its_name_and_bytes() {
        let m = fixture!("pdf-attachment");
        assert_eq!(m.text, "The scanner makes PDFs like the attached one.\n");
        assert_eq!(m.attachments.len(), 1);
        let pdf = &m.attachments[0];
        assert_eq!(pdf.name, "scan 2026-12-05.pdf");
        assert_eq!(pdf.content_type, "application/pdf");
        assert!(pdf.bytes.starts_with(b"%PDF-1.4\n"));
        assert!(pdf.bytes.ends_with(b"%%EOF\n"));
    }

    #[test]
    fn garbage_fixture_is_unreadable() {
        let raw = include_bytes!("../../tests/fixtures/mail/garbage.eml");
        assert!(parse(raw).is_err());
    }

    #[test]
    fn envelope_line_before_the_headers_is_skipped() {
        let raw = b"From ann@example.com Mon Nov 30 09:15:00 2026\n\
From: Ann <ann@example.com>\n\
Subject: Hello\n\
\n\
Body\n";
        let m = parse(raw).unwrap();
        assert_eq!(m.from.unwrap().address, "ann@example.com");
        assert_eq!(m.subject, "Hello");
        assert_eq!(m.text, "Body\n");
    }

    #[test]
    fn garbage_is_unreadable() {
        assert!(parse(b"").is_err());
        assert!(parse(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").is_err());
        assert!(parse(b"just some words\nand more\n").is_err());
    }

    #[test]
    fn safe_file_names_are_never_paths() {
        assert_eq!(
            safe_file_name("../../etc/passwd").as_deref(),
            Some("passwd")
        );
        assert_eq!(
            safe_file_name("C:\\x\\report.pdf").as_deref(),
            Some("report.pdf")
        );
        assert_eq!(safe_file_name(".."), None);
        assert_eq!(safe_file_name(".hidden").as_deref(), Some("hidden"));
        assert_eq!(safe_file_name("a\u{0}b.txt").as_deref(), Some("a_b.txt"));
        let long = format!("{}.pdf", "x".repeat(300));
        let cut = safe_file_name(&long).unwrap();
        assert_eq!(cut.chars().count(), MAX_NAME_CHARS);
        assert!(cut.ends_with(".pdf"));
    }
}
