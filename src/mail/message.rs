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
    /// The subject, decoded (RFC 2047), on one line; empty when missing.
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
    /// The display name, decoded, on one line; `None` when absent or blank.
    pub name: Option<String>,
}

impl std::fmt::Display for Mailbox {
    /// "Ann Example <ann@example.com>", or the bare address when there is no name.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.name {
            Some(name) => write!(f, "{name} <{}>", self.address),
            None => f.write_str(&self.address),
        }
    }
}

impl Message {
    /// The ids of the messages this one answers, most telling first: In-Reply-To,
    /// then References from the newest back; each once.
    pub fn answered_ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = Vec::new();
        for id in self.in_reply_to.iter().chain(self.references.iter().rev()) {
            if !ids.contains(&id.as_str()) {
                ids.push(id);
            }
        }
        ids
    }
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
    let raw = without_envelope_line(without_leading_blank_lines(raw));
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
        subject: one_line(parsed.subject().unwrap_or_default()),
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
    let line_end = raw.iter().position(|&b| b == b'\n').unwrap_or(raw.len());
    let line = &raw[..line_end];
    match line.iter().position(|&b| b == b':') {
        // RFC 5322 3.6.8: a field name is printable ASCII other than the colon; the
        // obsolete syntax (4.5) lets spaces follow it.
        Some(colon) => {
            let name = line[..colon].trim_ascii_end();
            !name.is_empty() && name.iter().all(|&b| (33..=126).contains(&b))
        }
        None => false,
    }
}

/// Blank lines before the headers would make an empty header block of them.
fn without_leading_blank_lines(raw: &[u8]) -> &[u8] {
    let start = raw
        .iter()
        .position(|b| !matches!(b, b'\r' | b'\n'))
        .unwrap_or(raw.len());
    &raw[start..]
}

