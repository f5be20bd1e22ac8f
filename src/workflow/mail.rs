//! Mail taken in (`mail ingest`): each message files a ticket, becomes a comment or an
//! internal note on one, is recognised as a duplicate, or is kept aside under
//! `mail/rejected/` with the reason; a whole batch is one commit. Events are by the
//! sender; the person running ingest is the gateway, checked against
//! `[permissions.actions] mail`.

use std::collections::HashMap;

use crate::config::{DeskConfig, MailConfig};
use crate::error::DeskError;
use crate::mail::ingest::{
    decide, machine_mail, title, visibility, Decision, Incoming, Letter, Threads, Visibility,
};
use crate::model::mail::{Attachment, Received};
use crate::model::{Action, Filing, PendingReason, Status, TicketId};
use crate::store::{Desk, Transaction};

use super::apply::{file_as, Filed, Outcome, TicketChange};
use super::change::NewTicket;
use super::subject::{self, Words};

/// Where mail that cannot go on a ticket is kept: `<name>.eml` and `<name>.reason`.
pub const REJECTED_DIR: &str = "mail/rejected";

/// What became of one message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TakenAs {
    /// It filed a new ticket.
    Filed,
    /// A public comment on a ticket.
    Commented,
    /// An internal note on a ticket.
    Note,
    /// Taken in before (same Message-ID, or the same bytes kept aside): recorded once.
    Duplicate,
    /// Kept under `mail/rejected/` with the reason.
    Rejected,
}

impl TakenAs {
    /// The word for listings and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            TakenAs::Filed => "filed",
            TakenAs::Commented => "commented",
            TakenAs::Note => "note",
            TakenAs::Duplicate => "duplicate",
            TakenAs::Rejected => "rejected",
        }
    }
}

/// One message's fate.
#[derive(Debug, Clone)]
pub struct Taken {
    /// What became of it.
    pub taken_as: TakenAs,
    /// Its Message-ID (made up when it had none); `None` when it could not be read.
    pub message_id: Option<String>,
    /// The sender's address, when it could be read.
    pub from: Option<String>,
    /// Its subject, when it could be read.
    pub subject: Option<String>,
    /// The ticket it went to.
    pub ticket: Option<TicketId>,
    /// That ticket's short id.
    pub short: Option<String>,
    /// How it found its ticket (`in-reply-to`, `references`, `subject-tag`...).
    pub threaded_by: Option<&'static str>,
    /// Why it is a note, a duplicate or rejected.
    pub reason: Option<String>,
    /// Where its original is on the branch.
    pub original: Option<String>,
}

impl Taken {
    fn of(taken_as: TakenAs, letter: Option<&Letter>) -> Taken {
        Taken {
            taken_as,
            message_id: letter.map(|l| l.message_id.clone()),
            from: letter.map(|l| l.from.clone()),
            subject: letter.map(|l| l.subject.clone()),
            ticket: None,
            short: None,
            threaded_by: None,
            reason: None,
            original: None,
        }
    }
}

/// The error for a desk without `[mail]`.
pub fn no_mail_settings() -> DeskError {
    DeskError::invalid(
        "desk.toml has no [mail]: add [mail] with address = \"support@example.com\" (the desk's address) using `git desk config edit`",
    )
}

