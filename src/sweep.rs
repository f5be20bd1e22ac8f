//! `git desk sweep`: the `[[escalation]]` rules of desk.toml applied to every ticket they
//! match, as one commit.
//!
//! Idempotent: when a rule fires on a ticket, a `swept` event naming the rule is recorded
//! after its actions, and the rule does not fire on that ticket again until the ticket
//! changes tier or is reopened (a new episode). A rule whose actions are already in effect
//! records nothing.

use crate::config::{DeskConfig, EscalationRule};
use crate::error::DeskError;
use crate::model::{Action, Ticket, TicketId, TicketState, TicketType};
use crate::query::QueryContext;
use crate::store::{Listing, Transaction};
use crate::workflow;

/// One rule firing on one ticket.
#[derive(Debug, Clone)]
pub struct Firing {
    /// The ticket.
    pub ticket: TicketId,
    /// Its short id among the listed tickets, as shown.
    pub short: String,
    /// The rule (1-based).
    pub rule: usize,
    /// What it records, the `swept` marker last.
    pub actions: Vec<Action>,
}

/// True when `rule_key` fired on the ticket since its last tier change or reopen.
pub fn fired_in_episode(ticket: &Ticket, rule_key: &str) -> bool {
    let mut fired = false;
    for e in &ticket.events {
        match &e.action {
            Action::Swept { rule } if rule == rule_key => fired = true,
            Action::TierChanged { .. } | Action::Reopened { .. } => fired = false,
            _ => {}
        }
    }
    fired
}

/// The actions `rule` takes on `ticket` now (empty when they are already in effect).
pub fn actions_for(
    rule: &EscalationRule,
    ticket: &Ticket,
    config: &DeskConfig,
) -> Result<Vec<Action>, DeskError> {
    let mut actions = Vec::new();
    let mut current = ticket.clone();
    let mut apply = |current: &mut Ticket, step: Vec<Action>| {
        for a in &step {
            current.record(a.clone(), "", current.updated, &config.matrix);
        }
        actions.extend(step);
    };
    if let Some(to) = rule.escalate_to {
        if to > current.tier {
            let step = workflow::escalate(&current, Some(to), &rule.reason, config)?;
            apply(&mut current, step);
        }
    }
    if let Some(p) = rule.priority {
        if current.priority != p {
            let step =
                workflow::set_field(&current, "priority", &p.to_string(), Some(&rule.reason))?;
            apply(&mut current, step);
        }
    }
    if rule.assignee.is_some() || rule.team.is_some() {
        let step = workflow::assign(
            &current,
            rule.assignee.as_deref(),
            rule.team.as_deref(),
            None,
        )?;
        apply(&mut current, step);
    }
    Ok(actions)
}

/// The firings on one ticket, in rule order. Each rule sees the ticket as the rules
/// before it left it.
fn plan_ticket(
    ticket: &Ticket,
    config: &DeskConfig,
    ctx: &QueryContext<'_>,
) -> Result<Vec<Firing>, DeskError> {
    let mut firings = Vec::new();
    // Copied only when a rule changes it: most tickets match no rule.
    let mut current = std::borrow::Cow::Borrowed(ticket);
    for (i, rule) in config.escalation.iter().enumerate() {
        if !rule.when.matches(&current, ctx) {
            continue;
        }
        let key = rule.key();
        if fired_in_episode(&current, &key) {
            continue;
        }
        let mut actions = actions_for(rule, &current, config)?;
        if actions.is_empty() {
            continue;
        }
        actions.push(Action::Swept { rule: key });
        // Kept until the commit, for every firing of a sweep.
        actions.shrink_to_fit();
        let changed = current.to_mut();
        for a in &actions {
            changed.record(a.clone(), "", ctx.now, &config.matrix);
        }
        firings.push(Firing {
            ticket: ticket.id.clone(),
            short: String::new(),
            rule: i + 1,
            actions,
        });
    }
    Ok(firings)
}

/// A ticket some rule fires on, as the listing held it, and its firings in rule order.
#[derive(Debug, Clone)]
pub struct Fired {
    /// The ticket before the sweep (boxed: thousands wait here for the transaction, which
    /// takes them one by one).
    pub ticket: Box<Ticket>,
    /// What the rules do to it.
    pub firings: Vec<Firing>,
}

