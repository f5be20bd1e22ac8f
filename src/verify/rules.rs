//! Each rule of SPEC 12, applied to one update of the desk branch.

use std::collections::{BTreeMap, HashSet};

use super::{
    identify, Pusher, RefUpdate, SignatureCheck, SignatureChecker, Violation, ALLOWED_SIGNERS_PATH,
};
use crate::config::{DeskConfig, Permissions, CONFIG_PATH};
use crate::error::DeskError;
use crate::kb::Article;
use crate::model::ticket::SCHEMA;
use crate::model::{Action, Event, Ticket, TicketId, TicketState};
use crate::store::{ChangedFile, CommitId, Desk, PushedCommit, TICKETS_DIR};

/// The rules, as violations name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The update must be a fast-forward.
    FastForward,
    /// The branch may not be deleted.
    Deletion,
    /// The server must know who pushes.
    Identity,
    /// Every file parses.
    Parse,
    /// A ticket file sits at `tickets/<first two chars>/<id>.toml`.
    Path,
    /// No file of a schema newer than the server's git-desk.
    Schema,
    /// Events already on the server stay, unchanged.
    AppendOnly,
    /// Ticket files are never deleted.
    TicketDeleted,
    /// New events are by the pusher, unless the pusher may relay.
    Author,
    /// `[permissions]`: who may act at which tier.
    Permission,
    /// Only those with the right change desk.toml, KB articles and keys.
    ConfigRight,
    /// With `[server] signed`, every commit is signed by its author.
    Signature,
}

impl Rule {
    /// The rule's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Rule::FastForward => "fast-forward only",
            Rule::Deletion => "no deletion",
            Rule::Identity => "identity",
            Rule::Parse => "parses",
            Rule::Path => "id matches path",
            Rule::Schema => "schema",
            Rule::AppendOnly => "append-only",
            Rule::TicketDeleted => "no ticket deleted",
            Rule::Author => "events by the pusher",
            Rule::Permission => "permissions",
            Rule::ConfigRight => "config right",
            Rule::Signature => "signed commits",
        }
    }
}

/// The commands (`[permissions.actions]` keys, `may_act` verbs) that write an event of
/// this kind: the server sees events, not commands, so an event is allowed when any of
/// them is. Empty for events no tier right governs (filing, mail records, unknown kinds).
pub fn verbs_for(action: &Action) -> &'static [&'static str] {
    match action {
        Action::Created(_)
        | Action::Received(_)
        | Action::Notified(_)
        | Action::Delivery { .. }
        | Action::Swept { .. }
        | Action::Other(_) => &[],
        Action::Commented {
            internal: false, ..
        } => &["comment"],
        Action::Commented { internal: true, .. } => &["note"],
        Action::Assigned { .. } => &["assign", "take"],
        Action::OwnerChanged { .. } => &["assign"],
        Action::StatusChanged { .. } => &["status", "start", "pend", "close"],
        Action::Resolved { .. } => &["resolve", "problem-resolve"],
        Action::Reopened { .. } => &["reopen"],
        Action::TierChanged { from, to, .. } if to > from => &["escalate"],
        Action::TierChanged { .. } => &["deescalate"],
        Action::FieldSet { .. } | Action::Labeled { .. } => &["set", "edit"],
        Action::Linked { .. } | Action::Unlinked { .. } => &["link", "problem", "kb"],
        Action::RcaRecorded(_) => &["rca", "problem-resolve"],
        Action::VendorHandoff(_) => &["vendor"],
        Action::Rated { .. } => &["rate"],
    }
}

/// What every check of one update shares.
struct Context<'a> {
    desk: &'a Desk,
    /// The rules in force: the old tip's desk.toml (the new tip's for a new branch).
    config: &'a DeskConfig,
    pusher: Option<&'a Pusher>,
    commits: &'a [PushedCommit],
    new: CommitId,
    found: Vec<Violation>,
}

impl Context<'_> {
    /// Records a violation about `path`, naming the first pushed commit that left the
    /// file as the push leaves it.
    fn file(&mut self, path: &str, rule: Rule, message: String) -> Result<(), DeskError> {
        let commit = self
            .desk
            .first_commit_leaving(self.commits, path, self.new)?
            .unwrap_or(self.new);
        self.found.push(Violation {
            commit: commit.short(),
            path: Some(path.to_string()),
            rule,
            message,
        });
        Ok(())
    }
}

