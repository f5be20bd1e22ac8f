//! Routing at filing: every `[[routing]]` rule of desk.toml whose query matches the new
//! ticket applies, in order (later rules win): tier, team, site, assignee, priority, labels, and
//! round robin over a team's members.

use crate::config::DeskConfig;
use crate::error::DeskError;
use crate::model::{Filing, Ticket, TicketId};
use crate::query::QueryContext;

/// What routing did to a filing.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Routed {
    /// The rules that matched (1-based, as in messages).
    pub rules: Vec<usize>,
    /// A round-robin assignment: `(team, member)`.
    pub round_robin: Option<(String, String)>,
}

/// Picks the member of a team whose turn it is: `(team, members) -> member`.
pub type NextInTurn<'a> = dyn FnMut(&str, &[String]) -> Result<Option<String>, DeskError> + 'a;

/// Applies the routing rules to `filing`. `next_in_turn(team, members)` picks the member
/// whose turn it is (from the desk's history).
pub fn route(
    filing: &mut Filing,
    config: &DeskConfig,
    ctx: &QueryContext<'_>,
    next_in_turn: &mut NextInTurn<'_>,
) -> Result<Routed, DeskError> {
    let config = config.rules()?;
    let mut routed = Routed::default();
    let probe_id = TicketId::parse("0000000000000000").expect("a well-formed id");
    for (i, rule) in config.routing.iter().enumerate() {
        let probe = Ticket::file(
            probe_id.clone(),
            filing.clone(),
            &filing.reporter,
            ctx.now,
            &config.matrix,
        );
        if !rule.when.matches(&probe, ctx) {
            continue;
        }
        routed.rules.push(i + 1);
        if let Some(tier) = rule.tier {
            filing.tier = tier;
            filing.team = config.tier(tier).team.clone();
        }
        if let Some(team) = &rule.team {
            filing.team = Some(team.clone());
        }
        if let Some(site) = &rule.site {
            filing.site = Some(site.clone());
        }
        if let Some(assignee) = &rule.assignee {
            filing.assignee = Some(assignee.clone());
        }
        if let Some(priority) = rule.priority {
            filing.priority = Some(priority);
            filing.priority_reason = Some(format!("routing rule #{}: {}", i + 1, rule.when_text));
        }
        for label in &rule.labels {
            if !filing.labels.contains(label) {
                filing.labels.push(label.clone());
            }
        }
        if rule.round_robin {
            if let Some(team) = &rule.team {
                let members = config
                    .teams
                    .get(team)
                    .map(|t| t.members.clone())
                    .unwrap_or_default();
                if let Some(member) = next_in_turn(team, &members)? {
                    filing.assignee = Some(member.clone());
                    routed.round_robin = Some((team.clone(), member));
                }
            }
        }
    }
    Ok(routed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Tier;

    fn config() -> DeskConfig {
        DeskConfig::parse(&format!(
            "{}\n[teams.vendors]\nmembers = ['v1@example.com', 'v2@example.com']\ntiers = [4]\n\n[[routing]]\nwhen = 'label:printer'\ntier = 4\nteam = 'vendors'\nround_robin = true\n\n[[routing]]\nwhen = 'label:printer major:true'\npriority = 'P1'\nlabels = ['escalated-by-rule']\n",
            crate::config::DEFAULT_CONFIG.replace("[teams.vendors]\nmembers = []\ntiers = [4]\n", "")
        ))
        .unwrap()
    }

    fn ctx() -> QueryContext<'static> {
        QueryContext {
            me: None,
            now: "2026-11-22T09:00:00Z".parse().unwrap(),
            config: None,
        }
    }

    #[test]
    fn matching_rules_apply_in_order() {
        let c = config();
        let mut f = Filing {
            labels: vec!["printer".into()],
            major: true,
            ..Filing::new("Printer on fire", "r@example.com")
        };
        let mut turns = |_: &str, m: &[String]| Ok(m.first().cloned());
        let routed = route(&mut f, &c, &ctx(), &mut turns).unwrap();
        assert_eq!(routed.rules, vec![1, 2]);
        assert_eq!(f.tier, Tier::new(4).unwrap());
        assert_eq!(f.team.as_deref(), Some("vendors"));
        assert_eq!(f.assignee.as_deref(), Some("v1@example.com"));
        assert_eq!(f.priority.map(|p| p.to_string()).as_deref(), Some("P1"));
        assert!(f.priority_reason.unwrap().contains("routing rule #2"));
        assert!(f.labels.contains(&"escalated-by-rule".to_string()));
    }

    #[test]
    fn other_tickets_are_left_alone() {
        let c = config();
        let mut f = Filing::new("VPN drops", "r@example.com");
        let before = f.clone();
        let mut turns = |_: &str, _: &[String]| -> Result<Option<String>, DeskError> {
            panic!("no round robin for a ticket no rule matches")
        };
        assert!(route(&mut f, &c, &ctx(), &mut turns)
            .unwrap()
            .rules
            .is_empty());
        assert_eq!(f, before);
    }
}