/// Every ticket of `listing` a rule fires on, in ticket order, with its firings in rule
/// order. Only tickets whose state could match a rule are read whole (the first rule to
/// fire must match the ticket as it is), on every core; only those fired on are kept.
pub fn plan(
    listing: &Listing,
    config: &DeskConfig,
    ctx: &QueryContext<'_>,
) -> Result<Vec<Fired>, DeskError> {
    let candidate = |state: &TicketState| {
        // Problems are worked by Level 3 at their own pace; sweeps are for the queue.
        state.status.is_active()
            && state.ticket_type != TicketType::Problem
            && config
                .escalation
                .iter()
                .any(|rule| rule.when.matches_state(state, ctx))
    };
    let runs = listing.states_where(&candidate, &|i, state| {
        let ticket = listing.with_events(i, state);
        match plan_ticket(&ticket, config, ctx) {
            Ok(firings) if firings.is_empty() => None,
            Ok(mut firings) => {
                let short = listing.short_id(&ticket.id);
                for f in &mut firings {
                    f.short.clone_from(&short);
                }
                firings.shrink_to_fit();
                let mut ticket = Box::new(ticket);
                // Room for the events the sweep records, and no more.
                let recorded = firings.iter().map(|f| f.actions.len()).sum();
                ticket.events.reserve_exact(recorded);
                Some(Ok(Fired { ticket, firings }))
            }
            Err(e) => Some(Err(e)),
        }
    });
    runs.into_iter().flatten().collect()
}