pub(super) fn check(
    desk: &Desk,
    update: &RefUpdate,
    lookup: &dyn Fn(&str) -> Option<String>,
    check_signature: SignatureChecker<'_>,
) -> Result<Vec<Violation>, DeskError> {
    let old = match &update.old {
        None => None,
        Some(hex) => Some(desk.find_commit(hex)?.ok_or_else(|| {
            DeskError::invalid(format!(
                "the old value {hex} of {} is not a commit of this repository: give the ref's current value",
                update.refname
            ))
        })?),
    };
    let Some(new_hex) = &update.new else {
        let short = old.map(|c| c.short()).unwrap_or_default();
        return Ok(vec![Violation {
            commit: short,
            path: None,
            rule: Rule::Deletion,
            message: format!(
                "{} may not be deleted: the desk's history lives on it; ask the server's administrator if it really must go",
                update.refname
            ),
        }]);
    };
    let Some(new) = desk.find_commit(new_hex)? else {
        return Ok(vec![Violation {
            commit: new_hex.chars().take(CommitId::SHORT_LEN).collect(),
            path: None,
            rule: Rule::Parse,
            message: "the new value is not a commit: push a commit of the desk branch".into(),
        }]);
    };
    if let Some(old) = old {
        if !desk.descends_from(new, old)? {
            return Ok(vec![Violation {
                commit: new.short(),
                path: None,
                rule: Rule::FastForward,
                message: format!(
                    "the push would drop the server's commits up to {}: fetch and merge first (git desk sync), never push --force",
                    old.short()
                ),
            }]);
        }
    }
    let rules_at = desk.snapshot_at(old.unwrap_or(new))?;
    let config = &rules_at.config;
    let commits = desk.commits_between(old, new)?;
    let mut found = Vec::new();
    let pusher = match identify(config, lookup) {
        Ok(p) => Some(p),
        Err(message) => {
            found.push(Violation {
                commit: new.short(),
                path: None,
                rule: Rule::Identity,
                message,
            });
            None
        }
    };
    let mut cx = Context {
        desk,
        config,
        pusher: pusher.as_ref(),
        commits: &commits,
        new,
        found,
    };
    for file in desk.changed_files(old, new)? {
        check_file(&mut cx, &file)?;
    }
    if config.server.signed {
        check_signatures(
            &mut cx,
            rules_at.file(ALLOWED_SIGNERS_PATH)?,
            check_signature,
        )?;
    }
    Ok(cx.found)
}

fn check_file(cx: &mut Context<'_>, file: &ChangedFile) -> Result<(), DeskError> {
    let path = file.path.as_str();
    if let Some(rest) = path
        .strip_prefix(TICKETS_DIR)
        .and_then(|r| r.strip_prefix('/'))
    {
        return check_ticket(cx, file, rest);
    }
    if let Some(pusher) = cx.pusher {
        if let Some(why) = no_config_right(cx.config, &pusher.email) {
            cx.file(path, Rule::ConfigRight, why)?;
        }
    }
    let Some(bytes) = &file.new else {
        return Ok(());
    };
    let text = std::str::from_utf8(bytes).map_err(|_| "it is not UTF-8".to_string());
    let parsed = if path == CONFIG_PATH {
        text.and_then(|t| DeskConfig::parse(t).map(|_| ()))
    } else if let Some(slug) = path.strip_prefix("kb/").and_then(|p| p.strip_suffix(".md")) {
        text.and_then(|t| Article::parse(slug, t).map(|_| ()))
    } else {
        Ok(())
    };
    if let Err(reason) = parsed {
        cx.file(
            path,
            Rule::Parse,
            format!("it does not parse ({reason}): fix it and push again"),
        )?;
    }
    Ok(())
}

/// Why `email` may not change desk.toml, KB articles or keys; `None` when it may.
fn no_config_right(config: &DeskConfig, email: &str) -> Option<String> {
    if let Some(reason) = &config.broken {
        return Some(format!(
            "desk.toml on the server is broken ({reason}), so no right can be read: the server's administrator must repair it"
        ));
    }
    (!config.may_configure(email)).then(|| {
        format!(
            "{email} may not change desk.toml, KB articles or keys ([permissions] config: members of {}): ask a member to push it",
            Permissions::describe(config.permissions.config.as_deref())
        )
    })
}

