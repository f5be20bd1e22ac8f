//! The rules of working a ticket: which moves are allowed and what event each one
//! records. Each function looks at a ticket and a request and returns the actions to
//! record (empty when the ticket is already where the request wants it), or a bad-input
//! error that says what to do instead.

mod apply;
mod change;
mod edit;
mod import;
mod mail;
mod notify;
mod refusal;
mod subject;

pub use apply::{resolve_all, ApplyOptions, Fired, Outcome, RefusedTicket, TicketChange};
pub use change::{Change, Delivered, NewTicket};
pub use edit::{edit, EDITABLE};
pub use import::{leave_out_imported, AlreadyImported};
pub use mail::{no_mail_settings, Taken, TakenAs, REJECTED_DIR};
pub use refusal::{Refusal, Text};

use toml::Value;

use crate::config::DeskConfig;
use crate::error::DeskError;
use crate::model::{
    Action, Grade, PendingReason, Priority, Rca, Status, Ticket, TicketType, Tier, Vendor,
};

/// Root-cause analysis fields and the known-error flag on a problem record.
pub fn record_rca(
    t: &Ticket,
    rca: &Rca,
    known_error: Option<bool>,
) -> Result<Vec<Action>, DeskError> {
    if t.ticket_type != TicketType::Problem {
        return Err(Refusal::NotAProblem {
            ticket: short(t).to_string(),
            article: article(t.ticket_type.as_str()),
            kind: t.ticket_type.to_string(),
        }
        .into());
    }
    if rca.is_empty() && known_error.is_none() {
        return Err(Refusal::NothingToRecord.into());
    }
    // Only what changes is recorded.
    let mut changed = rca.clone();
    let keep = |new: &mut Option<String>, old: &Option<String>| {
        if new.as_ref().map(|v| v.trim()) == old.as_deref().map(str::trim) {
            *new = None;
        }
    };
    keep(&mut changed.method, &t.rca.method);
    keep(&mut changed.symptoms, &t.rca.symptoms);
    keep(&mut changed.root_cause, &t.rca.root_cause);
    keep(&mut changed.workaround, &t.rca.workaround);
    keep(&mut changed.fix, &t.rca.fix);
    if changed.reproduced == t.rca.reproduced {
        changed.reproduced = None;
    }
    let mut actions = Vec::new();
    if !changed.is_empty() {
        actions.push(Action::RcaRecorded(changed));
    }
    if let Some(flag) = known_error {
        actions.extend(set_field(
            t,
            "known_error",
            if flag { "true" } else { "false" },
            None,
        )?);
    }
    Ok(actions)
}

/// Hands a ticket to an outside vendor (Level 4): tier 4 with its team, the vendor's
/// details, status pending (vendor), which pauses the SLA. On a ticket already with a
/// vendor it records only what changes (a new follow-up date, their reference).
pub fn hand_to_vendor(
    t: &Ticket,
    vendor: &Vendor,
    config: &DeskConfig,
) -> Result<Vec<Action>, DeskError> {
    require_active(t, "hand over")?;
    let current = t.vendor.clone().unwrap_or_default();
    let name = vendor
        .name
        .clone()
        .or(current.name.clone())
        .ok_or_else(|| Refusal::NoVendor {
            ticket: short(t).to_string(),
        })?;
    let mut changed = vendor.clone();
    if changed.name == current.name {
        changed.name = None;
    }
    if changed.reference == current.reference {
        changed.reference = None;
    }
    if changed.contract == current.contract {
        changed.contract = None;
    }
    if changed.follow_up == current.follow_up {
        changed.follow_up = None;
    }
    let mut actions = Vec::new();
    if t.tier < Tier::MAX {
        actions.extend(tier_move(
            t,
            Tier::MAX,
            format!("handed to vendor {name}"),
            config,
        ));
    }
    if changed != Vendor::default() {
        actions.push(Action::VendorHandoff(changed));
    }
    if !(t.status == Status::Pending && t.pending_reason == Some(PendingReason::Vendor)) {
        actions.push(Action::StatusChanged {
            to: Status::Pending,
            pending_reason: Some(PendingReason::Vendor),
            reason: Some(format!("with {name}")),
        });
    }
    Ok(actions)
}

