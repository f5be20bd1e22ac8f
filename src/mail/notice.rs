//! Which notices are due (SPEC 13, "Notices out"): worked out from the events since each
//! ticket's last notice, the `[[notify]]` rules and the claims already recorded, so that
//! every clone that has the same history works out the same notices.
//!
//! A notice is claimed (a `notified` event) before it is sent and its outcome recorded
//! after (a `delivery` event). A claim whose delivery failed is due again, up to
//! [`MAX_ATTEMPTS`] attempts; a claim with no outcome after [`CLAIM_TIMEOUT`] is due again
//! too: whoever claimed it died between claiming and sending (the only window in which a
//! notice can go out twice).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, SecondsFormat, Utc};

use crate::config::{DeskConfig, MailConfig, NoticeKind, Recipient};
use crate::error::DeskError;
use crate::model::{Action, Event, Notice, PendingReason, Status, Ticket, TicketId, TicketState};
use crate::sla::{ClockState, SlaClock};
use crate::store::Listing;

use super::compose::{Mailbox, Outgoing};
use super::template::Templates;
use super::{domain_of, notice_message_id, thread_root};

/// How many times a notice is tried before it is given up.
pub const MAX_ATTEMPTS: u32 = 5;

/// A claim with no recorded outcome this old was left by a run that died between claiming
/// and sending: the notice is due again.
pub const CLAIM_TIMEOUT: Duration = Duration::hours(1);

/// A notice that is due: the claim to record, and what it tells of.
#[derive(Debug, Clone, PartialEq)]
pub struct DueNotice {
    /// The ticket it is about.
    pub ticket: TicketId,
    /// What it tells of.
    pub kind: NoticeKind,
    /// The claim as it will be recorded.
    pub notice: Notice,
    /// The event it tells of (none for SLA notices).
    pub event: Option<Event>,
    /// For SLA notices: the clock (`response`, `resolution`) and its due time.
    pub sla: Option<(String, DateTime<Utc>)>,
}

/// What a ticket's log says of one notice (by its `Message-ID`).
#[derive(Default)]
struct History {
    /// The latest claim: its attempt, the fold position and time of the first claim of
    /// that attempt (two clones may both have claimed it; one of them sent it).
    latest: Option<(u32, usize, DateTime<Utc>)>,
    /// The last claim itself, for a retry.
    claim: Option<Notice>,
    /// Each outcome: fold position and failure.
    outcomes: Vec<(usize, Option<String>)>,
}

/// The refusal when desk.toml has no `[mail]`: notices need the desk's address.
pub fn no_mail() -> DeskError {
    DeskError::invalid(
        "desk.toml has no [mail] section, so notices have no sender: add one with `git desk config edit` ([mail] address = \"support@example.com\")",
    )
}

/// Whether the rules ask for SLA notices at all: only then are open tickets' clocks read.
pub fn wants_sla(config: &DeskConfig) -> bool {
    config.notify.iter().any(|r| {
        r.on.iter()
            .any(|k| matches!(k, NoticeKind::SlaWarning | NoticeKind::SlaBreached))
    })
}

/// Every notice due on the desk at `now`: the tickets worked within the notice window
/// (from their summaries) and, when a rule follows SLA warnings or breaches, the open
/// tickets; each candidate read whole. In ticket order, then log order.
pub fn due(
    listing: &Listing,
    config: &DeskConfig,
    mail: &MailConfig,
    now: DateTime<Utc>,
) -> Vec<DueNotice> {
    let since = mail.notices_since(now);
    let sla = wants_sla(config);
    let candidates = listing.summaries_where(&|t: &TicketState| {
        t.updated >= since
            || t.customer_updated.is_some_and(|c| c >= since)
            || (sla && t.status.is_active())
    });
    let per_ticket = crate::parallel::runs(candidates.len(), |range| {
        range
            .flat_map(|i| due_on(&listing.ticket(candidates[i].0), config, mail, now))
            .collect::<Vec<_>>()
    });
    per_ticket.into_iter().flatten().collect()
}

