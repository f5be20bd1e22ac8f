//! The words of notices: a plain-text template per notice kind, built in, and overridable
//! by a file `mail/templates/<kind>.txt` on the desk branch. A template's first line is
//! the subject; the body follows a blank line. `{{name}}` stands for a value of the
//! ticket or the event ([`PLACEHOLDERS`]); an unknown name is refused with the file and
//! the name, before anything is claimed or sent.

use std::collections::BTreeMap;

use crate::config::NoticeKind;
use crate::error::DeskError;
use crate::store::Snapshot;

/// Where overrides live on the desk branch.
pub const TEMPLATES_DIR: &str = "mail/templates";

/// The names a template may use, and what each stands for.
pub const PLACEHOLDERS: [(&str, &str); 19] = [
    ("desk", "the desk's name ([mail] name)"),
    ("address", "the desk's address"),
    ("tag", "the subject tag ([mail] tag)"),
    ("short", "the ticket's short id, as tables show it"),
    ("id", "the ticket's full id"),
    ("title", "the ticket's title"),
    ("status", "its status now"),
    ("tier", "the tier working it (L1-L5)"),
    ("priority", "its priority (P1-P5)"),
    ("reporter", "who reported it"),
    ("assignee", "who works it (or 'nobody')"),
    ("team", "the team working it (or 'none')"),
    ("notice", "the notice's kind (filed, resolved...)"),
    ("by", "who did what the notice tells of"),
    ("text", "the comment, resolution or reason"),
    ("recipient", "the address the notice goes to"),
    ("clock", "for SLA notices: response or resolution"),
    ("due", "for SLA notices: when the target is (or was) due"),
    (
        "reply",
        "how to answer: reply to this mail to add to the ticket",
    ),
];

/// The subject every notice starts with unless a template says otherwise.
const SUBJECT: &str = "[{{tag}} #{{short}}] {{title}}";

const FOOTER: &str = "\n\n-- \n{{desk}} <{{address}}>\n{{reply}}\n";

/// The built-in template of a kind: subject line, blank line, body.
pub fn builtin(kind: NoticeKind) -> String {
    let (subject, body) = match kind {
        NoticeKind::Filed => (
            SUBJECT.to_string(),
            "Your request has been logged as ticket #{{short}}: {{title}}\n\nStatus: {{status}}, Level {{tier}}, {{priority}}.\nPlease quote #{{short}} when you contact us about it.",
        ),
        NoticeKind::PublicComment => (
            SUBJECT.to_string(),
            "{{by}} wrote on ticket #{{short}}:\n\n{{text}}\n\nStatus: {{status}}, Level {{tier}}.",
        ),
        NoticeKind::PendingCustomer => (
            format!("{SUBJECT} (waiting for you)"),
            "Ticket #{{short}} is waiting for your answer.\n\n{{text}}\n\nThe work goes on as soon as you reply.",
        ),
        NoticeKind::Resolved => (
            format!("{SUBJECT} (resolved)"),
            "Ticket #{{short}} has been resolved by {{by}}:\n\n{{text}}\n\nIf the problem is not fixed, reply and the ticket is looked at again.",
        ),
        NoticeKind::Reopened => (
            format!("{SUBJECT} (reopened)"),
            "Ticket #{{short}} has been reopened by {{by}}:\n\n{{text}}\n\nStatus: {{status}}, Level {{tier}}.",
        ),
        NoticeKind::Closed => (
            format!("{SUBJECT} (closed)"),
            "Ticket #{{short}} is closed.\n\nResolution: {{text}}",
        ),
        NoticeKind::Escalated => (
            format!("{SUBJECT} (escalated to L{{{{tier}}}})"),
            "Ticket #{{short}} was escalated to Level {{tier}} (team {{team}}) by {{by}}:\n\n{{text}}\n\nPriority {{priority}}, status {{status}}, reported by {{reporter}}.",
        ),
        NoticeKind::Assigned => (
            format!("{SUBJECT} (assigned)"),
            "Ticket #{{short}} is assigned to {{assignee}} (team {{team}}) by {{by}}.\n\nPriority {{priority}}, Level {{tier}}, status {{status}}, reported by {{reporter}}.",
        ),
        NoticeKind::SlaWarning => (
            format!("{SUBJECT} (SLA {{{{clock}}}} due {{{{due}}}})"),
            "The {{clock}} target of ticket #{{short}} is due at {{due}}.\n\nPriority {{priority}}, Level {{tier}}, status {{status}}, assigned to {{assignee}}.",
        ),
        NoticeKind::SlaBreached => (
            format!("{SUBJECT} (SLA {{{{clock}}}} breached)"),
            "The {{clock}} target of ticket #{{short}} was due at {{due}} and is breached.\n\nPriority {{priority}}, Level {{tier}}, status {{status}}, assigned to {{assignee}}.",
        ),
    };
    format!("{subject}\n\n{body}{FOOTER}")
}

/// The templates in force on a desk: the built-in ones and the branch's overrides.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    overrides: BTreeMap<NoticeKind, String>,
}

/// A notice in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The subject line.
    pub subject: String,
    /// The body, lines separated by `\n`.
    pub body: String,
}