/// Customer satisfaction, 1-5, on a resolved or closed ticket.
pub fn rate(t: &Ticket, score: i64, comment: Option<&str>) -> Result<Vec<Action>, DeskError> {
    if !(1..=5).contains(&score) {
        return Err(crate::error::BadValue::Rating(score).into());
    }
    if t.status.is_active() {
        return Err(DeskError::invalid(format!(
            "{} is {}: a ticket is rated once it is resolved or closed",
            short(t),
            t.status
        )));
    }
    Ok(vec![Action::Rated {
        score: score as u8,
        comment: comment
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string),
    }])
}

/// Whether `email` may `action` (a command's verb) the ticket, under desk.toml's
/// `[permissions]`: with `by_tier`, only members of a team serving the ticket's tier,
/// except that reporters may always comment on their own tickets; `[permissions.actions]`
/// reserves actions to tiers (`rca = [3]`). The error names the rule.
pub fn may_act(
    config: &DeskConfig,
    email: &str,
    ticket: &Ticket,
    action: &str,
) -> Result<(), DeskError> {
    let config = config.rules()?;
    let serving = |tier: Tier| -> String {
        let teams: Vec<&str> = config
            .teams
            .iter()
            .filter(|(_, t)| t.tiers.contains(&tier))
            .map(|(n, _)| n.as_str())
            .collect();
        if teams.is_empty() {
            "no team serves it".to_string()
        } else {
            format!("teams serving it: {}", teams.join(", "))
        }
    };
    if let Some(tiers) = config.permissions.actions.get(action) {
        if !tiers.iter().any(|t| config.serves(email, *t)) {
            let levels: Vec<String> = tiers.iter().map(|t| format!("L{t}")).collect();
            return Err(DeskError::PermissionDenied(format!(
                "only members of teams serving {} may {action} ([permissions.actions] {action} in desk.toml); {email} is not one",
                levels.join(" or ")
            )));
        }
    }
    let own_comment = matches!(action, "comment" | "note" | "rate")
        && ticket.reporter.eq_ignore_ascii_case(email);
    if config.permissions.by_tier && !own_comment && !config.serves(email, ticket.tier) {
        return Err(DeskError::PermissionDenied(format!(
            "{email} may not {action} {} at L{} ([permissions] by_tier in desk.toml; {}): ask a member, or add yourself to such a team",
            short(ticket),
            ticket.tier,
            serving(ticket.tier)
        )));
    }
    Ok(())
}

/// `a` or `an` before a word, for messages.
pub fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

fn short(t: &Ticket) -> &str {
    &t.id.as_str()[..8]
}

fn require_text(what: Text, text: &str) -> Result<String, DeskError> {
    let text = text.trim();
    if text.is_empty() {
        Err(Refusal::Empty(what).into())
    } else {
        Ok(text.to_string())
    }
}

fn require_active(t: &Ticket, verb: &'static str) -> Result<(), DeskError> {
    if t.status.is_active() {
        Ok(())
    } else {
        Err(Refusal::NotActive {
            verb,
            ticket: short(t).to_string(),
            status: t.status,
        }
        .into())
    }
}

/// Escalate up one tier, or to `to`. The new tier's default team takes it; the owner stays.
pub fn escalate(
    t: &Ticket,
    to: Option<Tier>,
    reason: &str,
    config: &DeskConfig,
) -> Result<Vec<Action>, DeskError> {
    let reason = require_text(Text::EscalationReason, reason)?;
    require_active(t, "escalate")?;
    let to = match to {
        Some(to) => to,
        None => t.tier.next().ok_or_else(|| Refusal::AtTopTier {
            ticket: short(t).to_string(),
            tier: t.tier,
        })?,
    };
    if to == t.tier {
        return Ok(Vec::new());
    }
    if to < t.tier {
        return Err(Refusal::EscalateDown {
            ticket: short(t).to_string(),
            from: t.tier,
            to,
        }
        .into());
    }
    Ok(tier_move(t, to, reason, config))
}

