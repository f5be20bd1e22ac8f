//! The one door into the desk: [`Desk::apply`] turns a [`Change`] into events on tickets
//! and one commit. It resolves id prefixes, checks permissions, plans with the workflow
//! rules, records, and words the commit subject and trailers; the store's
//! [`Desk::transact`] writes it with compare-and-swap and retries on a moved branch.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::config::CONFIG_PATH;
use crate::error::DeskError;
use crate::kb;
use crate::links::link_tickets;
use crate::model::{Action, Filing, Rca, Relation, Status, Ticket, TicketId, TicketType, Tier};
use crate::query::QueryContext;
use crate::routing::route;
use crate::store::cache::Progress;
use crate::store::{Actor, CommitId, CommitMessage, Desk, Snapshot, Transaction};

use super::change::{Change, NewTicket};
use super::import::{import, AlreadyImported};
use super::refusal::Refusal;
use super::subject::{subject, Words};

/// What [`Desk::apply`] did (or, for a dry run, would do), for a renderer.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// The commit subject: `escalate 4f2a9c1d: L1 -> L2: VPN drops`.
    pub subject: String,
    /// The new commit; `None` for a dry run or a change that changed nothing.
    pub commit: Option<CommitId>,
    /// Each ticket changed, in the order of the targets (for a sweep: each firing).
    pub changed: Vec<TicketChange>,
    /// Short ids of targets that were already as asked.
    pub unchanged: Vec<String>,
    /// The ticket filed (`new`, `problem new`) or published from.
    pub filed: Option<TicketId>,
    /// The article written (`kb new`, `kb publish`).
    pub slug: Option<String>,
    /// How many tickets an import added.
    pub imported: usize,
    /// The tickets an import left out: the desk holds them already.
    pub skipped: Vec<AlreadyImported>,
    /// What became of each message taken in (`mail ingest`), in order.
    pub mail: Vec<super::mail::Taken>,
    /// The notices claimed (`notify`), each with its message, to send once the claims
    /// hold.
    pub notices: Vec<crate::mail::notice::Claimed>,
    /// The ticket filed (`new`) as written, so a dry run can show what it would file.
    pub ticket: Option<Box<crate::model::Ticket>>,
    /// The routing rules that matched the filing (1-based, as in messages).
    pub routing_rules: Vec<usize>,
    /// Targets the rules refused and that were left out ([`ApplyOptions::skip_invalid`]).
    pub refused: Vec<RefusedTicket>,
    /// A sweep's firings, one for each of `changed`, in the same order.
    pub fired: Vec<Fired>,
}

/// One escalation rule firing on one ticket in a sweep.
#[derive(Debug, Clone)]
pub struct Fired {
    /// The rule's number in desk.toml (1-based).
    pub rule: usize,
    /// The rule's query as written.
    pub when: String,
    /// What it recorded on the ticket.
    pub actions: Vec<Action>,
}

/// A target left out of a change because the workflow rules or permissions refused it.
#[derive(Debug, Clone)]
pub struct RefusedTicket {
    /// Its id.
    pub id: TicketId,
    /// Its short id, as shown.
    pub short: String,
    /// Why, naming the ticket by its short id.
    pub reason: Arc<DeskError>,
}

/// How [`Desk::apply_with`] runs a change.
#[derive(Clone, Copy, Default)]
pub struct ApplyOptions<'a> {
    /// Plan everything and write nothing.
    pub dry_run: bool,
    /// Leave out the targets that the workflow rules or permissions refuse, each named in
    /// [`Outcome::refused`], and change the others, instead of refusing the whole change.
    pub skip_invalid: bool,
    /// Told `(done, total)` as tickets are planned (targets, firings of a sweep, tickets
    /// imported).
    pub progress: Option<Progress<'a>>,
}

/// One ticket's part in a change.
#[derive(Debug, Clone)]
pub struct TicketChange {
    /// Its id.
    pub id: TicketId,
    /// Its short id, as shown.
    pub short: String,
    /// Its title after the change.
    pub title: String,
    /// What happened to it (`L1 -> L2`); may be empty.
    pub detail: String,
}