/// The notices due on one ticket at `now`.
pub fn due_on(
    ticket: &Ticket,
    config: &DeskConfig,
    mail: &MailConfig,
    now: DateTime<Utc>,
) -> Vec<DueNotice> {
    let domain = domain_of(&mail.address);
    let since = mail.notices_since(now);
    let mut histories: BTreeMap<String, History> = BTreeMap::new();
    for (pos, e) in ticket.events.iter().enumerate() {
        match &e.action {
            Action::Notified(n) => {
                let h = histories.entry(n.message_id.clone()).or_default();
                let newer = h.latest.is_none_or(|(a, _, _)| n.attempt > a);
                if newer {
                    h.latest = Some((n.attempt, pos, e.at));
                }
                if h.latest.is_some_and(|(a, _, _)| n.attempt >= a) {
                    h.claim = Some((**n).clone());
                }
            }
            Action::Delivery {
                message_id,
                failure,
            } => histories
                .entry(message_id.clone())
                .or_default()
                .outcomes
                .push((pos, failure.clone())),
            _ => {}
        }
    }
    let mut due: BTreeMap<String, DueNotice> = BTreeMap::new();
    // Claimed before: due again after a failure or a claimant that died.
    for (id, h) in &histories {
        let (Some((attempt, first, at)), Some(claim)) = (h.latest, &h.claim) else {
            continue;
        };
        if h.outcomes.iter().any(|(_, failure)| failure.is_none()) {
            continue;
        }
        let answered = h.outcomes.iter().any(|(pos, _)| *pos > first);
        let retry = if answered {
            true
        } else {
            now - at >= CLAIM_TIMEOUT
        };
        if !retry || attempt >= MAX_ATTEMPTS {
            continue;
        }
        let Ok(kind) = claim.notice.parse::<NoticeKind>() else {
            continue;
        };
        let event = ticket.events.iter().find(|e| e.id == claim.about).cloned();
        due.insert(
            id.clone(),
            DueNotice {
                ticket: ticket.id.clone(),
                kind,
                notice: Notice {
                    attempt: attempt + 1,
                    ..claim.clone()
                },
                event,
                sla: sla_of(&claim.about),
            },
        );
    }
    let mut propose = |kind: NoticeKind,
                       about: String,
                       state: &TicketState,
                       event: Option<&Event>,
                       sla: Option<(String, DateTime<Utc>)>| {
        for rule in config.notify.iter().filter(|r| r.on.contains(&kind)) {
            for to in recipients(&rule.to, state, config) {
                // Nobody hears of what they did themselves; but whoever files a ticket
                // hears that it was filed, with the number to quote (the acknowledgement
                // a customer who mailed in waits for).
                if kind != NoticeKind::Filed && event.is_some_and(|e| same_person(&e.by, &to)) {
                    continue;
                }
                let message_id = notice_message_id(&ticket.id, &about, &to, domain);
                if histories.contains_key(&message_id) || due.contains_key(&message_id) {
                    continue;
                }
                due.insert(
                    message_id.clone(),
                    DueNotice {
                        ticket: ticket.id.clone(),
                        kind,
                        notice: Notice {
                            notice: kind.as_str().to_string(),
                            about: about.clone(),
                            to: vec![to],
                            message_id,
                            attempt: 1,
                        },
                        event: event.cloned(),
                        sla: sla.clone(),
                    },
                );
            }
        }
    };
    let mut before: Option<TicketState> = None;
    // Most tickets read for their SLA clocks did nothing lately: no replay for them.
    let recent = ticket.events.iter().any(|e| e.at >= since && e.at <= now);
    if recent {
        ticket.replay(&config.matrix, &mut |e, state| {
            if e.at >= since && e.at <= now {
                if let Some(kind) = kind_of(e, before.as_ref()) {
                    propose(kind, e.id.clone(), state, Some(e), None);
                }
            }
            before = Some(state.clone());
        });
    }
    if wants_sla(config) && ticket.status.is_active() {
        let status = crate::sla::evaluate(ticket, &config.matrix, config, now);
        for (name, clock) in [
            ("response", &status.response),
            ("resolution", &status.resolution),
        ] {
            // A target breached before the window is old news, like an old event.
            if let Some((kind, due_at)) = sla_kind(clock).filter(|(_, due)| *due >= since) {
                let about = sla_about(kind, name, due_at);
                propose(
                    kind,
                    about,
                    &ticket.state,
                    None,
                    Some((name.to_string(), due_at)),
                );
            }
        }
    }
    let mut out: Vec<DueNotice> = due.into_values().collect();
    // In the order of what they tell of: a filing's notice before a comment's.
    let order = |d: &DueNotice| {
        d.event
            .as_ref()
            .and_then(|e| ticket.events.iter().position(|x| x.id == e.id))
            .unwrap_or(usize::MAX)
    };
    out.sort_by_key(|d| (order(d), d.notice.message_id.clone()));
    out
}