/// The move itself: the new tier's default team takes the ticket over.
fn tier_move(t: &Ticket, to: Tier, reason: String, config: &DeskConfig) -> Vec<Action> {
    vec![Action::TierChanged {
        from: t.tier,
        to,
        reason,
        team: config.tier(to).team.clone(),
    }]
}

/// Hand back down to tier `to`.
pub fn deescalate(
    t: &Ticket,
    to: Tier,
    reason: &str,
    config: &DeskConfig,
) -> Result<Vec<Action>, DeskError> {
    let reason = require_text(Text::Reason, reason)?;
    require_active(t, "de-escalate")?;
    if to == t.tier {
        return Ok(Vec::new());
    }
    if to > t.tier {
        return Err(Refusal::DeescalateUp {
            ticket: short(t).to_string(),
            from: t.tier,
            to,
        }
        .into());
    }
    Ok(tier_move(t, to, reason, config))
}

/// A plain status move (not resolve, not reopen).
pub fn move_status(t: &Ticket, to: Status, reason: Option<&str>) -> Result<Vec<Action>, DeskError> {
    let reason = reason.map(str::trim).filter(|r| !r.is_empty());
    let id = short(t);
    match to {
        Status::New => {
            return Err(DeskError::invalid(
                "a ticket cannot go back to 'new': use open, in-progress or pending",
            ))
        }
        Status::Resolved => {
            return Err(Refusal::ResolveWithoutResolution {
                ticket: id.to_string(),
            }
            .into())
        }
        Status::Closed => {
            if t.status == Status::Closed {
                return Ok(Vec::new());
            }
            if t.status != Status::Resolved {
                return Err(Refusal::CloseUnresolved {
                    ticket: id.to_string(),
                    status: t.status,
                }
                .into());
            }
        }
        Status::Pending => {
            require_active(t, "pend")?;
            let pending: PendingReason = reason
                .ok_or_else(|| Refusal::PendingWithoutReason {
                    names: PendingReason::names(),
                })?
                .parse()?;
            if t.status == Status::Pending && t.pending_reason == Some(pending) {
                return Ok(Vec::new());
            }
            return Ok(vec![Action::StatusChanged {
                to,
                pending_reason: Some(pending),
                reason: None,
            }]);
        }
        Status::Open | Status::InProgress => {
            if !t.status.is_active() {
                return Err(Refusal::WorkInactive {
                    ticket: id.to_string(),
                    status: t.status,
                }
                .into());
            }
        }
    }
    if t.status == to {
        return Ok(Vec::new());
    }
    Ok(vec![Action::StatusChanged {
        to,
        pending_reason: None,
        reason: reason.map(str::to_string),
    }])
}

/// Resolve with a resolution text, an optional code and KB article.
pub fn resolve(
    t: &Ticket,
    resolution: &str,
    code: Option<&str>,
    kb: Option<&str>,
) -> Result<Vec<Action>, DeskError> {
    let resolution = require_text(Text::Resolution, resolution)?;
    if t.status == Status::Resolved && t.resolution.as_deref() == Some(resolution.as_str()) {
        return Ok(Vec::new());
    }
    require_active(t, "resolve")?;
    Ok(vec![Action::Resolved {
        resolution,
        code: code
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string),
        kb: kb
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(str::to_string),
    }])
}

/// Reopen a resolved or closed ticket.
pub fn reopen(t: &Ticket, reason: &str) -> Result<Vec<Action>, DeskError> {
    let reason = require_text(Text::Reason, reason)?;
    if t.status.is_active() {
        return Ok(Vec::new());
    }
    Ok(vec![Action::Reopened { reason }])
}

/// A comment or internal note.
pub fn comment(text: &str, internal: bool) -> Result<Vec<Action>, DeskError> {
    let text = require_text(Text::Comment, text)?;
    Ok(vec![Action::Commented { text, internal }])
}

