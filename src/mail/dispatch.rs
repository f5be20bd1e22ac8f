//! `git desk notify` as a protocol: claim, make the claims hold, send, record. Each notice
//! goes out once, also when several clones run notify against one remote at the same
//! moment:
//!
//! 1. With a remote: fetch and merge its desk branch, so the claims of other clones are
//!    seen.
//! 2. Claim what is due as `notified` events, in one commit (compare-and-swap on the local
//!    branch; a moved branch has the claims worked out again).
//! 3. With a remote: push with a lease on the remote tip fetched in 1. When the remote
//!    moved meanwhile, fetch and merge again; every claim of ours whose notice the remote
//!    already holds a claim for (same `Message-ID`, same or later attempt) is void: the
//!    claim that reached the remote first wins. Push again, on the new lease. Only claims
//!    that reached the remote this way are sent; if no push lands, nothing is sent.
//!    Without a remote, the local compare-and-swap in 2 is the whole decision.
//! 4. Send each winning claim.
//! 5. Record each outcome as a `delivery` event (one commit) and push it, as far as the
//!    network allows: a failed push leaves the outcomes for the next sync.
//!
//! The one window: a run that dies between 3 and 5 leaves claims without an outcome.
//! After [`CLAIM_TIMEOUT`](super::notice::CLAIM_TIMEOUT) they are due again, so a notice
//! claimed and sent by a run killed before it recorded the outcome is sent a second time
//! (with the same `Message-ID`, which mail clients show once). A failed delivery is
//! recorded and tried again by the next run, up to
//! [`MAX_ATTEMPTS`](super::notice::MAX_ATTEMPTS) times.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};

use crate::error::DeskError;
use crate::model::Action;
use crate::store::{Actor, CommitId, Desk, Snapshot};
use crate::sync::{backoff, Pushed, Remote, PUSH_ATTEMPTS};
use crate::workflow::{Change, Delivered};

use super::compose::compose;
use super::deliver::Delivery;
use super::notice::Claimed;

/// What became of one notice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    /// A dry run: it would be sent.
    WouldSend,
    /// Handed over for delivery.
    Sent,
    /// Sending failed; recorded, and tried again by the next run.
    Failed(String),
    /// Another clone claimed it first; that one sends it.
    ClaimedElsewhere,
    /// Claimed, but the claim could not be pushed: not sent (due again after the claim
    /// times out, unless another clone's claim wins meanwhile).
    Unsent,
}

impl Fate {
    /// The word for listings and JSON.
    pub fn as_str(&self) -> &'static str {
        match self {
            Fate::WouldSend => "would-send",
            Fate::Sent => "sent",
            Fate::Failed(_) => "failed",
            Fate::ClaimedElsewhere => "claimed-elsewhere",
            Fate::Unsent => "unsent",
        }
    }
}

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Each notice claimed (or, for a dry run, due), with its message and what became of it.
    pub notices: Vec<(Claimed, Fate)>,
    /// The commit of the claims.
    pub claims: Option<CommitId>,
    /// The commit of the outcomes.
    pub outcomes: Option<CommitId>,
    /// Pushes rejected because the remote moved (and retried).
    pub retries: u32,
    /// Why the claims could not be pushed, when they could not (nothing was sent then).
    pub unpushed: Option<String>,
    /// Why the outcomes could not be pushed, when they could not (the next sync does).
    pub outcomes_unpushed: Option<String>,
    /// The remote has no desk branch: claims were made locally only, nothing pushed.
    pub local_only: bool,
}

impl Report {
    /// How many notices failed to go out.
    pub fn failed(&self) -> usize {
        self.notices
            .iter()
            .filter(|(_, f)| matches!(f, Fate::Failed(_)))
            .count()
    }
}