/// The kind of notice an event calls for, if any (`before`: the state before it).
pub fn kind_of(e: &Event, before: Option<&TicketState>) -> Option<NoticeKind> {
    Some(match &e.action {
        Action::Created(_) => NoticeKind::Filed,
        Action::Commented {
            internal: false, ..
        } => NoticeKind::PublicComment,
        Action::StatusChanged {
            to: Status::Pending,
            pending_reason: Some(PendingReason::Customer),
            ..
        } => NoticeKind::PendingCustomer,
        Action::StatusChanged {
            to: Status::Closed, ..
        } => NoticeKind::Closed,
        Action::Resolved { .. } => NoticeKind::Resolved,
        Action::Reopened { .. } => NoticeKind::Reopened,
        Action::TierChanged { from, to, .. } if to > from => NoticeKind::Escalated,
        Action::Assigned { assignee, team } => {
            let names = |v: &Option<String>| v.as_deref().is_some_and(|s| !s.trim().is_empty());
            // A hand-over to someone: not a clearing, not the same hands again.
            let same = before.is_some_and(|b| {
                (assignee.is_none() || *assignee == b.assignee)
                    && (team.is_none() || *team == b.team)
            });
            if !(names(assignee) || names(team)) || same {
                return None;
            }
            NoticeKind::Assigned
        }
        _ => return None,
    })
}

/// The addresses a rule's recipient stands for on a ticket in `state`.
pub fn recipients(to: &Recipient, state: &TicketState, config: &DeskConfig) -> Vec<String> {
    let person = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| crate::config::is_address(s))
            .map(str::to_lowercase)
    };
    let team = || -> Vec<String> {
        let Some(team) = state.team.as_deref().and_then(|t| config.teams.get(t)) else {
            return Vec::new();
        };
        match &team.email {
            Some(e) => vec![e.clone()],
            None => team
                .members
                .iter()
                .filter(|m| crate::config::is_address(m.trim()))
                .map(|m| m.trim().to_lowercase())
                .collect(),
        }
    };
    let mut out = match to {
        Recipient::Reporter => person(&Some(state.reporter.clone())).into_iter().collect(),
        Recipient::Assignee => person(&state.assignee).into_iter().collect(),
        Recipient::Team => team(),
        Recipient::AssigneeOrTeam => match person(&state.assignee) {
            Some(a) => vec![a],
            None => team(),
        },
        Recipient::Owner => person(&state.owner).into_iter().collect(),
        Recipient::Address(a) => vec![a.to_lowercase()],
    };
    out.sort();
    out.dedup();
    out
}

fn same_person(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The SLA notice a clock calls for: a warning or a breach of a running clock.
fn sla_kind(clock: &SlaClock) -> Option<(NoticeKind, DateTime<Utc>)> {
    let due = clock.due?;
    match clock.state {
        ClockState::Warning => Some((NoticeKind::SlaWarning, due)),
        ClockState::Breached => Some((NoticeKind::SlaBreached, due)),
        _ => None,
    }
}

/// What an SLA notice is about: the clock and its due time, so that it goes out once per
/// target and episode (a pause or a reopen gives the clock a new due time).
fn sla_about(kind: NoticeKind, clock: &str, due: DateTime<Utc>) -> String {
    format!(
        "{} {clock} {}",
        kind.as_str(),
        due.to_rfc3339_opts(SecondsFormat::Secs, true)
    )
}

/// The clock and due time an SLA notice's `about` names.
fn sla_of(about: &str) -> Option<(String, DateTime<Utc>)> {
    let mut words = about.split(' ');
    let (_kind, clock, due) = (words.next()?, words.next()?, words.next()?);
    let due = DateTime::parse_from_rfc3339(due).ok()?.with_timezone(&Utc);
    Some((clock.to_string(), due))
}

/// A notice claimed in a commit: the claim, the `notified` event recording it, and the
/// message to send once the claim holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Claimed {
    /// The ticket.
    pub ticket: TicketId,
    /// Its short id, as tables show it.
    pub short: String,
    /// What it tells of.
    pub kind: NoticeKind,
    /// The claim.
    pub notice: Notice,
    /// The id of the `notified` event that records the claim.
    pub event: String,
    /// The message.
    pub outgoing: Outgoing,
}