/// Assignment to a person and/or team; `Some("")` clears. An explicit owner change is
/// recorded separately.
pub fn assign(
    t: &Ticket,
    assignee: Option<&str>,
    team: Option<&str>,
    owner: Option<&str>,
) -> Result<Vec<Action>, DeskError> {
    if assignee.is_none() && team.is_none() && owner.is_none() {
        return Err(Refusal::NothingToAssign.into());
    }
    for email in [assignee, owner].into_iter().flatten() {
        if !email.is_empty() && !email.contains('@') {
            return Err(crate::error::BadValue::Email(email.to_string()).into());
        }
    }
    let mut actions = Vec::new();
    let assignee_changes = assignee.filter(|a| Some(*a) != t.assignee.as_deref().or(Some("")));
    let team_changes = team.filter(|tm| Some(*tm) != t.team.as_deref().or(Some("")));
    if assignee_changes.is_some() || team_changes.is_some() {
        actions.push(Action::Assigned {
            assignee: assignee_changes.map(str::to_string),
            team: team_changes.map(str::to_string),
        });
    }
    if let Some(owner) = owner.filter(|o| Some(*o) != t.owner.as_deref()) {
        actions.push(Action::OwnerChanged {
            owner: owner.to_string(),
        });
    }
    Ok(actions)
}

/// The fields `set` can change.
pub const SETTABLE: &[&str] = &[
    "title",
    "description",
    "type",
    "impact",
    "urgency",
    "priority",
    "service",
    "site",
    "major",
    "known_error",
    "labels",
];

/// A service named by `set` must be in the catalogue, as for `git desk new` (an empty
/// catalogue accepts any name; an empty name clears).
pub fn in_catalogue(config: &DeskConfig, service: &str) -> Result<(), DeskError> {
    let service = service.trim();
    let services = &config.services;
    if service.is_empty()
        || service == "none"
        || services.is_empty()
        || services.contains_key(service)
    {
        return Ok(());
    }
    Err(DeskError::Unknown {
        what: crate::error::Named::Service,
        name: service.to_string(),
        known: services.keys().cloned().collect(),
    })
}

/// A site named by `set`, `new` or a routing rule must be defined in `[sites]` (an empty
/// name, or `none`, clears).
pub fn on_site(config: &DeskConfig, site: &str) -> Result<(), DeskError> {
    let site = site.trim();
    if site.is_empty() || site == "none" || config.sites.contains_key(site) {
        return Ok(());
    }
    Err(DeskError::Unknown {
        what: crate::error::Named::Site,
        name: site.to_string(),
        known: config.sites.keys().cloned().collect(),
    })
}

fn parse_flag(field: &str, value: &str) -> Result<bool, DeskError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "1" => Ok(true),
        "false" | "no" | "n" | "0" => Ok(false),
        _ => Err(crate::error::BadValue::Flag {
            field: field.to_string(),
            value: value.to_string(),
        }
        .into()),
    }
}

/// Normalises labels: trimmed, lower-case, no empties, no spaces.
pub fn clean_labels<'a>(
    labels: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<String>, DeskError> {
    let mut out = Vec::new();
    for l in labels.into_iter().flat_map(|l| l.split(',')) {
        let l = l.trim().to_lowercase();
        if l.is_empty() {
            continue;
        }
        if l.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(crate::error::BadValue::Label(l.to_string()).into());
        }
        if !out.contains(&l) {
            out.push(l);
        }
    }
    Ok(out)
}

/// What a `labels=` value asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum LabelChange {
    /// `labels=a,b`: exactly these labels.
    Replace(Vec<String>),
    /// `labels=+a,-b`: each element adds or removes one label.
    Edit {
        /// Labels to add.
        add: Vec<String>,
        /// Labels to remove.
        remove: Vec<String>,
    },
}

