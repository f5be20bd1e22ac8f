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

/// Whether the first line looks like an RFC 5322 header field ("Name: value") or an
/// mbox "From " line; anything else (a picture, a zip, random bytes) is not mail.
fn starts_with_header(raw: &[u8]) -> bool {
    let raw = raw
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .map_or(raw, |start| &raw[start..]);
    if raw.starts_with(b"From ") {
        return true;
    }
    let line_end = raw.iter().position(|&b| b == b'\n').unwrap_or(raw.len());
    let line = &raw[..line_end];
    match line.iter().position(|&b| b == b':') {
        // RFC 5322 3.6.8: a field name is printable ASCII other than the colon.
        Some(colon) if colon > 0 => line[..colon].iter().all(|&b| (33..=126).contains(&b)),
        _ => false,
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
            PartType::Message(inner) => inner.raw_message.to_vec(),
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
        "text/plain" => "txt",
        "text/html" => "html",
        "text/calendar" => "ics",
        "application/pdf" => "pdf",
        "application/zip" => "zip",
        "image/jpeg" => "jpg",
        "image/svg+xml" => "svg",
        "application/octet-stream" => "bin",
        _ => match content_type.split_once('/') {
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