/// Runs notify: works out, claims, sends and records the notices due at `now`, through
/// `remote` when the desk has one. A dry run works out and renders, and writes, pushes
/// and sends nothing.
pub fn notify(
    desk: &Desk,
    actor: &Actor,
    now: DateTime<Utc>,
    remote: Option<&Remote<'_>>,
    delivery: &Delivery,
    dry_run: bool,
) -> Result<Report, DeskError> {
    let mut report = Report::default();
    let mut expected = None;
    let remote = match remote {
        Some(remote) if !dry_run => match remote.fetch_and_merge(actor, now)? {
            Some(tip) => {
                expected = Some(tip);
                Some(remote)
            }
            // A remote that does not share the desk (a code repository's origin, say) is
            // not the desk's to publish to: the claims stay local.
            None => {
                report.local_only = true;
                None
            }
        },
        other => other,
    };
    let outcome = desk.apply(actor, now, &[], &Change::Notify, dry_run)?;
    if dry_run {
        report.notices = outcome
            .notices
            .into_iter()
            .map(|c| (c, Fate::WouldSend))
            .collect();
        return Ok(report);
    }
    report.claims = outcome.commit;
    let mut claims = outcome.notices;
    if claims.is_empty() {
        return Ok(report);
    }
    let mut void: BTreeSet<String> = BTreeSet::new();
    if let Some(remote) = remote {
        match hold(
            desk,
            actor,
            now,
            remote,
            expected,
            &claims,
            &mut void,
            &mut report,
        ) {
            Ok(()) => {}
            Err(e) => {
                report.unpushed = Some(e.to_string());
                report.notices = claims.into_iter().map(|c| (c, Fate::Unsent)).collect();
                return Ok(report);
            }
        }
    }
    let from = desk
        .snapshot()?
        .config
        .mail
        .as_ref()
        .map(|m| m.address.clone())
        .unwrap_or_default();
    let mut delivered = Vec::new();
    for claim in claims.drain(..) {
        if void.contains(&claim.event) {
            report.notices.push((claim, Fate::ClaimedElsewhere));
            continue;
        }
        let fate = match send(&claim, &from, delivery) {
            Ok(()) => Fate::Sent,
            Err(reason) => Fate::Failed(reason),
        };
        delivered.push(Delivered {
            ticket: claim.ticket.clone(),
            message_id: claim.notice.message_id.clone(),
            failure: match &fate {
                Fate::Failed(reason) => Some(reason.clone()),
                _ => None,
            },
        });
        report.notices.push((claim, fate));
    }
    if !delivered.is_empty() {
        let recorded = desk.apply(
            actor,
            now,
            &[],
            &Change::Delivered {
                outcomes: delivered,
            },
            false,
        )?;
        report.outcomes = recorded.commit;
        if let Some(remote) = remote {
            if let Err(e) = remote.push(actor, now) {
                report.outcomes_unpushed = Some(e.to_string());
            }
        }
    }
    Ok(report)
}

/// Step 3: pushes the claims on a lease; on a moved remote, merges, voids the claims the
/// remote already had made by others, and pushes again. `Ok` when the local branch, with
/// every claim not void, is on the remote.
#[allow(clippy::too_many_arguments)]
fn hold(
    desk: &Desk,
    actor: &Actor,
    now: DateTime<Utc>,
    remote: &Remote<'_>,
    mut expected: Option<CommitId>,
    claims: &[Claimed],
    void: &mut BTreeSet<String>,
    report: &mut Report,
) -> Result<(), DeskError> {
    for _ in 0..PUSH_ATTEMPTS {
        match remote.push_once(expected)? {
            Pushed::Updated | Pushed::UpToDate => return Ok(()),
            Pushed::Stale => {
                report.retries += 1;
                std::thread::sleep(backoff(report.retries));
                expected = remote.fetch_and_merge(actor, now)?;
                if let Some(tip) = expected {
                    void_claimed_elsewhere(desk, tip, claims, void)?;
                }
            }
        }
    }
    Err(DeskError::PushRaced {
        remote: remote.name().to_string(),
        attempts: PUSH_ATTEMPTS,
    })
}

/// Marks void each of `claims` whose notice the remote (at `tip`) holds another claim
/// for, of the same or a later attempt: that claim reached the remote first.
fn void_claimed_elsewhere(
    desk: &Desk,
    tip: CommitId,
    claims: &[Claimed],
    void: &mut BTreeSet<String>,
) -> Result<(), DeskError> {
    let theirs = Snapshot::at(desk.repo(), Some(tip.oid()))?;
    let mut tickets = std::collections::BTreeMap::new();
    for claim in claims {
        if void.contains(&claim.event) {
            continue;
        }
        if !tickets.contains_key(&claim.ticket) {
            let ticket = if theirs.contains(&claim.ticket)? {
                Some(theirs.load(&claim.ticket)?)
            } else {
                None
            };
            tickets.insert(claim.ticket.clone(), ticket);
        }
        let Some(ticket) = &tickets[&claim.ticket] else {
            continue;
        };
        let taken = ticket.events.iter().any(|e| {
            e.id != claim.event
                && matches!(&e.action, Action::Notified(n)
                    if n.message_id == claim.notice.message_id && n.attempt >= claim.notice.attempt)
        });
        if taken {
            void.insert(claim.event.clone());
        }
    }
    Ok(())
}

/// Composes and sends one notice; the failure in words.
fn send(claim: &Claimed, from: &str, delivery: &Delivery) -> Result<(), String> {
    let bytes = compose(&claim.outgoing).map_err(|e| e.to_string())?;
    delivery
        .send(from, &claim.outgoing.to, &bytes, &claim.outgoing.message_id)
        .map_err(|e| e.to_string())
}
