//! `[mail]` and `[[notify]]`: the desk's address, and who hears about what (SPEC 13).

use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::Deserialize;
use toml::Spanned;

use super::parse::Lines;

/// The desk's mail settings.
#[derive(Debug, Clone, PartialEq)]
pub struct MailConfig {
    /// The desk's address: the From of notices, the To of customers' mail.
    pub address: String,
    /// The name notices are sent under.
    pub name: String,
    /// The subject tag: `[desk #4f2a9c] VPN drops`.
    pub tag: String,
    /// Attachments larger than this (bytes) are named on the ticket, not stored.
    pub max_attachment: u64,
    /// Whether mail from outside the desk to a ticket it did not file is a public
    /// comment (otherwise an internal note).
    pub open_replies: bool,
    /// Events older than this (seconds) get no notice: a late notice is noise.
    pub notice_window: i64,
    /// Events before this get no notice: set when mail is turned on for a desk that
    /// already has tickets, so that notify does not tell of what happened before.
    pub since: Option<DateTime<Utc>>,
}

impl MailConfig {
    /// The oldest moment an event at `now` may be from and still get a notice.
    pub fn notices_since(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let window = now - chrono::Duration::seconds(self.notice_window);
        self.since.map_or(window, |since| since.max(window))
    }
}

/// What a notice tells of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NoticeKind {
    /// A ticket was filed.
    Filed,
    /// A public comment by someone other than the recipient.
    PublicComment,
    /// The desk waits for the customer.
    PendingCustomer,
    /// Resolved.
    Resolved,
    /// Reopened.
    Reopened,
    /// Closed.
    Closed,
    /// Escalated to a higher tier.
    Escalated,
    /// Assigned to a person or team.
    Assigned,
    /// An SLA target passed a warning threshold.
    SlaWarning,
    /// An SLA target was breached.
    SlaBreached,
}

impl NoticeKind {
    /// Every kind, in the order errors list them.
    pub const ALL: [NoticeKind; 10] = [
        NoticeKind::Filed,
        NoticeKind::PublicComment,
        NoticeKind::PendingCustomer,
        NoticeKind::Resolved,
        NoticeKind::Reopened,
        NoticeKind::Closed,
        NoticeKind::Escalated,
        NoticeKind::Assigned,
        NoticeKind::SlaWarning,
        NoticeKind::SlaBreached,
    ];

    /// The name in desk.toml, on `notified` events and of the template.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Filed => "filed",
            NoticeKind::PublicComment => "public-comment",
            NoticeKind::PendingCustomer => "pending-customer",
            NoticeKind::Resolved => "resolved",
            NoticeKind::Reopened => "reopened",
            NoticeKind::Closed => "closed",
            NoticeKind::Escalated => "escalated",
            NoticeKind::Assigned => "assigned",
            NoticeKind::SlaWarning => "sla-warning",
            NoticeKind::SlaBreached => "sla-breached",
        }
    }
}

impl FromStr for NoticeKind {
    type Err = String;

    fn from_str(s: &str) -> Result<NoticeKind, String> {
        NoticeKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = NoticeKind::ALL.iter().map(|k| k.as_str()).collect();
                format!(
                    "'{s}' is not an event a notice can follow: use one of {}",
                    names.join(", ")
                )
            })
    }
}

/// Who a notice goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recipient {
    /// The person who reported the ticket.
    Reporter,
    /// The assignee.
    Assignee,
    /// The team's address (`[teams.NAME] email`), else its members.
    Team,
    /// The assignee, or the team when nobody is assigned.
    AssigneeOrTeam,
    /// The Level 1 owner.
    Owner,
    /// A fixed address (a list, an on-call alias).
    Address(String),
}

impl Recipient {
    /// The kinds `to` may name besides an address.
    pub const KINDS: [&'static str; 5] =
        ["reporter", "assignee", "team", "assignee-or-team", "owner"];

    /// The name in desk.toml.
    pub fn as_str(&self) -> &str {
        match self {
            Recipient::Reporter => "reporter",
            Recipient::Assignee => "assignee",
            Recipient::Team => "team",
            Recipient::AssigneeOrTeam => "assignee-or-team",
            Recipient::Owner => "owner",
            Recipient::Address(a) => a,
        }
    }
}

/// One `[[notify]]` rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotifyRule {
    /// The events it follows.
    pub on: Vec<NoticeKind>,
    /// Who hears of them.
    pub to: Recipient,
}

/// The rules that apply when desk.toml has no `[[notify]]` (SPEC 13).
pub fn default_notify() -> Vec<NotifyRule> {
    use NoticeKind as K;
    vec![
        NotifyRule {
            on: vec![
                K::Filed,
                K::PublicComment,
                K::PendingCustomer,
                K::Resolved,
                K::Reopened,
            ],
            to: Recipient::Reporter,
        },
        NotifyRule {
            on: vec![K::Escalated, K::Assigned, K::SlaWarning, K::SlaBreached],
            to: Recipient::AssigneeOrTeam,
        },
    ]
}

/// Whether `s` is one mailbox address (`local@domain`), as RFC 5321 reads it.
pub fn is_address(s: &str) -> bool {
    lettre::Address::from_str(s).is_ok()
}

// ---- reading ------------------------------------------------------------------------

#[derive(Deserialize)]
pub(super) struct RawMail {
    address: Spanned<String>,
    name: Option<String>,
    tag: Option<Spanned<String>>,
    max_attachment: Option<Spanned<String>>,
    #[serde(default)]
    open_replies: bool,
    notice_window: Option<Spanned<String>>,
    since: Option<Spanned<toml::value::Datetime>>,
}