/// Parses a `labels=` value: either every element is a plain label (the list replaces
/// the ticket's labels; an empty list clears them) or every element carries its own `+`
/// or `-`. A mix is refused:
/// `a,+b` could mean "replace by a and b" or "add a and b", and guessing loses labels.
pub fn label_change(field: &str, value: &str) -> Result<LabelChange, DeskError> {
    let elements: Vec<&str> = value
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    let signed = elements
        .iter()
        .filter(|e| e.starts_with(['+', '-']))
        .count();
    if signed == 0 {
        return Ok(LabelChange::Replace(clean_labels(elements)?));
    }
    if signed < elements.len() {
        let plain = elements
            .iter()
            .find(|e| !e.starts_with(['+', '-']))
            .expect("some element is plain");
        return Err(DeskError::invalid(format!(
            "{field}={value} mixes a plain label ({plain}) with + and -: give every label its own + or - (labels=+a,-b), or none to replace the list (labels=a,b)"
        )));
    }
    let (mut add, mut remove) = (Vec::new(), Vec::new());
    for e in elements {
        let (sign, name) = e.split_at(1);
        let target = if sign == "+" { &mut add } else { &mut remove };
        for l in clean_labels([name])? {
            if !target.contains(&l) {
                target.push(l);
            }
        }
    }
    if let Some(both) = add.iter().find(|l| remove.contains(l)) {
        return Err(DeskError::invalid(format!(
            "{field}={value} both adds and removes '{both}': keep one of +{both} and -{both}"
        )));
    }
    Ok(LabelChange::Edit { add, remove })
}