/// Resolves typed ids against a snapshot; duplicates (two prefixes of one id) collapse.
pub fn resolve_all(snapshot: &Snapshot<'_>, typed: &[String]) -> Result<Vec<TicketId>, DeskError> {
    let mut out: Vec<TicketId> = Vec::new();
    for t in typed {
        let id = snapshot.resolve(t)?;
        if !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

impl Desk {
    /// Applies `change` by `actor` at `now` to the tickets named by `targets` (id
    /// prefixes; none for filing, `kb new`, deflections and sweeps), as one commit.
    /// A dry run plans everything and writes nothing.
    pub fn apply(
        &self,
        actor: &Actor,
        now: DateTime<Utc>,
        targets: &[String],
        change: &Change,
        dry_run: bool,
    ) -> Result<Outcome, DeskError> {
        let options = ApplyOptions {
            dry_run,
            ..ApplyOptions::default()
        };
        self.apply_with(actor, now, targets, change, options)
    }

    /// [`Desk::apply`] with its options: a dry run, refused targets left out, progress.
    pub fn apply_with(
        &self,
        actor: &Actor,
        now: DateTime<Utc>,
        targets: &[String],
        change: &Change,
        options: ApplyOptions<'_>,
    ) -> Result<Outcome, DeskError> {
        let dry_run = options.dry_run;
        change.check()?;
        if matches!(change, Change::Sweep) {
            // The sweep needs its rules: a broken desk.toml refuses it before any work.
            self.snapshot()?.config.rules()?;
        }
        let mut outcome = Outcome::default();
        let written = self.transact(actor, now, dry_run, |tx| {
            outcome = Outcome::default();
            let words = match change {
                Change::File(new) => file(self, tx, new, &mut outcome)?,
                Change::KbNew(article) => kb_new(tx, article, &mut outcome)?,
                Change::KbEdit { before, after } => kb_edit(tx, before, after, &mut outcome)?,
                Change::Config { text } => {
                    tx.write_file(CONFIG_PATH, text.clone().into_bytes());
                    Words::new("config: edit desk.toml".to_string())
                }
                Change::KbPublish { slug, tags } => {
                    kb_publish(tx, targets, slug.as_deref(), tags, &mut outcome)?
                }
                Change::Deflect { slug, query } => deflect(tx, slug, query)?,
                Change::Sweep => sweep(tx, &mut outcome, options.progress)?,
                Change::ProblemNew { title, description } => {
                    problem_new(tx, targets, title, description, &mut outcome)?
                }
                Change::ProblemResolve {
                    fix,
                    resolve_incidents,
                } => problem_resolve(tx, targets, fix, *resolve_incidents, &mut outcome)?,
                Change::Import {
                    tickets,
                    source,
                    skip_imported,
                } => import(
                    tx,
                    tickets,
                    source,
                    *skip_imported,
                    &mut outcome,
                    options.progress,
                )?,
                Change::Mail(batch) => super::mail::take(self, tx, batch, &mut outcome)?,
                Change::Notify => super::notify::claim(tx, &mut outcome)?,
                Change::Delivered { outcomes } => super::notify::delivered(tx, outcomes)?,
                _ => each_target(tx, targets, change, &options, &mut outcome)?,
            };
            Ok(words.message(change.verb()))
        })?;
        outcome.subject = written.message.subject;
        outcome.commit = written.commit;
        Ok(outcome)
    }
}

/// A change to each target in turn, one plan per ticket. A refused target refuses the
/// whole change, or is left out with [`ApplyOptions::skip_invalid`].
fn each_target(
    tx: &mut Transaction<'_, '_>,
    targets: &[String],
    change: &Change,
    options: &ApplyOptions<'_>,
    outcome: &mut Outcome,
) -> Result<Words, DeskError> {
    let verb = change.verb();
    let mut words = Words::default();
    let ids = resolve_all(tx.snapshot(), targets)?;
    if ids.is_empty() {
        return Err(DeskError::invalid(format!(
            "no ticket to {verb}: name at least one"
        )));
    }
    let total = ids.len();
    for (done, id) in ids.into_iter().enumerate() {
        if let Some(progress) = options.progress {
            progress(done, total);
        }
        let before = tx.ticket(&id)?.clone();
        let planned = super::may_act(&tx.snapshot().config, &tx.actor().email, &before, verb)
            .and_then(|()| plan(tx, &before, change));
        let short = tx.snapshot().short_id(&id)?;
        let actions = match planned {
            Ok(actions) => actions,
            Err(err) if err.is_bad_input() => {
                let reason = naming(err, super::short(&before), &short);
                if !options.skip_invalid {
                    return Err(if total > 1 {
                        DeskError::RefusedInBulk {
                            ticket: short,
                            targets: total,
                            verb,
                            reason: Box::new(reason),
                        }
                    } else {
                        reason
                    });
                }
                outcome.refused.push(RefusedTicket {
                    id,
                    short,
                    reason: Arc::new(reason),
                });
                continue;
            }
            Err(err) => return Err(err),
        };
        if actions.is_empty() {
            outcome.unchanged.push(short);
            continue;
        }
        for action in actions {
            words.note(&action);
            tx.record(&id, action)?;
        }
        let after = tx.ticket(&id)?;
        outcome.changed.push(TicketChange {
            id: id.clone(),
            short,
            title: after.title.clone(),
            detail: detail(change, &before, after),
        });
    }
    if let Some(progress) = options.progress {
        progress(total, total);
    }
    words.subject = subject(verb, &outcome.changed);
    Ok(words)
}

/// An error about one ticket with the ticket named by `short`, its shortest unique id as
/// listings show it, where the workflow rules named it by its first characters `long`.
fn naming(err: DeskError, long: &str, short: &str) -> DeskError {
    match err {
        DeskError::Refused(mut refusal) => {
            if let Some(ticket) = refusal.ticket_mut().filter(|t| t.as_str() == long) {
                *ticket = short.to_string();
            }
            DeskError::Refused(refusal)
        }
        DeskError::Invalid(text) => DeskError::Invalid(replace_id(&text, long, short)),
        DeskError::PermissionDenied(text) => {
            DeskError::PermissionDenied(replace_id(&text, long, short))
        }
        other => other,
    }
}

/// `text` with each `long` that stands as a word of its own (not the start of a longer
/// id) replaced by `short`.
fn replace_id(text: &str, long: &str, short: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(long) {
        let after = &rest[at + long.len()..];
        let before_ok = !rest[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        let after_ok = !after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        out.push_str(&rest[..at]);
        out.push_str(if before_ok && after_ok { short } else { long });
        rest = after;
    }
    out.push_str(rest);
    out
}

/// The events `change` records on `t` (others it touches, such as the other side of a
/// link, are recorded in the transaction). Empty when `t` is already as asked.
fn plan(
    tx: &mut Transaction<'_, '_>,
    t: &Ticket,
    change: &Change,
) -> Result<Vec<Action>, DeskError> {
    let config = &tx.snapshot().config;
    Ok(match change {
        Change::Take => {
            let me = tx.actor().email.clone();
            super::assign(t, Some(&me), None, None)?
        }
        Change::Assign { to, team, owner } => {
            super::assign(t, to.as_deref(), team.as_deref(), owner.as_deref())?
        }
        Change::Escalate { to, reason } => super::escalate(t, *to, reason, config)?,
        Change::Deescalate { to, reason } => super::deescalate(t, *to, reason, config)?,
        Change::Status { to, reason } => super::move_status(t, *to, reason.as_deref())?,
        Change::Start => super::move_status(t, Status::InProgress, None)?,
        Change::Pend { reason } => super::move_status(t, Status::Pending, Some(reason))?,
        Change::Close => super::move_status(t, Status::Closed, None)?,
        Change::Reopen { reason } => super::reopen(t, reason)?,
        Change::Resolve {
            resolution,
            code,
            kb,
        } => {
            let actions = super::resolve(t, resolution, code.as_deref(), kb.as_deref())?;
            if let (Some(slug), false) = (kb, actions.is_empty()) {
                kb::link_ticket(tx, slug, &t.id)?;
            }
            actions
        }
        Change::Comment { text, internal } => super::comment(text, *internal)?,
        Change::Set { fields, reason } => {
            let mut actions = Vec::new();
            // Each assignment sees the ticket as the ones before it left it.
            let mut current = t.clone();
            for (field, value) in fields {
                if field == "service" {
                    super::in_catalogue(config, value)?;
                }
                if field == "site" {
                    super::on_site(config, value)?;
                }
                let step = super::set_field(&current, field, value, reason.as_deref())?;
                for a in &step {
                    current.record(a.clone(), "", current.updated, &config.matrix);
                }
                actions.extend(step);
            }
            actions
        }
        Change::Link {
            relation: Relation::Kb,
            target,
        } => {
            // Both sides: the ticket's `kb` and the article's `tickets`.
            kb::link_ticket(tx, target, &t.id)?;
            if t.kb.contains(target) {
                Vec::new()
            } else {
                vec![Action::Linked {
                    relation: Relation::Kb,
                    target: target.clone(),
                }]
            }
        }
        Change::Link { relation, target } => {
            let target = tx.snapshot().resolve(target)?;
            link_tickets(tx, t, *relation, &target)?
        }
        Change::Rca { rca, known_error } => super::record_rca(t, rca, *known_error)?,
        Change::Vendor(vendor) => super::hand_to_vendor(t, vendor, config)?,
        Change::Rate { score, comment } => super::rate(t, *score, comment.as_deref())?,
        Change::Edit { fields } => {
            if let Some(site) = fields.get("site").and_then(|v| v.as_str()) {
                super::on_site(config, site)?;
            }
            super::edit(t, fields, &config.matrix)?
        }
        Change::File(_)
        | Change::KbNew(_)
        | Change::KbEdit { .. }
        | Change::Config { .. }
        | Change::KbPublish { .. }
        | Change::Deflect { .. }
        | Change::Sweep
        | Change::ProblemNew { .. }
        | Change::ProblemResolve { .. }
        | Change::Import { .. }
        | Change::Mail(_)
        | Change::Notify
        | Change::Delivered { .. } => {
            unreachable!("applied as a whole, not ticket by ticket")
        }
    })
}

/// What happened to one ticket, as the commit subject and a listing show it.
fn detail(change: &Change, before: &Ticket, after: &Ticket) -> String {
    match change {
        Change::Take | Change::Assign { .. } => {
            let name = |v: &Option<String>| v.clone().unwrap_or_else(|| "nobody".into());
            let mut parts = Vec::new();
            if before.assignee != after.assignee {
                parts.push(format!("-> {}", name(&after.assignee)));
            }
            if before.team != after.team {
                parts.push(format!(
                    "team -> {}",
                    after.team.as_deref().unwrap_or("none")
                ));
            }
            if before.owner != after.owner {
                parts.push(format!("owner -> {}", name(&after.owner)));
            }
            parts.join(", ")
        }
        Change::Escalate { .. } | Change::Deescalate { .. } => {
            format!("L{} -> L{}", before.tier, after.tier)
        }
        Change::Status { .. }
        | Change::Start
        | Change::Pend { .. }
        | Change::Resolve { .. }
        | Change::Close
        | Change::Reopen { .. } => format!("{} -> {}", before.status, after.status),
        Change::Set { fields, .. } => fields
            .iter()
            .map(|(f, v)| format!("{f}={v}"))
            .collect::<Vec<_>>()
            .join(" "),
        Change::Link { relation, target } => {
            format!("{} {target}", relation.as_str().replace('_', "-"))
        }
        Change::Rca { .. } => {
            if after.known_error {
                "root-cause analysis (known error)".to_string()
            } else {
                "root-cause analysis".to_string()
            }
        }
        Change::Vendor(_) => {
            let v = after.vendor.clone().unwrap_or_default();
            let mut s = format!("-> {}", v.name.unwrap_or_default());
            if let Some(d) = v.follow_up {
                s.push_str(&format!(", follow up {d}"));
            }
            s
        }
        Change::Rate { score, .. } => format!("{score}/5"),
        _ => String::new(),
    }
}

/// Files a ticket: desk.toml's routing first, then the explicit choices.
fn file(
    desk: &Desk,
    tx: &mut Transaction<'_, '_>,
    new: &NewTicket,
    outcome: &mut Outcome,
) -> Result<Words, DeskError> {
    let by = tx.actor().email.clone();
    let mut turn = |team: &str, members: &[String]| desk.next_in_turn(team, members);
    let filed = file_as(tx, new, &by, &mut turn)?;
    let title = tx.ticket(&filed.id)?.title.clone();
    let mut words = Words::new(format!("new {}: {title}", filed.short));
    words.tiers.push(filed.tier.to_string());
    words.trailers.extend(
        filed
            .routed
            .map(|(team, member)| format!("Desk-Routed: {team} {member}")),
    );
    outcome.ticket = Some(Box::new(tx.ticket(&filed.id)?.clone()));
    outcome.routing_rules = filed.rules;
    outcome.filed = Some(filed.id);
    Ok(words)
}

/// A ticket just filed: its id, short id and tier, and the round-robin turn it took.
pub(super) struct Filed {
    pub id: TicketId,
    pub short: String,
    pub tier: Tier,
    /// `(team, member)` when round robin assigned it.
    pub routed: Option<(String, String)>,
    /// The routing rules that matched (1-based).
    pub rules: Vec<usize>,
}

/// Files a ticket for `by` (the acting person, or the sender of a message): routing
/// first, with `turn` picking a team's next member, then the explicit choices.
pub(super) fn file_as(
    tx: &mut Transaction<'_, '_>,
    new: &NewTicket,
    by: &str,
    turn: &mut crate::routing::NextInTurn<'_>,
) -> Result<Filed, DeskError> {
    let config = &tx.snapshot().config;
    let mut filing = new.filing.clone();
    filing.team = config.tier(filing.tier).team.clone();
    let ctx = QueryContext {
        me: Some(by.to_string()),
        now: tx.now(),
        config: Some(config),
    };
    if let Some(site) = &filing.site {
        super::on_site(config, site)?;
    }
    let routed = route(&mut filing, config, &ctx, turn)?;
    // A site named at filing is an explicit choice too.
    if new.filing.site.is_some() {
        filing.site = new.filing.site.clone();
    }
    if let Some(t) = new.tier {
        filing.tier = t;
        filing.team = config.tier(t).team.clone();
    }
    if new.assignee.is_some() {
        filing.assignee = new.assignee.clone();
    }
    if new.owner.is_some() {
        filing.owner = new.owner.clone();
    }
    if let Some((priority, reason)) = &new.priority {
        filing.priority = Some(*priority);
        filing.priority_reason = Some(reason.clone());
    }
    let tier = filing.tier;
    let assignee = filing.assignee.clone();
    let id = tx.create_by(filing, by)?;
    let short = tx.snapshot().short_id(&id)?;
    let rules = routed.rules;
    let routed = routed
        .round_robin
        .filter(|(_, member)| assignee.as_deref() == Some(member.as_str()));
    Ok(Filed {
        id,
        short,
        tier,
        routed,
        rules,
    })
}

fn kb_new(
    tx: &mut Transaction<'_, '_>,
    article: &kb::Article,
    outcome: &mut Outcome,
) -> Result<Words, DeskError> {
    let slug = &article.slug;
    // Checked on the tip being written: another writer may have taken it.
    if tx.snapshot().file(&kb::article_path(slug))?.is_some() {
        return Err(kb::slug_taken(slug));
    }
    tx.write_file(&article.path(), article.to_markdown().into_bytes());
    outcome.slug = Some(slug.clone());
    Ok(Words::new(format!("kb new {slug}: {}", article.title)))
}

fn kb_edit(
    tx: &mut Transaction<'_, '_>,
    before: &kb::Article,
    after: &kb::Article,
    outcome: &mut Outcome,
) -> Result<Words, DeskError> {
    let slug = &before.slug;
    let current = kb::load(tx.snapshot(), slug)?;
    let mut article = after.clone();
    if current != *before {
        // Deflections recorded meanwhile are kept; any other change would be lost.
        let mut rest = current.clone();
        rest.deflections = before.deflections.clone();
        if rest != *before {
            return Err(Refusal::ArticleChanged {
                path: kb::article_path(slug),
                slug: slug.clone(),
            }
            .into());
        }
        for d in &current.deflections {
            if !before.deflections.contains(d) && !article.deflections.contains(d) {
                article.deflections.push(d.clone());
            }
        }
        article.deflections.sort();
    }
    tx.write_file(&article.path(), article.to_markdown().into_bytes());
    outcome.slug = Some(slug.clone());
    Ok(Words::new(format!("kb edit {slug}: {}", article.title)))
}

fn kb_publish(
    tx: &mut Transaction<'_, '_>,
    targets: &[String],
    slug: Option<&str>,
    tags: &[String],
    outcome: &mut Outcome,
) -> Result<Words, DeskError> {
    let id = tx.snapshot().resolve(one_target(targets, "kb publish")?)?;
    let slug = kb::publish(tx, &id, slug, tags)?;
    let short = tx.snapshot().short_id(&id)?;
    let title = tx.ticket(&id)?.title.clone();
    outcome.slug = Some(slug.clone());
    outcome.filed = Some(id);
    Ok(Words::new(format!(
        "kb publish {slug}: from {short}: {title}"
    )))
}

fn deflect(tx: &mut Transaction<'_, '_>, slug: &str, query: &str) -> Result<Words, DeskError> {
    let path = kb::article_path(slug);
    let bytes = tx.file(&path)?.unwrap_or_default();
    let mut article =
        kb::Article::parse(slug, &String::from_utf8_lossy(&bytes)).map_err(|reason| {
            DeskError::BrokenTicket {
                path: path.clone(),
                reason,
            }
        })?;
    let (now, by) = (tx.now(), tx.actor().email.clone());
    kb::record_deflection(&mut article, now, &by, query);
    tx.write_file(&path, article.to_markdown().into_bytes());
    Ok(Words::new(format!("kb deflect {slug}: {query}")))
}

fn sweep(
    tx: &mut Transaction<'_, '_>,
    outcome: &mut Outcome,
    progress: Option<Progress<'_>>,
) -> Result<Words, DeskError> {
    let now = tx.now();
    let firings = crate::sweep::apply(tx, now)?;
    let mut words = Words::default();
    let mut tickets = std::collections::BTreeSet::new();
    for f in &firings {
        f.actions.iter().for_each(|a| words.note(a));
        tickets.insert(f.ticket.clone());
    }
    for (done, f) in firings.iter().enumerate() {
        if let Some(progress) = progress {
            progress(done, firings.len());
        }
        let rule = &tx.snapshot().config.escalation[f.rule - 1];
        let detail = format!(
            "rule #{} ({}): {}",
            f.rule,
            rule.when_text,
            crate::sweep::describe(&f.actions)
        );
        outcome.fired.push(Fired {
            rule: f.rule,
            when: rule.when_text.clone(),
            actions: f.actions.clone(),
        });
        outcome.changed.push(TicketChange {
            id: f.ticket.clone(),
            short: f.short.clone(),
            title: tx.ticket(&f.ticket)?.title.clone(),
            detail,
        });
    }
    words.subject = format!(
        "sweep: {} rule firing(s) on {} ticket(s)",
        firings.len(),
        tickets.len()
    );
    Ok(words)
}

fn problem_new(
    tx: &mut Transaction<'_, '_>,
    targets: &[String],
    title: &str,
    description: &str,
    outcome: &mut Outcome,
) -> Result<Words, DeskError> {
    tx.snapshot().config.rules()?;
    let incidents = resolve_all(tx.snapshot(), targets)?;
    for id in &incidents {
        let incident = tx.ticket(id)?;
        if incident.ticket_type == TicketType::Problem {
            return Err(Refusal::ProblemAsIncident {
                ticket: super::short(incident).to_string(),
            }
            .into());
        }
    }
    let tier = Tier::new(3).expect("tier 3");
    let filing = Filing {
        ticket_type: TicketType::Problem,
        tier,
        team: tx.snapshot().config.tier(tier).team.clone(),
        description: description.to_string(),
        ..Filing::new(title, tx.actor().email.clone())
    };
    let pid = tx.create(filing)?;
    for id in &incidents {
        let incident = tx.ticket(id)?.clone();
        for a in link_tickets(tx, &incident, Relation::Problem, &pid)? {
            tx.record(id, a)?;
        }
    }
    let short = tx.snapshot().short_id(&pid)?;
    let mut words = Words::new(format!(
        "problem new {short}: {title} (from {} incident(s))",
        incidents.len()
    ));
    words.tiers.push(tier.to_string());
    outcome.filed = Some(pid);
    Ok(words)
}

fn problem_resolve(
    tx: &mut Transaction<'_, '_>,
    targets: &[String],
    fix: &str,
    with_incidents: bool,
    outcome: &mut Outcome,
) -> Result<Words, DeskError> {
    let pid = tx
        .snapshot()
        .resolve(one_target(targets, "problem resolve")?)?;
    let problem = tx.ticket(&pid)?.clone();
    if problem.ticket_type != TicketType::Problem {
        return Err(Refusal::ResolveNonProblem {
            ticket: super::short(&problem).to_string(),
            article: super::article(problem.ticket_type.as_str()),
            kind: problem.ticket_type.to_string(),
        }
        .into());
    }
    super::may_act(
        &tx.snapshot().config,
        &tx.actor().email,
        &problem,
        "resolve",
    )?;
    let short = tx.snapshot().short_id(&pid)?;
    let rca = Rca {
        fix: Some(fix.to_string()),
        ..Rca::default()
    };
    for a in super::record_rca(&problem, &rca, None)? {
        tx.record(&pid, a)?;
    }
    let current = tx.ticket(&pid)?.clone();
    for a in super::resolve(&current, fix, Some("fixed"), None)? {
        tx.record(&pid, a)?;
    }
    let after = tx.ticket(&pid)?;
    outcome.changed.push(TicketChange {
        id: pid.clone(),
        short: short.clone(),
        title: after.title.clone(),
        detail: format!("{} -> {}", problem.status, after.status),
    });
    if with_incidents {
        for id in &problem.incidents {
            let Ok(id) = TicketId::parse(id) else {
                continue;
            };
            if !tx.snapshot().contains(&id)? {
                continue;
            }
            let incident = tx.ticket(&id)?.clone();
            if !incident.status.is_active() {
                continue;
            }
            let resolution = format!("fixed by problem {short}: {fix}");
            for a in super::resolve(&incident, &resolution, Some("problem"), None)? {
                tx.record(&id, a)?;
            }
            let short = tx.snapshot().short_id(&id)?;
            let after = tx.ticket(&id)?;
            outcome.changed.push(TicketChange {
                id: id.clone(),
                short,
                title: after.title.clone(),
                detail: format!("{} -> {}", incident.status, after.status),
            });
        }
    }
    let incidents = outcome.changed.len() - 1;
    Ok(Words::new(format!(
        "problem resolve {short}: {}{}",
        problem.title,
        if incidents == 0 {
            String::new()
        } else {
            format!(" and {incidents} incident(s)")
        }
    )))
}

/// The single target of a change made to one ticket.
fn one_target<'t>(targets: &'t [String], what: &str) -> Result<&'t str, DeskError> {
    match targets {
        [one] => Ok(one),
        _ => Err(DeskError::invalid(format!(
            "{what} takes one ticket, not {}",
            targets.len()
        ))),
    }
}

impl Words {
    /// The store's commit message for `verb`.
    fn message(self, verb: &str) -> CommitMessage {
        let mut message = CommitMessage::new(self.subject, verb);
        message.tiers = self.tiers;
        message.trailers = self.trailers;
        message
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hour: u32) -> DateTime<Utc> {
        format!("2026-11-22T{hour:02}:00:00Z").parse().unwrap()
    }

    #[test]
    fn one_door_files_changes_and_words_the_commit() {
        let dir = tempfile::tempdir().unwrap();
        Desk::create_repository(dir.path()).unwrap();
        let desk = Desk::open_at(dir.path(), None).unwrap();
        let ann = Actor::new("Ann", "ann@example.com");
        desk.init(&ann, at(8)).unwrap();

        let filed = desk
            .apply(
                &ann,
                at(9),
                &[],
                &Change::File(NewTicket::new(Filing::new("VPN drops", "r@example.com"))),
                false,
            )
            .unwrap();
        let id = filed.filed.clone().unwrap();
        let short = desk.snapshot().unwrap().short_id(&id).unwrap();
        assert_eq!(filed.subject, format!("new {short}: VPN drops"));
        let message = &desk.history(1).unwrap()[0].message;
        assert!(
            message.contains("Desk-Action: new\nDesk-Tier: 1\n"),
            "{message}"
        );

        let escalate = Change::Escalate {
            to: None,
            reason: "needs the network team".into(),
        };
        let targets = [id.as_str()[..8].to_string()];
        let dry = desk.apply(&ann, at(10), &targets, &escalate, true).unwrap();
        assert_eq!(dry.commit, None, "a dry run writes nothing");
        assert_eq!(desk.history(10).unwrap().len(), 2);
        let done = desk
            .apply(&ann, at(10), &targets, &escalate, false)
            .unwrap();
        assert_eq!(done.subject, dry.subject);
        assert_eq!(
            done.subject,
            format!("escalate {short}: L1 -> L2: VPN drops")
        );
        assert_eq!(done.changed.len(), 1);
        assert_eq!(done.changed[0].id, id);
        let message = &desk.history(1).unwrap()[0].message;
        assert!(
            message.ends_with(&format!(
                "Desk-Ticket: {id}\nDesk-Action: escalate\nDesk-Tier: 1 -> 2\n"
            )),
            "{message}"
        );

        // Already at L2: nothing to record, no commit.
        let again = Change::Escalate {
            to: Some(Tier::new(2).unwrap()),
            reason: "still".into(),
        };
        let same = desk.apply(&ann, at(11), &targets, &again, false).unwrap();
        assert!(same.changed.is_empty() && same.commit.is_none());
        assert_eq!(same.unchanged, vec![short]);

        let refused = desk.apply(&ann, at(11), &targets, &Change::Close, false);
        assert!(matches!(
            refused,
            Err(DeskError::Refused(Refusal::CloseUnresolved { .. }))
        ));
    }

    #[test]
    fn an_id_is_renamed_only_where_it_stands_alone() {
        assert_eq!(
            replace_id("abcdefgh is at L4; see abcdefgh.", "abcdefgh", "abcdef"),
            "abcdef is at L4; see abcdef."
        );
        assert_eq!(
            replace_id("abcdefghjk and xabcdefgh", "abcdefgh", "abcdef"),
            "abcdefghjk and xabcdefgh"
        );
    }

    #[test]
    fn refused_targets_refuse_the_change_or_are_left_out() {
        let dir = tempfile::tempdir().unwrap();
        Desk::create_repository(dir.path()).unwrap();
        let desk = Desk::open_at(dir.path(), None).unwrap();
        let ann = Actor::new("Ann", "ann@example.com");
        desk.init(&ann, at(8)).unwrap();
        let file = |title: &str| {
            let new = Change::File(NewTicket::new(Filing::new(title, "r@example.com")));
            let id = desk.apply(&ann, at(9), &[], &new, false).unwrap().filed;
            id.unwrap().to_string()
        };
        let (low, top) = (file("VPN drops"), file("Vendor case"));
        let to_top = Change::Escalate {
            to: Some(Tier::new(4).unwrap()),
            reason: "vendor".into(),
        };
        desk.apply(&ann, at(10), std::slice::from_ref(&top), &to_top, false)
            .unwrap();
        let up = Change::Escalate {
            to: None,
            reason: "network".into(),
        };
        let both = [low.clone(), top.clone()];
        let short = desk
            .snapshot()
            .unwrap()
            .short_id(&TicketId::parse(&top).unwrap())
            .unwrap();
        let refused = desk.apply(&ann, at(11), &both, &up, false).unwrap_err();
        let DeskError::RefusedInBulk {
            ticket,
            targets,
            reason,
            ..
        } = &refused
        else {
            panic!("{refused:?}");
        };
        assert_eq!((ticket, *targets), (&short, 2));
        assert_eq!(
            reason.to_string(),
            format!("{short} is already at L4, the highest tier: nothing to escalate to")
        );
        assert!(refused.is_bad_input());

        let options = ApplyOptions {
            skip_invalid: true,
            ..ApplyOptions::default()
        };
        let done = desk.apply_with(&ann, at(11), &both, &up, options).unwrap();
        assert_eq!(done.changed.len(), 1);
        assert_eq!(done.changed[0].id.as_str(), low);
        assert_eq!(done.refused.len(), 1);
        assert_eq!(done.refused[0].short, short);
        assert!(done.commit.is_some());
    }
}