fn check_ticket(cx: &mut Context<'_>, file: &ChangedFile, rest: &str) -> Result<(), DeskError> {
    let path = file.path.as_str();
    let id = rest
        .split_once('/')
        .and_then(|(_, name)| name.strip_suffix(".toml"))
        .and_then(|id| TicketId::parse(id).ok())
        .filter(|id| id.path() == path);
    let Some(id) = id else {
        if file.new.is_some() {
            cx.file(
                path,
                Rule::Path,
                "a ticket file lives at tickets/<first two characters of its id>/<id>.toml: move it there".into(),
            )?;
        }
        return Ok(());
    };
    let matrix = &cx.config.matrix;
    let parse = |bytes: &[u8]| -> Result<Ticket, String> {
        let text = std::str::from_utf8(bytes).map_err(|_| "it is not UTF-8".to_string())?;
        Ticket::from_toml(&id, text, matrix)
    };
    let old = file.old.as_deref().and_then(|b| parse(b).ok());
    let Some(bytes) = &file.new else {
        return cx.file(
            path,
            Rule::TicketDeleted,
            "a ticket file may not be deleted (its events are the desk's history): restore it from the server (git desk sync)".into(),
        );
    };
    let ticket = match parse(bytes) {
        Ok(t) => t,
        Err(reason) => {
            return cx.file(
                path,
                Rule::Parse,
                format!("it does not parse ({reason}): repair it (git desk doctor) and push again"),
            );
        }
    };
    if ticket.schema > SCHEMA {
        return cx.file(
            path,
            Rule::Schema,
            format!(
                "its schema {} is newer than the server's git-desk understands ({SCHEMA}): upgrade git-desk on the server first",
                ticket.schema
            ),
        );
    }
    let new_events: BTreeMap<&str, &Event> =
        ticket.events.iter().map(|e| (e.id.as_str(), e)).collect();
    if let Some(old) = &old {
        for event in &old.events {
            let problem = match new_events.get(event.id.as_str()) {
                None => "is missing",
                Some(e) if *e != event => "was changed",
                Some(_) => continue,
            };
            cx.file(
                path,
                Rule::AppendOnly,
                format!(
                    "event {} ({} by {}) {problem}: events are never rewritten or removed; fetch and merge (git desk sync) and add a new event instead",
                    event.id, event.action.kind(), event.by
                ),
            )?;
        }
    }
    let old_ids: HashSet<&str> = old
        .iter()
        .flat_map(|t| t.events.iter().map(|e| e.id.as_str()))
        .collect();
    let Some(pusher) = cx.pusher else {
        return Ok(());
    };
    let fresh: Vec<&Event> = ticket
        .events
        .iter()
        .filter(|e| !old_ids.contains(e.id.as_str()))
        .collect();
    if !cx.config.may_relay(&pusher.email) {
        for event in fresh
            .iter()
            .filter(|e| !e.by.eq_ignore_ascii_case(&pusher.email))
        {
            cx.file(
                path,
                Rule::Author,
                format!(
                    "new event {} ({}) is by {}, but {} pushes and may not relay others' events ([permissions] relay: members of {}): let {} push it",
                    event.id,
                    event.action.kind(),
                    event.by,
                    pusher.named(),
                    Permissions::describe(cx.config.permissions.relay.as_deref()),
                    event.by
                ),
            )?;
        }
    }
    for message in permission_refusals(cx.config, &ticket, &fresh) {
        cx.file(path, Rule::Permission, message)?;
    }
    Ok(())
}

/// Why each new event's author could not have done it at the tier the ticket had just
/// before it, as `[permissions]` rules (the check the client makes, made again).
fn permission_refusals(config: &DeskConfig, ticket: &Ticket, fresh: &[&Event]) -> Vec<String> {
    let fresh_ids: HashSet<&str> = fresh.iter().map(|e| e.id.as_str()).collect();
    // A sweep records its rule after the moves it made; the rule is the desk's, so the
    // moves are the desk's too (as `git desk sweep` applies them without asking).
    let swept_by: HashSet<&str> = fresh
        .iter()
        .filter(|e| match &e.action {
            Action::Swept { rule } => config.escalation.iter().any(|r| &r.key() == rule),
            _ => false,
        })
        .map(|e| e.by.as_str())
        .collect();
    let mut refusals = Vec::new();
    let mut before: Option<TicketState> = None;
    ticket.replay(&config.matrix, &mut |event, after| {
        if fresh_ids.contains(event.id.as_str()) && !swept_by.contains(event.by.as_str()) {
            let verbs = verbs_for(&event.action);
            if let (Some(state), false) = (&before, verbs.is_empty()) {
                let at = Ticket {
                    state: state.clone(),
                    events: Vec::new(),
                };
                let checks: Vec<Result<(), DeskError>> = verbs
                    .iter()
                    .map(|verb| crate::workflow::may_act(config, &event.by, &at, verb))
                    .collect();
                if !checks.iter().any(Result::is_ok) {
                    let reason = checks
                        .into_iter()
                        .find_map(Result::err)
                        .map(|e| e.to_string())
                        .unwrap_or_default();
                    refusals.push(format!(
                        "new event {} ({}): {reason}",
                        event.id,
                        event.action.kind()
                    ));
                }
            }
        }
        before = Some(after.clone());
    });
    refusals
}

fn check_signatures(
    cx: &mut Context<'_>,
    allowed: Option<Vec<u8>>,
    check_signature: SignatureChecker<'_>,
) -> Result<(), DeskError> {
    let Some(allowed) = allowed else {
        cx.found.push(Violation {
            commit: cx.new.short(),
            path: Some(ALLOWED_SIGNERS_PATH.into()),
            rule: Rule::Signature,
            message: format!(
                "[server] signed = true, but the branch has no {ALLOWED_SIGNERS_PATH}: commit the signers' keys there (\"EMAIL KEYTYPE KEY\" lines) first"
            ),
        });
        return Ok(());
    };
    for commit in cx.commits {
        let problem = match check_signature(commit.id, &allowed)? {
            SignatureCheck::Good(principal)
                if principal.eq_ignore_ascii_case(&commit.author_email) =>
            {
                continue
            }
            SignatureCheck::Good(principal) => format!(
                "it is signed by {principal}'s key, but its author is {}",
                commit.author_email
            ),
            SignatureCheck::Bad(reason) => reason,
        };
        cx.found.push(Violation {
            commit: commit.id.short(),
            path: None,
            rule: Rule::Signature,
            message: format!(
                "{problem}: the desk takes only commits signed by their author's key in {ALLOWED_SIGNERS_PATH} (set commit.gpgsign, gpg.format and user.signingkey, then recommit)"
            ),
        });
    }
    Ok(())
}