/// One `FIELD=VALUE` assignment of `git desk set`. `labels=+a,-b` adds a and removes b,
/// `labels=a,b` replaces (see [`label_change`]); `priority=auto` returns to the matrix;
/// an empty service or label list clears it.
pub fn set_field(
    t: &Ticket,
    field: &str,
    value: &str,
    reason: Option<&str>,
) -> Result<Vec<Action>, DeskError> {
    let set = |v: Value, reason: Option<String>| {
        vec![Action::FieldSet {
            field: field.to_string(),
            value: v,
            reason,
        }]
    };
    let text = value.trim();
    let unchanged = |current: &str| current == text;
    Ok(match field {
        "title" => {
            let title = require_text(Text::Title, text)?;
            if title.contains(['\n', '\r']) {
                return Err(DeskError::invalid(
                    "the title has a line break: keep it to one line (the description holds the rest)",
                ));
            }
            if unchanged(&t.title) {
                Vec::new()
            } else {
                set(Value::String(title), None)
            }
        }
        "description" => {
            if t.description.trim() == text {
                Vec::new()
            } else {
                set(Value::String(value.to_string()), None)
            }
        }
        "type" => {
            let ty: TicketType = text.parse()?;
            if ty == t.ticket_type {
                Vec::new()
            } else {
                set(Value::String(ty.to_string()), None)
            }
        }
        "impact" | "urgency" => {
            let grade: Grade = text.parse()?;
            let current = if field == "impact" {
                t.impact
            } else {
                t.urgency
            };
            if grade == current {
                Vec::new()
            } else {
                set(Value::String(grade.to_string()), None)
            }
        }
        "priority" => {
            if text.eq_ignore_ascii_case("auto") {
                if t.priority_reason.is_none() {
                    Vec::new()
                } else {
                    set(Value::String("auto".into()), None)
                }
            } else {
                let p: Priority = text.parse()?;
                let reason = reason
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .ok_or_else(|| Refusal::PriorityWithoutReason {
                        priority: p.to_string(),
                    })?;
                if t.priority == p && t.priority_reason.as_deref() == Some(reason) {
                    Vec::new()
                } else {
                    set(Value::String(p.to_string()), Some(reason.to_string()))
                }
            }
        }
        "site" => {
            let text = if text == "none" { "" } else { text };
            if t.site.as_deref().unwrap_or("") == text {
                Vec::new()
            } else {
                set(Value::String(text.to_string()), None)
            }
        }
        "service" => {
            if t.service.as_deref().unwrap_or("") == text {
                Vec::new()
            } else {
                set(Value::String(text.to_string()), None)
            }
        }
        "major" | "known_error" => {
            let flag = parse_flag(field, text)?;
            if field == "known_error" && t.ticket_type != TicketType::Problem {
                return Err(DeskError::invalid(format!(
                    "known_error applies to problems and {} is {} {}: set type=problem first",
                    short(t),
                    article(t.ticket_type.as_str()),
                    t.ticket_type
                )));
            }
            let current = if field == "major" {
                t.major
            } else {
                t.known_error
            };
            if flag == current {
                Vec::new()
            } else {
                set(Value::Boolean(flag), None)
            }
        }
        "labels" | "label" => {
            let (add, remove) = match label_change(field, value)? {
                LabelChange::Replace(wanted) => {
                    let add = wanted
                        .iter()
                        .filter(|l| !t.labels.contains(l))
                        .cloned()
                        .collect();
                    let remove = t
                        .labels
                        .iter()
                        .filter(|l| !wanted.contains(l))
                        .cloned()
                        .collect();
                    (add, remove)
                }
                LabelChange::Edit { add, remove } => (add, remove),
            };
            let add: Vec<String> = add.into_iter().filter(|l| !t.labels.contains(l)).collect();
            let remove: Vec<String> = remove
                .into_iter()
                .filter(|l| t.labels.contains(l))
                .collect();
            if add.is_empty() && remove.is_empty() {
                Vec::new()
            } else {
                vec![Action::Labeled { add, remove }]
            }
        }
        other => {
            return Err(DeskError::Unknown {
                what: crate::error::Named::SettableField,
                name: other.to_string(),
                known: SETTABLE.iter().map(|k| k.to_string()).collect(),
            })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Filing, PriorityMatrix, TicketId};

    fn ticket(tier: i64) -> Ticket {
        Ticket::file(
            TicketId::generate(),
            Filing {
                tier: Tier::new(tier).unwrap(),
                labels: vec!["printer".into()],
                ..Filing::new("Printer jams", "r@example.com")
            },
            "r@example.com",
            "2026-11-22T09:00:00Z".parse().unwrap(),
            &PriorityMatrix::default(),
        )
    }

    fn tier(n: i64) -> Tier {
        Tier::new(n).unwrap()
    }

    #[test]
    fn escalation_goes_up_and_sets_the_tier_team() {
        let c = DeskConfig::default();
        let t = ticket(1);
        let a = escalate(&t, None, "needs L2", &c).unwrap();
        assert!(
            matches!(&a[0], Action::TierChanged { to, team, .. } if *to == tier(2) && team.as_deref() == Some("tech-support"))
        );
        let a = escalate(&t, Some(tier(3)), "straight to engineering", &c).unwrap();
        assert!(matches!(&a[0], Action::TierChanged { to, .. } if *to == tier(3)));
        assert!(escalate(&t, Some(tier(1)), "x", &c).unwrap().is_empty());
        assert!(escalate(&t, None, "  ", &c).is_err());
        assert!(escalate(&ticket(4), None, "x", &c)
            .unwrap_err()
            .to_string()
            .contains("highest"));
        assert!(matches!(
            escalate(&ticket(3), Some(tier(2)), "x", &c),
            Err(DeskError::Refused(Refusal::EscalateDown { .. }))
        ));
        assert!(deescalate(&ticket(3), tier(1), "back", &c).is_ok());
        assert!(deescalate(&ticket(1), tier(2), "x", &c).is_err());
    }

    #[test]
    fn status_rules() {
        let t = ticket(1);
        assert!(move_status(&t, Status::New, None).is_err());
        assert!(matches!(
            move_status(&t, Status::Resolved, None),
            Err(DeskError::Refused(Refusal::ResolveWithoutResolution { .. }))
        ));
        assert!(move_status(&t, Status::Closed, None).is_err());
        assert!(move_status(&t, Status::Pending, None).is_err());
        assert!(move_status(&t, Status::Pending, Some("weather")).is_err());
        assert_eq!(
            move_status(&t, Status::Pending, Some("vendor"))
                .unwrap()
                .len(),
            1
        );
        assert_eq!(move_status(&t, Status::InProgress, None).unwrap().len(), 1);
        assert!(reopen(&t, "x").unwrap().is_empty());
        assert!(resolve(&t, "", None, None).is_err());
    }

    #[test]
    fn set_parses_fields() {
        let t = ticket(1);
        assert!(matches!(
            set_field(&t, "priority", "P1", None),
            Err(DeskError::Refused(Refusal::PriorityWithoutReason { .. }))
        ));
        assert_eq!(
            set_field(&t, "priority", "P1", Some("VIP")).unwrap().len(),
            1
        );
        assert!(set_field(&t, "impact", "medium", None).unwrap().is_empty());
        assert!(set_field(&t, "impact", "huge", None).is_err());
        assert!(set_field(&t, "colour", "red", None)
            .unwrap_err()
            .to_string()
            .contains("settable"));
        assert!(set_field(&t, "labels", "+printer", None)
            .unwrap()
            .is_empty());
        let a = set_field(&t, "labels", "vpn,Remote", None).unwrap();
        assert_eq!(
            a,
            vec![Action::Labeled {
                add: vec!["vpn".into(), "remote".into()],
                remove: vec!["printer".into()]
            }]
        );
        assert!(set_field(&t, "title", " ", None).is_err());
        assert!(set_field(&t, "known_error", "true", None).is_err());
    }

    #[test]
    fn each_label_takes_its_own_sign_and_mixing_is_refused() {
        let edit = |add: &[&str], remove: &[&str]| LabelChange::Edit {
            add: add.iter().map(|s| s.to_string()).collect(),
            remove: remove.iter().map(|s| s.to_string()).collect(),
        };
        assert_eq!(
            label_change("labels", "+vpn,+wifi").unwrap(),
            edit(&["vpn", "wifi"], &[])
        );
        assert_eq!(
            label_change("labels", " -Printer , +VPN,+vpn ").unwrap(),
            edit(&["vpn"], &["printer"])
        );
        assert_eq!(
            label_change("labels", "a,B").unwrap(),
            LabelChange::Replace(vec!["a".into(), "b".into()])
        );
        let err = label_change("labels", "a,+b").unwrap_err().to_string();
        assert!(err.contains("mixes a plain label (a)"), "{err}");
        let err = label_change("labels", "+a,-a").unwrap_err().to_string();
        assert!(err.contains("both adds and removes 'a'"), "{err}");
        assert_eq!(
            label_change("labels", " , ").unwrap(),
            LabelChange::Replace(Vec::new())
        );
        assert!(label_change("labels", "+two words").is_err());
        let t = ticket(1);
        assert_eq!(
            set_field(&t, "labels", "+vpn,+wifi,-printer", None).unwrap(),
            vec![Action::Labeled {
                add: vec!["vpn".into(), "wifi".into()],
                remove: vec!["printer".into()]
            }]
        );
    }

    #[test]
    fn assign_needs_something_and_emails() {
        let t = ticket(1);
        assert!(assign(&t, None, None, None).is_err());
        assert!(assign(&t, Some("bob"), None, None).is_err());
        assert_eq!(
            assign(&t, Some("bob@example.com"), None, None)
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            assign(&t, None, None, Some("o@example.com")).unwrap().len(),
            1
        );
    }

    #[test]
    fn permissions_follow_team_membership() {
        let c = DeskConfig::parse(
            &crate::config::DEFAULT_CONFIG
                .replace(
                    "by_tier = false",
                    "by_tier = true\n[permissions.actions]\nrca = [3]",
                )
                .replace(
                    "[teams.engineering]\nmembers = []",
                    "[teams.engineering]\nmembers = [\"sam@example.com\"]",
                ),
        )
        .unwrap();
        let t = ticket(3);
        assert!(may_act(&c, "sam@example.com", &t, "start").is_ok());
        let err = may_act(&c, "al@example.com", &t, "start")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("by_tier") && err.contains("engineering"),
            "{err}"
        );
        assert!(
            may_act(&c, "r@example.com", &t, "comment").is_ok(),
            "the reporter comments"
        );
        let err = may_act(&c, "al@example.com", &ticket(1), "rca")
            .unwrap_err()
            .to_string();
        assert!(err.contains("[permissions.actions] rca"), "{err}");
        assert!(may_act(&DeskConfig::default(), "anyone@example.com", &t, "start").is_ok());
    }
}