/// The message without the mbox envelope line ("From sender date") that procmail and
/// MTA pipes put before the headers; it is not a header and would hide the first one.
/// "From : ..." (space before the colon, an obsolete form) is the From header.
fn without_envelope_line(raw: &[u8]) -> &[u8] {
    let Some(rest) = raw.strip_prefix(b"From ") else {
        return raw;
    };
    if rest.iter().find(|&&b| b != b' ' && b != b'\t') == Some(&b':') {
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

/// A header value on one line, safe to show in a table or a terminal: folding, tabs
/// and control characters become single spaces, bidirectional controls go.
fn one_line(value: &str) -> String {
    crate::text::one_line(value)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn mailboxes(address: &Address<'_>) -> Vec<Mailbox> {
    address
        .iter()
        .filter_map(|addr| {
            let address = addr.address()?.trim().to_lowercase();
            // Only an address with a domain can be answered.
            let (local, domain) = address.rsplit_once('@')?;
            if local.is_empty() || domain.is_empty() || address.contains(char::is_whitespace) {
                return None;
            }
            let name = addr
                .name()
                .map(one_line)
                .filter(|n| !n.is_empty() && n.to_lowercase() != address);
            Some(Mailbox { address, name })
        })
        .collect()
}

/// The text bodies joined (a message may split its text around inline images); an
/// HTML body stands in for text when the message has no plain part.
fn body_text(parsed: &mail_parser::Message<'_>) -> String {
    let parts: Vec<String> = parsed
        .text_body
        .iter()
        .filter_map(|&id| match &parsed.part(id)?.body {
            PartType::Text(text) => Some(text.replace("\r\n", "\n")),
            PartType::Html(html) => Some(html_text(html)),
            _ => None,
        })
        .filter(|t| !t.trim().is_empty())
        .collect();
    if parts.is_empty() {
        // Some senders put an empty plain part beside the HTML that holds the text.
        return (0..parsed.html_body_count())
            .filter_map(|i| parsed.body_html(i))
            .map(|html| html_text(&html))
            .find(|t| !t.trim().is_empty())
            .unwrap_or_default();
    }
    // A MIME part's last line end belongs to the boundary after it: give each part one.
    let mut text = parts
        .iter()
        .map(|part| part.trim_end())
        .collect::<Vec<_>>()
        .join("\n\n");
    text.push('\n');
    text
}

/// Stands for a line break in HTML turned into text: a new line unless at one.
const LINE_BREAK: char = '\u{e000}';
/// Stands for a paragraph break: a blank line.
const PARAGRAPH_BREAK: char = '\u{e001}';

/// HTML as plain text. mail-parser drops tags, scripts and styles and decodes
/// entities, but breaks lines only at `<br>` and `</p>`, so lines in `<div>`s (as
/// Gmail and Outlook write them), list items and table rows would run together: mark
/// where block elements begin and end before it converts, and lay out the lines after.
fn html_text(html: &str) -> String {
    let mut marked = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>').map(|c| open + c) else {
            break;
        };
        marked.push_str(&rest[..=close]);
        let tag = &rest[open + 1..close];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match name.as_str() {
            "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "table" | "ul"
            | "ol" | "pre" | "hr" => marked.push(if closing || name == "hr" {
                PARAGRAPH_BREAK
            } else {
                LINE_BREAK
            }),
            "div" | "li" | "tr" | "dt" | "dd" | "dl" | "section" | "article" | "header"
            | "footer" | "address" | "center" => marked.push(LINE_BREAK),
            // Cells of a row: apart, on one line.
            "td" | "th" if closing => marked.push(' '),
            _ => {}
        }
        rest = &rest[close + 1..];
    }
    marked.push_str(rest);

    let converted = mail_parser::decoders::html::html_to_text(&marked);
    let mut text = String::with_capacity(converted.len());
    let mut after_break = false;
    for c in converted.chars() {
        match c {
            LINE_BREAK | PARAGRAPH_BREAK => {
                text.truncate(text.trim_end_matches([' ', '\t']).len());
                let wanted = if c == LINE_BREAK { "\n" } else { "\n\n" };
                if !text.is_empty() && !text.ends_with(wanted) {
                    text.push('\n');
                    if c == PARAGRAPH_BREAK && !text.ends_with("\n\n") {
                        text.push('\n');
                    }
                }
                after_break = true;
            }
            ' ' | '\u{a0}' if after_break => {}
            c => {
                after_break = c == '\n';
                text.push(c);
            }
        }
    }
    // At most one blank line in a row, no trailing spaces, one final line end.
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.lines().map(str::trim_end) {
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    let end = out.trim_end().len();
    out.truncate(end);
    if !out.is_empty() {
        out.push('\n');
    }
    out
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
        // A bidirectional override would make "invoice\u{202e}fdp.exe" read as a PDF.
        .filter(|&c| c.is_control() || !crate::text::is_unsafe(c))
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
    let return_path = header_text(parsed, "Return-Path").map(|v| {
        v.trim_start_matches('<')
            .trim_end_matches('>')
            .trim()
            .to_lowercase()
    });
    let senders = [
        ("From", from.map(|f| f.address.clone())),
        ("Return-Path", return_path.clone()),
    ];
    for (header, address) in senders {
        let Some(address) = address else { continue };
        let local = address.split('@').next().unwrap_or_default();
        if matches!(local, "mailer-daemon" | "postmaster") {
            return Some(Automatic::MailerDaemon(format!("{header}: {address}")));
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
    if return_path.is_some_and(|path| path.is_empty()) {
        return Some(Automatic::Bounce(
            "Return-Path: <> (a null sender, used by bounces and automatic replies)".to_string(),
        ));
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
        assert_eq!(
            m.text,
            "Dear support,\n\nMy laptop won't boot & shows a blue screen.\n\nModel: T14\nSince: Monday\n"
        );
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
    fn html_blocks_become_lines() {
        // Gmail: one div per line, an empty one for a blank line.
        assert_eq!(
            html_text(
                r#"<div dir="ltr">Hi,<div><br></div><div>the VPN drops.</div><div>Ann</div></div>"#
            ),
            "Hi,\n\nthe VPN drops.\nAnn\n"
        );
        // Outlook: paragraphs, spacer paragraphs, namespaced tags, entities.
        assert_eq!(
            html_text(
                "<html><head><style>p.MsoNormal{margin:0}</style></head><body>\
<p class=MsoNormal>Hello,<o:p></o:p></p><p class=MsoNormal><o:p>&nbsp;</o:p></p>\
<p class=MsoNormal>It fails &lt;again&gt;.<o:p></o:p></p></body></html>"
            ),
            "Hello,\n\nIt fails <again>.\n"
        );
        // Text before a nested block is not glued to it; rows and cells stay apart.
        assert_eq!(
            html_text("Before<div>inside</div>after<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>end"),
            "Before\ninside\nafter\na b\nc\n\nend\n"
        );
        assert_eq!(html_text("<ul><li>one</li><li>two</li></ul>"), "one\ntwo\n");
        assert_eq!(html_text(""), "");
    }

    #[test]
    fn empty_plain_part_falls_back_to_the_html() {
        let raw = b"From: a@example.com\r\nSubject: x\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=b\r\n\r\n\
--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\r\n\
--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>The real text</p>\r\n\
--b--\r\n";
        assert_eq!(parse(raw).unwrap().text, "The real text\n");
    }

    /// What `parse` says about a message with `headers` and a one-line body.
    fn automatic_for(headers: &str) -> Option<Automatic> {
        let raw = format!("{headers}\r\nSubject: x\r\n\r\nbody\r\n");
        parse(raw.as_bytes()).unwrap().automatic
    }

    #[test]
    fn automatic_mail_is_recognised_with_its_reason() {
        let person = "From: Ann <ann@example.com>";
        assert_eq!(automatic_for(person), None);
        assert_eq!(
            automatic_for(&format!("{person}\r\nAuto-Submitted: no")),
            None,
            "Auto-Submitted: no is a person"
        );
        assert_eq!(
            automatic_for(&format!("{person}\r\nAuto-Submitted: auto-generated")),
            Some(Automatic::AutoReply(
                "Auto-Submitted: auto-generated".to_string()
            ))
        );
        assert_eq!(
            automatic_for(&format!("{person}\r\nX-Autoreply: yes")),
            Some(Automatic::AutoReply("X-Autoreply: yes".to_string()))
        );
        assert_eq!(
            automatic_for(&format!("{person}\r\nX-Autorespond: Out of office")),
            Some(Automatic::AutoReply(
                "X-Autorespond: Out of office".to_string()
            ))
        );
        for precedence in ["bulk", "Junk", "list"] {
            assert_eq!(
                automatic_for(&format!("{person}\r\nPrecedence: {precedence}")),
                Some(Automatic::List(format!("Precedence: {precedence}")))
            );
        }
        assert_eq!(
            automatic_for(&format!("{person}\r\nPrecedence: first-class")),
            None
        );
        assert_eq!(
            automatic_for(&format!("{person}\r\nList-Id: <it.lists.example.net>"))
                .map(|a| a.as_str()),
            Some("list")
        );
        assert_eq!(
            automatic_for(&format!(
                "{person}\r\nList-Unsubscribe: <mailto:leave@lists.example.net>"
            ))
            .map(|a| a.as_str()),
            Some("list")
        );
        assert_eq!(
            automatic_for("From: Postmaster <POSTMASTER@example.com>"),
            Some(Automatic::MailerDaemon(
                "From: postmaster@example.com".to_string()
            ))
        );
        let null_sender = automatic_for(&format!("Return-Path: <>\r\n{person}")).unwrap();
        assert_eq!(null_sender.as_str(), "bounce");
        assert!(null_sender.reason().starts_with("Return-Path: <>"));
        assert_eq!(
            automatic_for(&format!("Return-Path: <ann@example.com>\r\n{person}")),
            None
        );
        let receipt = automatic_for(&format!(
            "{person}\r\nContent-Type: multipart/report; report-type=disposition-notification; boundary=x"
        ))
        .unwrap();
        assert_eq!(receipt.as_str(), "auto-reply");
        assert!(receipt.reason().contains("disposition-notification"));
        assert_eq!(
            receipt.to_string(),
            "auto-reply (Content-Type: multipart/report; report-type=disposition-notification)"
        );
    }

    #[test]
    fn attachment_names_are_decoded_and_made_safe() {
        let raw = b"From: a@example.com\r\nSubject: files\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=b\r\n\r\n\
--b\r\nContent-Type: text/plain\r\n\r\nSee the files.\r\n\
--b\r\nContent-Type: text/plain; name=log.txt\r\n\
Content-Disposition: attachment; filename=\"../../etc/log.txt\"\r\n\r\nline 1\r\n\
--b\r\nContent-Type: application/octet-stream\r\n\
Content-Disposition: attachment; filename*=UTF-8''Pr%C3%BCfbericht%20M%C3%A4rz.xlsx\r\n\
Content-Transfer-Encoding: base64\r\n\r\nAAEC\r\n\
--b\r\nContent-Type: application/zip\r\nContent-Transfer-Encoding: base64\r\n\r\nUEsDBA==\r\n\
--b--\r\n";
        let m = parse(raw).unwrap();
        assert_eq!(m.text, "See the files.\n");
        let files: Vec<(&str, &str, &[u8])> = m
            .attachments
            .iter()
            .map(|a| (a.name.as_str(), a.content_type.as_str(), a.bytes.as_slice()))
            .collect();
        assert_eq!(
            files,
            [
                ("log.txt", "text/plain", &b"line 1"[..]),
                (
                    "Prüfbericht März.xlsx",
                    "application/octet-stream",
                    &[0u8, 1, 2][..]
                ),
                ("part-3.zip", "application/zip", &b"PK\x03\x04"[..]),
            ]
        );
    }

    #[test]
    fn text_split_around_an_inline_image_is_joined() {
        let raw = b"From: a@example.com\r\nSubject: x\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=b\r\n\r\n\
--b\r\nContent-Type: text/plain\r\n\r\nAbove the picture.\r\n\
--b\r\nContent-Type: image/gif\r\nContent-Disposition: inline\r\n\
Content-Transfer-Encoding: base64\r\n\r\nR0lGODlhAQABAAAAACw=\r\n\
--b\r\nContent-Type: text/plain\r\n\r\nBelow the picture.\r\n\
--b--\r\n";
        let m = parse(raw).unwrap();
        assert_eq!(m.text, "Above the picture.\n\nBelow the picture.\n");
        assert_eq!(m.attachments.len(), 1);
        assert_eq!(m.attachments[0].name, "part-1.gif");
        assert!(m.attachments[0].bytes.starts_with(b"GIF89a"));
    }

    #[test]
    fn missing_and_odd_headers_give_empty_values() {
        let raw = b"From: Ann <ann@example.com>, Bob <bob@example.com>\n\
Date: not a date\n\
Message-ID: bare-id@example.com\n\
\n\
Body\n";
        let m = parse(raw).unwrap();
        assert_eq!(m.from.unwrap().address, "ann@example.com", "the first From");
        assert_eq!(m.subject, "");
        assert_eq!(m.date, None);
        assert_eq!(m.message_id.as_deref(), Some("bare-id@example.com"));
        assert!(m.to.is_empty() && m.cc.is_empty());
        assert!(m.in_reply_to.is_empty() && m.references.is_empty());
    }

    #[test]
    fn headers_without_a_body_still_parse() {
        let m = parse(b"From: a@example.com\r\nSubject: only headers\r\n").unwrap();
        assert_eq!(m.subject, "only headers");
        assert_eq!(m.text, "");
    }

    #[test]
    fn answered_ids_put_in_reply_to_first_then_newest_references() {
        let m = parse(
            b"From: a@example.com\r\nIn-Reply-To: <c@x>\r\n\
References: <a@x> <b@x>\r\n <c@x>\r\n\r\nhi\r\n",
        )
        .unwrap();
        assert_eq!(m.answered_ids(), ["c@x", "b@x", "a@x"]);
    }

    #[test]
    fn mailboxes_display_as_in_a_header() {
        assert_eq!(
            mailbox("ann@example.com", Some("Ann Example")).to_string(),
            "Ann Example <ann@example.com>"
        );
        assert_eq!(
            mailbox("ann@example.com", None).to_string(),
            "ann@example.com"
        );
    }

    #[test]
    fn mailer_daemon_return_path_is_automatic() {
        assert_eq!(
            automatic_for("Return-Path: <MAILER-DAEMON@mx.example.com>\r\nFrom: ann@example.com"),
            Some(Automatic::MailerDaemon(
                "Return-Path: mailer-daemon@mx.example.com".to_string()
            ))
        );
    }

    #[test]
    fn subjects_and_names_come_on_one_line() {
        let m = parse(
            b"From: \"Ann\tExample\" <ann@example.com>\r\n\
Subject: VPN\r\n\tdrops =?utf-8?q?again=0Anow?=\r\n\r\nhi\r\n",
        )
        .unwrap();
        assert_eq!(m.subject, "VPN drops again now");
        assert_eq!(m.from.unwrap().name.as_deref(), Some("Ann Example"));
        let m = parse("Subject: =?utf-8?q?a=E2=80=AEb?=\r\n\r\nhi\r\n".as_bytes()).unwrap();
        assert_eq!(m.subject, "ab", "no bidirectional override");
    }

    #[test]
    fn addresses_without_a_domain_are_no_sender() {
        for from in ["From: Ann", "From: ann", "From: ann@", "From: @example.com"] {
            let m = parse(format!("{from}\r\nSubject: x\r\n\r\nhi\r\n").as_bytes()).unwrap();
            assert_eq!(m.from, None, "{from}");
        }
    }

    #[test]
    fn obsolete_from_header_and_leading_blank_lines_are_read() {
        let m = parse(b"\r\n\r\nFrom : Ann <ann@example.com>\r\nSubject: old style\r\n\r\nhi\r\n")
            .unwrap();
        assert_eq!(m.from.unwrap().address, "ann@example.com");
        assert_eq!(m.subject, "old style");
        assert_eq!(m.text, "hi\n");
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
        assert_eq!(
            safe_file_name("invoice\u{202e}fdp.exe").as_deref(),
            Some("invoicefdp.exe")
        );
        let long = format!("{}.pdf", "x".repeat(300));
        let cut = safe_file_name(&long).unwrap();
        assert_eq!(cut.chars().count(), MAX_NAME_CHARS);
        assert!(cut.ends_with(".pdf"));
    }
}