impl Templates {
    /// The overrides of `snapshot`, each checked: named after a notice kind, UTF-8, and
    /// using only known placeholders.
    pub fn load(snapshot: &Snapshot<'_>) -> Result<Templates, DeskError> {
        let mut overrides = BTreeMap::new();
        for name in snapshot.file_names(TEMPLATES_DIR)? {
            let path = format!("{TEMPLATES_DIR}/{name}");
            let kind = name
                .strip_suffix(".txt")
                .and_then(|k| k.parse::<NoticeKind>().ok())
                .ok_or_else(|| {
                    let names: Vec<String> = NoticeKind::ALL
                        .iter()
                        .map(|k| format!("{}.txt", k.as_str()))
                        .collect();
                    DeskError::invalid(format!(
                        "{path} is not a notice template: name it after a notice kind ({})",
                        names.join(", ")
                    ))
                })?;
            let bytes = snapshot.file(&path)?.unwrap_or_default();
            let text = String::from_utf8(bytes).map_err(|_| {
                DeskError::invalid(format!("{path} is not UTF-8 text: save it as UTF-8"))
            })?;
            check(&path, &text)?;
            overrides.insert(kind, text);
        }
        Ok(Templates { overrides })
    }

    /// The template of `kind`: the override, else the built-in one.
    pub fn text(&self, kind: NoticeKind) -> String {
        self.overrides
            .get(&kind)
            .cloned()
            .unwrap_or_else(|| builtin(kind))
    }

    /// A notice of `kind` with `values` filled in. The subject always carries the tag and
    /// short id, so that a reply finds its ticket even from a client that drops headers.
    pub fn render(&self, kind: NoticeKind, values: &BTreeMap<&str, String>) -> Rendered {
        let text = fill(&self.text(kind), values);
        let (subject, body) = match text.split_once('\n') {
            Some((subject, body)) => (subject, body.strip_prefix('\n').unwrap_or(body)),
            None => (text.as_str(), ""),
        };
        let tag = format!(
            "[{} #{}]",
            values.get("tag").map_or("", String::as_str),
            values.get("short").map_or("", String::as_str)
        );
        let subject = crate::text::one_line(subject.trim());
        let subject = if subject.contains(&tag) {
            subject
        } else {
            format!("{tag} {subject}")
        };
        Rendered {
            subject,
            body: body.to_string(),
        }
    }
}

/// Checks a template's placeholders: every `{{` closed, every name known.
pub fn check(path: &str, text: &str) -> Result<(), DeskError> {
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            return Err(DeskError::invalid(format!(
                "{path}: a '{{{{' is not closed by '}}}}': write placeholders as {{{{title}}}}"
            )));
        };
        let name = after[..end].trim();
        if !PLACEHOLDERS.iter().any(|(n, _)| *n == name) {
            let known: Vec<&str> = PLACEHOLDERS.iter().map(|(n, _)| *n).collect();
            return Err(DeskError::invalid(format!(
                "{path}: unknown placeholder {{{{{name}}}}}: use one of {}",
                known.join(", ")
            )));
        }
        rest = &after[end + 2..];
    }
    Ok(())
}

/// `text` with each `{{name}}` replaced by its value (checked names only reach here).
fn fill(text: &str, values: &BTreeMap<&str, String>) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = after[..end].trim();
        out.push_str(values.get(name).map_or("", String::as_str));
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> BTreeMap<&'static str, String> {
        PLACEHOLDERS
            .iter()
            .map(|(n, _)| (*n, format!("<{n}>")))
            .chain([
                ("tag", "desk".to_string()),
                ("short", "4f2a9c".to_string()),
                ("title", "VPN drops".to_string()),
            ])
            .collect()
    }

    #[test]
    fn every_builtin_template_checks_and_carries_the_tag() {
        let t = Templates::default();
        for kind in NoticeKind::ALL {
            check(kind.as_str(), &builtin(kind)).unwrap();
            let r = t.render(kind, &values());
            assert!(
                r.subject.starts_with("[desk #4f2a9c] VPN drops"),
                "{}",
                r.subject
            );
            assert!(r.body.contains("reply"), "{kind:?}: {}", r.body);
            assert!(!r.body.contains(['{', '}']), "{}", r.body);
            assert!(!r.subject.contains(['{', '}']), "{}", r.subject);
        }
    }

    #[test]
    fn unknown_and_unclosed_placeholders_are_named() {
        let err = check("mail/templates/resolved.txt", "Hi {{ titel }}").unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("mail/templates/resolved.txt") && msg.contains("{{titel}}"),
            "{msg}"
        );
        assert!(err.is_bad_input());
        let err = check("x.txt", "Hi {{title").unwrap_err().to_string();
        assert!(err.contains("not closed"), "{err}");
    }

    #[test]
    fn an_override_without_the_tag_gets_it() {
        let mut t = Templates::default();
        t.overrides.insert(
            NoticeKind::Resolved,
            "Done: {{title}}\n\nFixed: {{text}}\n".to_string(),
        );
        let r = t.render(NoticeKind::Resolved, &values());
        assert_eq!(r.subject, "[desk #4f2a9c] Done: VPN drops");
        assert_eq!(r.body, "Fixed: <text>\n");
    }
}
