//! What a ticket records of mail: messages received (`received` events) and notices sent
//! (`notified` claims, `delivery` outcomes). The messages themselves are blobs on the
//! branch; the events name them.

use toml::{Table, Value};

use super::fields::{Fields, TableWriter};

/// A message that came in by mail and was threaded onto the ticket (or filed it).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Received {
    /// Its `Message-ID`, without angle brackets; made up from its bytes when it had none.
    pub message_id: String,
    /// The sender's address.
    pub from: String,
    /// The sender's display name.
    pub name: Option<String>,
    /// The subject as sent (decoded).
    pub subject: String,
    /// The original message on the desk branch (`mail/<id>/<n>.eml`).
    pub original: String,
    /// Its attachments, stored or only named.
    pub attachments: Vec<Attachment>,
    /// Why it was kept as an internal note rather than a public comment, when it was.
    pub note: Option<String>,
}

/// An attachment of a received message.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Attachment {
    /// Its file name, as sent (never a path).
    pub name: String,
    /// Its MIME type.
    pub content_type: String,
    /// Its size in bytes.
    pub size: u64,
    /// Where it is stored on the branch (`attachments/<id>/<n>-<name>`); `None` when it
    /// was over `[mail] max_attachment` and only its name was kept.
    pub path: Option<String>,
}

/// A notice claimed for sending: recorded (and pushed, when the desk has a remote)
/// before it is sent, so that it is sent once.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Notice {
    /// What it tells of (`filed`, `public-comment`, `resolved`, `sla-breached`...).
    pub notice: String,
    /// The event it tells of (its id), or for SLA notices the target and its due time.
    pub about: String,
    /// The recipients' addresses.
    pub to: Vec<String>,
    /// Its `Message-ID`, without angle brackets: the same on every attempt.
    pub message_id: String,
    /// 1 for the first attempt; a retry after a failed delivery counts up.
    pub attempt: u32,
}

impl Received {
    /// Written in this key order (file and JSON).
    pub fn write(&self, w: &mut TableWriter) {
        w.put("message_id", self.message_id.as_str())
            .put("from", self.from.as_str())
            .opt("name", self.name.as_ref())
            .put("subject", self.subject.as_str())
            .put("original", self.original.as_str());
        if !self.attachments.is_empty() {
            let list = self
                .attachments
                .iter()
                .map(|a| {
                    let mut t = TableWriter::new();
                    t.put("name", a.name.as_str())
                        .put("content_type", a.content_type.as_str())
                        .put("size", a.size as i64)
                        .opt("path", a.path.as_ref());
                    Value::Table(t.finish())
                })
                .collect();
            w.put("attachments", Value::Array(list));
        }
        w.opt("note", self.note.as_ref());
    }

    pub(super) fn read(f: &mut Fields) -> Result<Received, String> {
        let attachments = match f.take("attachments") {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| match v {
                    Value::Table(t) => {
                        Attachment::read(t).map_err(|e| format!("attachments[{i}]: {e}"))
                    }
                    _ => Err(format!("attachments[{i}] is not a table")),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err("'attachments' is not a list of tables".into()),
        };
        Ok(Received {
            message_id: f.str("message_id")?,
            from: f.str("from")?,
            name: f.opt_str("name")?,
            subject: f.opt_str("subject")?.unwrap_or_default(),
            original: f.str("original")?,
            attachments,
            note: f.opt_str("note")?,
        })
    }
}

impl Attachment {
    fn read(table: Table) -> Result<Attachment, String> {
        let mut f = Fields::new(table);
        let size = f.int("size")?;
        if size < 0 {
            return Err("'size' must not be negative".into());
        }
        Ok(Attachment {
            name: f.str("name")?,
            content_type: f.str("content_type")?,
            size: size as u64,
            path: f.opt_str("path")?,
        })
    }
}

impl Notice {
    /// Written in this key order (file and JSON).
    pub fn write(&self, w: &mut TableWriter) {
        w.put("notice", self.notice.as_str())
            .put("about", self.about.as_str())
            .list_always("to", &self.to)
            .put("message_id", self.message_id.as_str())
            .put("attempt", i64::from(self.attempt));
    }

    pub(super) fn read(f: &mut Fields) -> Result<Notice, String> {
        let attempt = f.int("attempt")?;
        if attempt < 1 || attempt > i64::from(u32::MAX) {
            return Err(format!("'attempt' {attempt} must be 1 or more"));
        }
        Ok(Notice {
            notice: f.str("notice")?,
            about: f.str("about")?,
            to: f.strings("to")?,
            message_id: f.str("message_id")?,
            attempt: attempt as u32,
        })
    }
}