/// Plans the sweep on the transaction's snapshot and records every firing in it: the
/// whole sweep becomes one commit. The tickets fired on are handed to the transaction as
/// the listing decoded them, not read again. Returns the firings, in ticket order then
/// rule order.
pub fn apply(
    tx: &mut Transaction<'_, '_>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<Firing>, DeskError> {
    let snapshot = tx.snapshot();
    snapshot.config.rules()?;
    let listing = snapshot.listing(None)?;
    let ctx = QueryContext {
        me: Some(tx.actor().email.clone()),
        now,
        config: Some(&snapshot.config),
    };
    let fired = plan(&listing, &snapshot.config, &ctx)?;
    drop(listing);
    let mut firings = Vec::new();
    for Fired {
        ticket,
        firings: on,
    } in fired
    {
        tx.know(*ticket);
        for firing in &on {
            for a in &firing.actions {
                tx.record(&firing.ticket, a.clone())?;
            }
        }
        firings.extend(on);
    }
    Ok(firings)
}

/// What a firing did, in a few words: `L1 -> L2, priority P2, -> tech-support`.
pub fn describe(actions: &[Action]) -> String {
    actions
        .iter()
        .filter_map(|a| match a {
            Action::TierChanged { from, to, .. } => Some(format!("L{from} -> L{to}")),
            Action::FieldSet { field, value, .. } => {
                Some(format!("{field} {}", value.as_str().unwrap_or_default()))
            }
            Action::Assigned { assignee, team } => Some(format!(
                "-> {}",
                assignee.as_deref().or(team.as_deref()).unwrap_or("nobody")
            )),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Filing, Tier};
    use chrono::{DateTime, Utc};

    fn at(hours: i64) -> DateTime<Utc> {
        "2026-11-22T09:00:00Z".parse::<DateTime<Utc>>().unwrap() + chrono::Duration::hours(hours)
    }

    fn config() -> DeskConfig {
        DeskConfig::parse(&format!(
            "{}\n[[escalation]]\nwhen = \"tier:2 priority:P3 age:>1d\"\npriority = \"P2\"\nreason = \"stale at L2\"\n",
            crate::config::DEFAULT_CONFIG
        ))
        .unwrap()
    }

    fn ctx(c: &DeskConfig, hours: i64) -> QueryContext<'_> {
        QueryContext {
            me: None,
            now: at(hours),
            config: Some(c),
        }
    }

    /// The firings a sweep plans on these tickets, listed as the cache lists them.
    fn plan_of(
        tickets: &[Ticket],
        c: &DeskConfig,
        ctx: &QueryContext<'_>,
    ) -> Result<Vec<Firing>, DeskError> {
        let listing = Listing::of(tickets.to_vec());
        Ok(plan(&listing, c, ctx)?
            .into_iter()
            .flat_map(|f| f.firings)
            .collect())
    }

    fn ticket(c: &DeskConfig) -> Ticket {
        Ticket::file(
            TicketId::generate(),
            Filing::new("Printer offline", "r@example.com"),
            "r@example.com",
            at(0),
            &c.matrix,
        )
    }

    #[test]
    fn rules_fire_in_order_and_see_each_others_effects() {
        let c = config();
        let t = ticket(&c);
        assert!(plan_of(std::slice::from_ref(&t), &c, &ctx(&c, 3))
            .unwrap()
            .is_empty());
        // After 4h rule 1 escalates to L2; after a day at L2 rule 2 raises the priority.
        let firings = plan_of(std::slice::from_ref(&t), &c, &ctx(&c, 30)).unwrap();
        assert_eq!(
            firings.iter().map(|f| f.rule).collect::<Vec<_>>(),
            vec![1, 2]
        );
        assert!(
            matches!(firings[0].actions[0], Action::TierChanged { to, .. } if to == Tier::new(2).unwrap())
        );
        assert!(matches!(
            firings[0].actions.last(),
            Some(Action::Swept { .. })
        ));
    }

    #[test]
    fn a_rule_fires_once_per_episode() {
        let c = config();
        let mut t = ticket(&c);
        let firings = plan_of(std::slice::from_ref(&t), &c, &ctx(&c, 30)).unwrap();
        for f in &firings {
            for a in &f.actions {
                t.record(a.clone(), "sweep@example.com", at(30), &c.matrix);
            }
        }
        assert!(plan_of(std::slice::from_ref(&t), &c, &ctx(&c, 60))
            .unwrap()
            .is_empty());
        // Handed back to L1: a new episode, and the first rule may fire again.
        let down = workflow::deescalate(&t, Tier::SERVICE_DESK, "wrong queue", &c).unwrap();
        for a in down {
            t.record(a, "al@example.com", at(61), &c.matrix);
        }
        let again = plan_of(std::slice::from_ref(&t), &c, &ctx(&c, 62)).unwrap();
        assert_eq!(again.iter().map(|f| f.rule).collect::<Vec<_>>(), vec![1]);
        assert!(!fired_in_episode(&t, &c.escalation[0].key()));
    }

    #[test]
    fn a_plan_keeps_the_fired_tickets_whole_with_their_short_ids() {
        let c = config();
        let with_id = |id: &str| Ticket {
            state: TicketState {
                id: TicketId::parse(id).unwrap(),
                ..ticket(&c).state.clone()
            },
            ..ticket(&c)
        };
        let fired = with_id("k3m9x2qa00000000");
        let neighbour = with_id("k3m9x2qb00000000");
        let mut done = with_id("zz0000000000000a");
        done.record(
            Action::Resolved {
                resolution: "fixed".into(),
                code: None,
                kb: None,
            },
            "al@example.com",
            at(1),
            &c.matrix,
        );
        let listing = Listing::of(vec![done, neighbour.clone(), fired.clone()]);
        // Before 4h no rule fires; after, both open Level 1 tickets are escalated.
        assert!(plan(&listing, &c, &ctx(&c, 3)).unwrap().is_empty());
        let planned = plan(&listing, &c, &ctx(&c, 30)).unwrap();
        let ids: Vec<&str> = planned.iter().map(|f| f.ticket.id.as_str()).collect();
        assert_eq!(ids, ["k3m9x2qa00000000", "k3m9x2qb00000000"]);
        assert_eq!(*planned[0].ticket, fired, "the ticket as it was listed");
        let shorts: Vec<&str> = planned[0]
            .firings
            .iter()
            .map(|f| f.short.as_str())
            .collect();
        assert_eq!(shorts, ["k3m9x2qa", "k3m9x2qa"]);
        assert_eq!(planned[1].firings[0].short, "k3m9x2qb");
    }

    #[test]
    fn done_tickets_and_problems_are_left_alone() {
        let c = config();
        let mut done = ticket(&c);
        done.record(
            Action::Resolved {
                resolution: "fixed".into(),
                code: None,
                kb: None,
            },
            "al@example.com",
            at(1),
            &c.matrix,
        );
        let problem = Ticket::file(
            TicketId::generate(),
            Filing {
                ticket_type: TicketType::Problem,
                ..Filing::new("Root cause", "s@example.com")
            },
            "s@example.com",
            at(0),
            &c.matrix,
        );
        assert!(plan_of(&[done, problem], &c, &ctx(&c, 30))
            .unwrap()
            .is_empty());
    }
}