/// How many of the thread's latest messages a notice names in `References` beside its
/// root: enough for clients to thread it, short enough for long tickets.
const RECENT_REFERENCES: usize = 3;

/// The message of a due notice on `ticket` (the whole ticket, as it is when claimed).
pub fn render(
    due: &DueNotice,
    ticket: &Ticket,
    short: &str,
    config: &DeskConfig,
    templates: &Templates,
    now: DateTime<Utc>,
) -> Outgoing {
    let mail = config
        .mail
        .as_ref()
        .expect("notices are worked out only with [mail]");
    let domain = domain_of(&mail.address);
    let state = &ticket.state;
    let nobody = |v: &Option<String>, none: &str| v.clone().unwrap_or_else(|| none.to_string());
    let text = match due.event.as_ref().map(|e| &e.action) {
        Some(Action::Commented { text, .. }) => text.clone(),
        Some(Action::Resolved { resolution, .. }) => resolution.clone(),
        Some(Action::Reopened { reason }) => reason.clone(),
        Some(Action::TierChanged { reason, .. }) => reason.clone(),
        Some(Action::StatusChanged { reason, .. }) => reason
            .clone()
            .or_else(|| state.resolution.clone())
            .unwrap_or_default(),
        Some(Action::Created(f)) => f.description.clone(),
        _ => String::new(),
    };
    let (clock, due_at) = match &due.sla {
        Some((clock, at)) => (clock.clone(), at.format("%Y-%m-%d %H:%M UTC").to_string()),
        None => (String::new(), String::new()),
    };
    let values: BTreeMap<&str, String> = [
        ("desk", mail.name.clone()),
        ("address", mail.address.clone()),
        ("tag", mail.tag.clone()),
        ("short", short.to_string()),
        ("id", ticket.id.to_string()),
        ("title", state.title.clone()),
        ("status", state.status.to_string()),
        ("tier", state.tier.to_string()),
        ("priority", state.priority.to_string()),
        ("reporter", state.reporter.clone()),
        ("assignee", nobody(&state.assignee, "nobody")),
        ("team", nobody(&state.team, "none")),
        ("notice", due.kind.as_str().to_string()),
        (
            "by",
            due.event
                .as_ref()
                .map_or_else(|| mail.name.clone(), |e| e.by.clone()),
        ),
        ("text", text),
        ("recipient", due.notice.to.join(", ")),
        ("clock", clock),
        ("due", due_at),
        (
            "reply",
            "Reply to this mail to add to the ticket.".to_string(),
        ),
    ]
    .into_iter()
    .collect();
    let rendered = templates.render(due.kind, &values);
    let root = state
        .message_ids
        .first()
        .cloned()
        .unwrap_or_else(|| thread_root(&ticket.id, domain));
    // The thread as these recipients saw it: the mail received and the notices they got
    // before this one, in order. The notice answers the latest; `References` names the
    // root and the latest few, as a reply from a mail client would.
    let mut thread: Vec<&str> = Vec::new();
    for e in &ticket.events {
        let id = match &e.action {
            Action::Received(r) => r.message_id.as_str(),
            Action::Notified(n)
                if n.message_id != due.notice.message_id
                    && n.to.iter().any(|to| due.notice.to.contains(to)) =>
            {
                n.message_id.as_str()
            }
            _ => continue,
        };
        if id != root && !thread.contains(&id) {
            thread.push(id);
        }
    }
    let in_reply_to = thread
        .last()
        .map_or_else(|| root.clone(), |id| id.to_string());
    let mut references = vec![root.clone()];
    let skip = thread.len().saturating_sub(RECENT_REFERENCES);
    references.extend(thread[skip..].iter().map(|id| id.to_string()));
    Outgoing {
        from: Mailbox {
            name: Some(mail.name.clone()),
            address: mail.address.clone(),
        },
        to: due.notice.to.clone(),
        subject: rendered.subject,
        message_id: due.notice.message_id.clone(),
        in_reply_to: Some(in_reply_to),
        references,
        date: now,
        body: rendered.body,
        ticket: ticket.id.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Filing;

    const CAROL: &str = "carol@example.org";
    const ALICE: &str = "alice@example.com";

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        format!("2026-11-22T{h:02}:{m:02}:00Z").parse().unwrap()
    }

    fn config() -> DeskConfig {
        let mut config = DeskConfig::parse(&format!(
            "{}\n[mail]\naddress = \"support@example.com\"\n",
            crate::config::DEFAULT_CONFIG.replace(
                "[teams.tech-support]\nmembers = []",
                "[teams.tech-support]\nmembers = [\"tina@example.com\"]\nemail = \"tech@example.com\""
            )
        ))
        .unwrap();
        config.notify = crate::config::default_notify();
        config
    }

    fn ticket(config: &DeskConfig) -> Ticket {
        Ticket::file(
            TicketId::parse("4f2a9c1d7e3b5a60").unwrap(),
            Filing::new("VPN drops", CAROL),
            ALICE,
            at(9, 0),
            &config.matrix,
        )
    }

    fn due_at(t: &Ticket, config: &DeskConfig, now: DateTime<Utc>) -> Vec<(String, String, u32)> {
        due_on(t, config, config.mail.as_ref().unwrap(), now)
            .into_iter()
            .map(|d| (d.notice.notice, d.notice.to[0].clone(), d.notice.attempt))
            .collect()
    }

    fn claim(t: &mut Ticket, config: &DeskConfig, now: DateTime<Utc>) -> Vec<DueNotice> {
        let due = due_on(t, config, config.mail.as_ref().unwrap(), now);
        for d in &due {
            t.record(
                Action::Notified(Box::new(d.notice.clone())),
                ALICE,
                now,
                &config.matrix,
            );
        }
        due
    }

    fn outcome(
        t: &mut Ticket,
        config: &DeskConfig,
        d: &DueNotice,
        failure: Option<&str>,
        now: DateTime<Utc>,
    ) {
        let action = Action::Delivery {
            message_id: d.notice.message_id.clone(),
            failure: failure.map(str::to_string),
        };
        t.record(action, ALICE, now, &config.matrix);
    }

    #[test]
    fn events_call_for_notices_to_everyone_but_who_did_them() {
        let config = config();
        let mut t = ticket(&config);
        let comment = |text: &str| Action::Commented {
            text: text.into(),
            internal: false,
        };
        t.record(comment("try this"), ALICE, at(9, 5), &config.matrix);
        t.record(comment("did not help"), CAROL, at(9, 6), &config.matrix);
        let note = Action::Commented {
            text: "internal".into(),
            internal: true,
        };
        t.record(note, ALICE, at(9, 7), &config.matrix);
        let assign = Action::Assigned {
            assignee: None,
            team: Some("tech-support".into()),
        };
        t.record(assign, ALICE, at(9, 8), &config.matrix);
        assert_eq!(
            due_at(&t, &config, at(10, 0)),
            [
                ("filed".to_string(), CAROL.to_string(), 1),
                ("public-comment".to_string(), CAROL.to_string(), 1),
                ("assigned".to_string(), "tech@example.com".to_string(), 1),
            ]
        );
        // A week on, the same events are too old to tell of; only the SLA breach (the
        // team's address hears of it) is news.
        let later = at(10, 0) + Duration::days(8);
        assert_eq!(
            due_at(&t, &config, later),
            [(
                "sla-breached".to_string(),
                "tech@example.com".to_string(),
                1
            )]
        );
    }

    #[test]
    fn a_claim_is_due_again_after_a_failure_or_an_hour_without_outcome() {
        let config = config();
        let mut t = ticket(&config);
        let first = claim(&mut t, &config, at(9, 1));
        assert_eq!(first.len(), 1);
        assert!(due_at(&t, &config, at(9, 30)).is_empty(), "in flight");
        assert_eq!(
            due_at(&t, &config, at(10, 2)),
            [("filed".to_string(), CAROL.to_string(), 2)],
            "the claimant died"
        );
        outcome(&mut t, &config, &first[0], Some("451 later"), at(9, 2));
        for attempt in 2..=MAX_ATTEMPTS {
            let again = claim(&mut t, &config, at(9, 3));
            assert_eq!(again.len(), 1);
            assert_eq!(again[0].notice.attempt, attempt);
            assert_eq!(again[0].notice.message_id, first[0].notice.message_id);
            outcome(&mut t, &config, &again[0], Some("451 later"), at(9, 4));
        }
        assert!(
            due_at(&t, &config, at(9, 5)).is_empty(),
            "given up after {MAX_ATTEMPTS}"
        );
    }

    #[test]
    fn a_delivered_notice_is_not_due_again_even_beside_a_void_claim() {
        let config = config();
        let mut t = ticket(&config);
        let first = claim(&mut t, &config, at(9, 1));
        outcome(&mut t, &config, &first[0], None, at(9, 1));
        // Another clone's claim of the same notice, merged in after the delivery.
        t.record(
            Action::Notified(Box::new(first[0].notice.clone())),
            "bob@example.com",
            at(9, 1),
            &config.matrix,
        );
        assert!(due_at(&t, &config, at(12, 0)).is_empty());
    }

    #[test]
    fn recipients_resolve_teams_by_address_else_members() {
        let config = config();
        let mut t = ticket(&config);
        t.state.team = Some("tech-support".into());
        assert_eq!(
            recipients(&Recipient::Team, &t, &config),
            ["tech@example.com"]
        );
        t.state.team = Some("service-desk".into());
        assert!(recipients(&Recipient::Team, &t, &config).is_empty());
        t.state.assignee = Some("Bob@Example.com".into());
        assert_eq!(
            recipients(&Recipient::AssigneeOrTeam, &t, &config),
            ["bob@example.com"]
        );
        assert!(recipients(&Recipient::Owner, &t, &config).is_empty());
    }
}