/// Takes in `batch`, in order, as one transaction.
pub(super) fn take(
    desk: &Desk,
    tx: &mut Transaction<'_, '_>,
    batch: &[Incoming],
    outcome: &mut Outcome,
) -> Result<Words, DeskError> {
    let snapshot = tx.snapshot();
    let config = snapshot.config.rules()?;
    let settings = config.mail.as_ref().ok_or_else(no_mail_settings)?;
    may_take_mail(config, &tx.actor().email)?;
    let mut threads = {
        let listing = snapshot.listing(None)?;
        let with_mail = listing.summaries_where(&|s| !s.message_ids.is_empty());
        Threads::of(with_mail.iter().map(|(_, s)| s))
    };
    let mut words = Words::default();
    // Round robin within the batch: each team's member after the last one given.
    let mut last_turn: HashMap<String, String> = HashMap::new();
    let mut routed: Vec<(String, String)> = Vec::new();
    for incoming in batch {
        let mut turn = |team: &str, members: &[String]| -> Result<Option<String>, DeskError> {
            let next = match last_turn.get(team) {
                Some(prev) => members
                    .iter()
                    .position(|m| m == prev)
                    .map(|i| members[(i + 1) % members.len()].clone())
                    .or_else(|| members.first().cloned()),
                None => desk.next_in_turn(team, members)?,
            };
            if let Some(member) = &next {
                last_turn.insert(team.to_string(), member.clone());
            }
            Ok(next)
        };
        let taken = match &incoming.content {
            Err(reason) => set_aside(tx, incoming, None, reason)?,
            Ok(letter) => {
                let mut resolve = |prefix: &str| snapshot.resolve(prefix).ok();
                let decision = decide(letter, &threads, settings, &mut resolve);
                let taken = match decision {
                    Decision::Duplicate => {
                        let mut taken = Taken::of(TakenAs::Duplicate, Some(letter));
                        taken.reason = Some("its Message-ID was taken in before".to_string());
                        if let Some(id) = threads.ticket(&letter.message_id) {
                            taken.short = Some(snapshot.short_id(id)?);
                            taken.ticket = Some(id.clone());
                        }
                        taken
                    }
                    Decision::Aside(reason) => set_aside(tx, incoming, Some(letter), &reason)?,
                    Decision::Reply { ticket, by } if exists(tx, &ticket)? => {
                        let mut taken = reply(tx, config, settings, incoming, letter, &ticket)?;
                        taken.threaded_by = Some(by.as_str());
                        taken
                    }
                    // It names a ticket this desk does not have: taken as new mail.
                    Decision::Reply { .. } | Decision::New => {
                        match machine_mail(letter, settings) {
                            Some(why) => set_aside(
                                tx,
                                incoming,
                                Some(letter),
                                &format!("{why}: it belongs to no ticket"),
                            )?,
                            None => {
                                let (taken, filed) =
                                    file(tx, settings, incoming, letter, &mut turn)?;
                                let tier = filed.tier.to_string();
                                if !words.tiers.contains(&tier) {
                                    words.tiers.push(tier);
                                }
                                routed.extend(filed.routed);
                                taken
                            }
                        }
                    }
                };
                if taken.taken_as != TakenAs::Duplicate {
                    threads.add(&letter.message_id, taken.ticket.clone());
                }
                taken
            }
        };
        if let (Some(id), Some(short)) = (&taken.ticket, &taken.short) {
            if matches!(
                taken.taken_as,
                TakenAs::Filed | TakenAs::Commented | TakenAs::Note
            ) {
                outcome.changed.push(TicketChange {
                    id: id.clone(),
                    short: short.clone(),
                    title: tx.ticket(id)?.title.clone(),
                    detail: taken.taken_as.as_str().to_string(),
                });
            }
            if taken.taken_as == TakenAs::Filed {
                outcome.filed = Some(id.clone());
            }
        }
        outcome.mail.push(taken);
    }
    // Newest first, each member once: what `next_in_turn` reads back.
    let mut seen = Vec::new();
    for (team, member) in routed.into_iter().rev() {
        if !seen.contains(&(team.clone(), member.clone())) {
            words.trailers.push(format!("Desk-Routed: {team} {member}"));
            seen.push((team, member));
        }
    }
    words.subject = subject::mail(&outcome.mail, &outcome.changed);
    Ok(words)
}

/// `[permissions.actions] mail`, when desk.toml sets it: the person running ingest must
/// serve one of those tiers.
fn may_take_mail(config: &DeskConfig, email: &str) -> Result<(), DeskError> {
    if let Some(tiers) = config.permissions.actions.get("mail") {
        if !tiers.iter().any(|t| config.serves(email, *t)) {
            let levels: Vec<String> = tiers.iter().map(|t| format!("L{t}")).collect();
            return Err(DeskError::PermissionDenied(format!(
                "only members of teams serving {} may take in mail ([permissions.actions] mail in desk.toml); {email} is not one",
                levels.join(" or ")
            )));
        }
    }
    Ok(())
}