#[derive(Deserialize)]
pub(super) struct RawNotify {
    on: Spanned<Vec<Spanned<String>>>,
    to: Spanned<String>,
}

/// `[mail]`: a valid address, a tag that fits in a subject, sizes and a window that read.
pub(super) fn mail(
    raw: Option<&RawMail>,
    desk_name: &str,
    lines: &Lines,
) -> Result<Option<MailConfig>, String> {
    let Some(m) = raw else { return Ok(None) };
    let address = m.address.get_ref().trim().to_lowercase();
    if !is_address(&address) {
        return Err(lines.at(
            m.address.span(),
            format!(
                "[mail] address '{}' is not an email address: write it as support@example.com",
                m.address.get_ref()
            ),
        ));
    }
    let tag = match &m.tag {
        None => "desk".to_string(),
        Some(t) => {
            let tag = t.get_ref().trim();
            if tag.is_empty()
                || tag.len() > 20
                || !tag
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return Err(lines.at(
                    t.span(),
                    format!("[mail] tag '{}' must be 1-20 letters, digits, '-' or '_' (it stands in subjects: [desk #4f2a9c])", t.get_ref()),
                ));
            }
            tag.to_string()
        }
    };
    let max_attachment = match &m.max_attachment {
        None => 10 * 1024 * 1024,
        Some(v) => parse_size(v.get_ref()).ok_or_else(|| {
            lines.at(
                v.span(),
                format!("[mail] max_attachment '{}' is not a size: write e.g. \"10MB\", \"512KB\" or a number of bytes", v.get_ref()),
            )
        })?,
    };
    let notice_window = match &m.notice_window {
        None => 7 * 86_400,
        Some(v) => crate::time::parse_duration(v.get_ref())
            .filter(|s| *s > 0)
            .ok_or_else(|| {
                lines.at(
                    v.span(),
                    format!(
                        "[mail] notice_window '{}' is not a duration: write e.g. \"7d\" or \"12h\"",
                        v.get_ref()
                    ),
                )
            })?,
    };
    let since = match &m.since {
        None => None,
        Some(v) => Some(
            crate::model::fields::from_toml_datetime(v.get_ref()).ok_or_else(|| {
                lines.at(
                    v.span(),
                    "[mail] since needs a date and time, e.g. since = 2026-11-30T09:00:00Z",
                )
            })?,
        ),
    };
    Ok(Some(MailConfig {
        address,
        name: m.name.clone().unwrap_or_else(|| desk_name.to_string()),
        tag,
        max_attachment,
        open_replies: m.open_replies,
        notice_window,
        since,
    }))
}

/// `[[notify]]`: known event names, a known recipient kind or an address; the defaults
/// when there is none.
pub(super) fn notify(raw: &[RawNotify], lines: &Lines) -> Result<Vec<NotifyRule>, String> {
    if raw.is_empty() {
        return Ok(default_notify());
    }
    let mut rules = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        let where_ = format!("[[notify]] #{}", i + 1);
        if r.on.get_ref().is_empty() {
            return Err(lines.at(
                r.on.span(),
                format!("{where_} on: name at least one event, e.g. on = [\"resolved\"]"),
            ));
        }
        let on =
            r.on.get_ref()
                .iter()
                .map(|e| {
                    e.get_ref()
                        .trim()
                        .parse::<NoticeKind>()
                        .map_err(|m| lines.at(e.span(), format!("{where_} on: {m}")))
                })
                .collect::<Result<Vec<_>, _>>()?;
        let to_text = r.to.get_ref().trim();
        let to = match to_text {
            "reporter" => Recipient::Reporter,
            "assignee" => Recipient::Assignee,
            "team" => Recipient::Team,
            "assignee-or-team" => Recipient::AssigneeOrTeam,
            "owner" => Recipient::Owner,
            a if is_address(a) => Recipient::Address(a.to_lowercase()),
            other => {
                return Err(lines.at(
                    r.to.span(),
                    format!(
                    "{where_} to: '{other}' is neither a recipient kind ({}) nor an email address",
                    Recipient::KINDS.join(", ")
                ),
                ))
            }
        };
        rules.push(NotifyRule { on, to });
    }
    Ok(rules)
}

/// A team's `email`, when it has one.
pub(super) fn team_email(name: &str, email: Option<&String>) -> Result<Option<String>, String> {
    match email {
        None => Ok(None),
        Some(e) if is_address(e.trim()) => Ok(Some(e.trim().to_lowercase())),
        Some(e) => Err(format!(
            "[teams.{name}] email '{e}' is not an email address"
        )),
    }
}

/// `10MB`, `512KB`, `1GB`, `2048` (bytes); binary multiples, as mail clients mean them.
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (number, unit) = s.split_at(split);
    let n: u64 = number.parse().ok()?;
    let factor: u64 = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        _ => return None,
    };
    n.checked_mul(factor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_mail_clients_mean_them() {
        assert_eq!(parse_size("10MB"), Some(10 << 20));
        assert_eq!(parse_size("512 KB"), Some(512 << 10));
        assert_eq!(parse_size("2048"), Some(2048));
        assert_eq!(parse_size("ten"), None);
        assert_eq!(parse_size("10XB"), None);
    }

    #[test]
    fn notice_kinds_round_trip_and_unknown_ones_are_named() {
        for k in NoticeKind::ALL {
            assert_eq!(k.as_str().parse::<NoticeKind>(), Ok(k));
        }
        let err = "escalatd".parse::<NoticeKind>().unwrap_err();
        assert!(
            err.contains("'escalatd'") && err.contains("escalated"),
            "{err}"
        );
    }
}