#[cfg(test)]
mod threading {
    use super::*;
    use crate::model::Filing;

    #[test]
    fn a_notice_answers_the_latest_mail_and_names_the_thread() {
        let config = DeskConfig::parse(&format!(
            "{}\n[mail]\naddress = \"support@example.com\"\n",
            crate::config::DEFAULT_CONFIG
        ))
        .unwrap();
        let at: DateTime<Utc> = "2026-11-22T09:00:00Z".parse().unwrap();
        let mut t = Ticket::file(
            TicketId::parse("4f2a9c1d7e3b5a60").unwrap(),
            Filing::new("VPN drops", "carol@example.org"),
            "carol@example.org",
            at,
            &config.matrix,
        );
        let due = due_on(&t, &config, config.mail.as_ref().unwrap(), at).remove(0);
        let templates = Templates::default();
        let first = render(&due, &t, "4f2a9c", &config, &templates, at);
        let root = "desk.4f2a9c1d7e3b5a60@example.com".to_string();
        assert_eq!(first.in_reply_to.as_deref(), Some(root.as_str()));
        assert_eq!(first.references, [root]);
        assert_eq!(first.to, ["carol@example.org"]);
        assert!(first.subject.starts_with("[desk #4f2a9c] VPN drops"));

        // Filed by mail, a notice to carol, then replies: the first message is the root,
        // the notice she got is part of her thread, one to someone else is not.
        let received = |id: &str| {
            Action::Received(Box::new(crate::model::Received {
                message_id: id.into(),
                from: "carol@example.org".into(),
                name: None,
                subject: "VPN drops".into(),
                original: "mail/x/1.eml".into(),
                attachments: Vec::new(),
                note: None,
            }))
        };
        let notified = |id: &str, to: &str| {
            Action::Notified(Box::new(crate::model::Notice {
                notice: "filed".into(),
                about: "e".into(),
                to: vec![to.into()],
                message_id: id.into(),
                attempt: 1,
            }))
        };
        for action in [
            received("m1@a"),
            notified("n1@desk", "carol@example.org"),
            notified("n2@desk", "tina@example.com"),
            received("m2@a"),
        ] {
            t.record(action, "carol@example.org", at, &config.matrix);
        }
        let reply = render(&due, &t, "4f2a9c", &config, &templates, at);
        assert_eq!(reply.in_reply_to.as_deref(), Some("m2@a"));
        assert_eq!(reply.references, ["m1@a", "n1@desk", "m2@a"]);
        for id in ["m3@a", "m4@a", "m5@a"] {
            t.record(received(id), "carol@example.org", at, &config.matrix);
        }
        let later = render(&due, &t, "4f2a9c", &config, &templates, at);
        assert_eq!(later.in_reply_to.as_deref(), Some("m5@a"));
        assert_eq!(later.references, ["m1@a", "m3@a", "m4@a", "m5@a"]);
    }
}