fn exists(tx: &mut Transaction<'_, '_>, id: &TicketId) -> Result<bool, DeskError> {
    match tx.ticket(id) {
        Ok(_) => Ok(true),
        Err(DeskError::UnknownTicket { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Keeps a message that goes on no ticket under `mail/rejected/`, beside its reason.
/// The same bytes kept before are a duplicate.
fn set_aside(
    tx: &mut Transaction<'_, '_>,
    incoming: &Incoming,
    letter: Option<&Letter>,
    reason: &str,
) -> Result<Taken, DeskError> {
    let path = format!("{REJECTED_DIR}/{}.eml", incoming.name);
    if tx.has_file(&path)? {
        let mut taken = Taken::of(TakenAs::Duplicate, letter);
        taken.reason = Some(format!("kept before as {path}"));
        taken.original = Some(path);
        return Ok(taken);
    }
    tx.put_blob(&path, incoming.original);
    tx.write_file(
        &format!("{REJECTED_DIR}/{}.reason", incoming.name),
        format!("{}\n", crate::text::one_line(reason)).into_bytes(),
    );
    let mut taken = Taken::of(TakenAs::Rejected, letter);
    taken.reason = Some(reason.to_string());
    taken.original = Some(path);
    Ok(taken)
}

/// Files a new ticket for the sender: routed as `new` is.
fn file(
    tx: &mut Transaction<'_, '_>,
    settings: &MailConfig,
    incoming: &Incoming,
    letter: &Letter,
    turn: &mut crate::routing::NextInTurn<'_>,
) -> Result<(Taken, Filed), DeskError> {
    let mut filing = Filing::new(title(letter, settings), letter.from.clone());
    filing.description = letter.text.clone();
    let filed = file_as(tx, &NewTicket::new(filing), &letter.from, turn)?;
    let original = record_received(tx, &filed.id, incoming, letter, None)?;
    let mut taken = Taken::of(TakenAs::Filed, Some(letter));
    taken.ticket = Some(filed.id.clone());
    taken.short = Some(filed.short.clone());
    taken.original = Some(original);
    Ok((taken, filed))
}

/// A reply onto `id`: a public comment or an internal note by its sender; from the
/// reporter to a ticket pending on them, it is open again.
fn reply(
    tx: &mut Transaction<'_, '_>,
    config: &DeskConfig,
    settings: &MailConfig,
    incoming: &Incoming,
    letter: &Letter,
    id: &TicketId,
) -> Result<Taken, DeskError> {
    let member = config.teams.values().any(|t| {
        t.members
            .iter()
            .any(|m| m.eq_ignore_ascii_case(&letter.from))
    });
    let (reporter, waits_for_customer) = {
        let t = tx.ticket(id)?;
        (
            t.reporter.clone(),
            t.status == Status::Pending && t.pending_reason == Some(PendingReason::Customer),
        )
    };
    let visibility = visibility(letter, &reporter, member, settings);
    let note = match &visibility {
        Visibility::Public => None,
        Visibility::Note(why) => Some(why.clone()),
    };
    let text = if letter.text.trim().is_empty() {
        "(the message has no text)".to_string()
    } else {
        letter.text.clone()
    };
    tx.record_by(
        id,
        Action::Commented {
            text,
            internal: note.is_some(),
        },
        &letter.from,
    )?;
    let original = record_received(tx, id, incoming, letter, note.clone())?;
    if note.is_none() && waits_for_customer && letter.from.eq_ignore_ascii_case(&reporter) {
        let ticket = tx.ticket(id)?.clone();
        for action in super::move_status(&ticket, Status::Open, None)? {
            tx.record_by(id, action, &letter.from)?;
        }
    }
    let mut taken = Taken::of(
        if note.is_some() {
            TakenAs::Note
        } else {
            TakenAs::Commented
        },
        Some(letter),
    );
    taken.ticket = Some(id.clone());
    taken.short = Some(tx.snapshot().short_id(id)?);
    taken.reason = note;
    taken.original = Some(original);
    Ok(taken)
}

/// Records the `received` event: the original at `mail/<id>/<n>.eml`, the attachments
/// within the limit at `attachments/<id>/<N>-<name>` (N counts the ticket's attachments,
/// stored or not). Returns the original's path.
fn record_received(
    tx: &mut Transaction<'_, '_>,
    id: &TicketId,
    incoming: &Incoming,
    letter: &Letter,
    note: Option<String>,
) -> Result<String, DeskError> {
    let (n, before) = {
        let t = tx.ticket(id)?;
        let received: Vec<&Received> = t
            .events
            .iter()
            .filter_map(|e| match &e.action {
                Action::Received(r) => Some(r.as_ref()),
                _ => None,
            })
            .collect();
        (
            received.len() + 1,
            received.iter().map(|r| r.attachments.len()).sum::<usize>(),
        )
    };
    let original = format!("mail/{id}/{n}.eml");
    tx.put_blob(&original, incoming.original);
    let mut attachments = Vec::with_capacity(letter.attachments.len());
    for (i, piece) in letter.attachments.iter().enumerate() {
        let path = piece.blob.map(|blob| {
            let path = format!("attachments/{id}/{}-{}", before + i + 1, piece.name);
            tx.put_blob(&path, blob);
            path
        });
        attachments.push(Attachment {
            name: piece.name.clone(),
            content_type: piece.content_type.clone(),
            size: piece.size,
            path,
        });
    }
    let received = Received {
        message_id: letter.message_id.clone(),
        from: letter.from.clone(),
        name: letter.name.clone(),
        subject: letter.subject.clone(),
        original: original.clone(),
        attachments,
        note,
    };
    tx.record_by(id, Action::Received(Box::new(received)), &letter.from)?;
    Ok(original)
}
