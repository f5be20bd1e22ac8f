//! `desk.toml`: the desk's configuration, committed on the desk branch.
//!
//! Parsed into typed, validated values: tiers and teams, the priority matrix, SLA
//! policies on business calendars, the service catalogue, sites, routing and escalation
//! rules and permissions. Every error names the file, the line and the key. A key this version
//! does not know (written by a newer one, or misspelt) is kept in the file and reported
//! in [`DeskConfig::unknown_keys`], never a reason to refuse or fall back to defaults.

use std::collections::BTreeMap;

use crate::model::{Priority, PriorityMatrix, Tier};
use crate::query::{Query, SlaTerms};
use crate::sla::{default_policy, Calendar, SlaBook, SlaPolicy, Target, SITE_CALENDAR};

/// Path of the configuration file in the desk tree.
pub const CONFIG_PATH: &str = "desk.toml";

/// The `desk.toml` that `git desk init` commits.
pub const DEFAULT_CONFIG: &str = include_str!("default.toml");

/// The name of the built-in always-open calendar.
pub const ALWAYS_OPEN: &str = "24x7";

/// The calendar a `calendar = "site"` policy runs on for a ticket with no site: the one
/// a policy that names no calendar runs on.
pub const SITE_FALLBACK: &str = "business";

/// The parsed configuration.
#[derive(Debug, Clone)]
pub struct DeskConfig {
    /// The desk's display name.
    pub name: String,
    /// Tiers 0-4, indexed by level.
    pub tiers: [TierConfig; 5],
    /// Teams by name.
    pub teams: BTreeMap<String, Team>,
    /// Impact x urgency -> priority.
    pub matrix: PriorityMatrix,
    /// SLA policies per priority.
    pub sla: BTreeMap<Priority, PolicySpec>,
    /// Warning thresholds, fractions of a target, ascending.
    pub warning: Vec<f64>,
    /// Calendars by name (`24x7` and `business` always present).
    pub calendars: BTreeMap<String, Calendar>,
    /// The service catalogue.
    pub services: BTreeMap<String, Service>,
    /// Routing rules, in order.
    pub routing: Vec<RoutingRule>,
    /// Escalation rules, in order.
    pub escalation: Vec<EscalationRule>,
    /// Who may act where.
    pub permissions: Permissions,
    /// The desk's mail settings (`[mail]`); `None` when it takes no mail.
    pub mail: Option<MailConfig>,
    /// Who hears about what (`[[notify]]`, or the defaults).
    pub notify: Vec<NotifyRule>,
    /// How `git desk verify` on the server learns who pushes (`[server]`).
    pub server: ServerConfig,
    /// Server account names mapped to emails (`[accounts]`), lowercased.
    pub accounts: BTreeMap<String, String>,
    /// The offices the desk serves (`[sites.NAME]`), by key.
    pub sites: BTreeMap<String, Site>,
    /// The zone times are shown in when `TZ` is not set (`[display] timezone`).
    pub display_zone: Option<chrono_tz::Tz>,
    /// Keys this version does not know: kept in the file, ignored, warned about.
    pub unknown_keys: Vec<UnknownKey>,
    /// Why the committed desk.toml could not be used, when this is the default
    /// configuration standing in for it: good for reading, while every rule check
    /// ([`DeskConfig::rules`]) refuses.
    pub broken: Option<String>,
}

/// A key of desk.toml this version does not know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey {
    /// The line it is on (1-based).
    pub line: usize,
    /// Its full name: `teams.desk.shift`, `routing[2].weight`.
    pub key: String,
}

impl std::fmt::Display for UnknownKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{CONFIG_PATH} line {}: key '{}' is not known to this version of git-desk: it is kept and ignored (a newer git-desk may have written it; check its spelling otherwise)",
            self.line, self.key
        )
    }
}

/// One tier's name and default team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierConfig {
    /// Display name (`Service desk`).
    pub name: String,
    /// The team a ticket goes to when it reaches this tier.
    pub team: Option<String>,
}

/// A team: its members and the tiers it serves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Team {
    /// Members' emails, in the order round robin uses.
    pub members: Vec<String>,
    /// Tiers the team serves.
    pub tiers: Vec<Tier>,
    /// The team's own address (a list or queue), for notices.
    pub email: Option<String>,
}

/// Response and resolution targets on a named calendar.
#[derive(Debug, Clone)]
pub struct PolicySpec {
    /// First response target.
    pub response: Target,
    /// Resolution target.
    pub resolution: Target,
    /// The calendar's name.
    pub calendar: String,
}

/// A catalogue entry.
#[derive(Debug, Clone)]
pub struct Service {
    /// What it is.
    pub description: Option<String>,
    /// The owning team.
    pub team: Option<String>,
    /// An SLA that overrides the priority's.
    pub sla: Option<PolicySpec>,
    /// What it costs, if the catalogue says.
    pub cost: Option<Cost>,
    /// The catalogue's heading it stands under (`Accounts`, `Hardware`).
    pub category: Option<String>,
    /// The sites it is offered at (keys of `[sites]`); empty means everywhere.
    pub sites: Vec<String>,
}

/// A rule applied when a ticket is filed.
#[derive(Debug, Clone)]
pub struct RoutingRule {
    /// The query as written.
    pub when_text: String,
    /// The parsed query.
    pub when: Query,
    /// Tier to file at.
    pub tier: Option<Tier>,
    /// Team to hand to.
    pub team: Option<String>,
    /// Site to file at (a key of `[sites]`).
    pub site: Option<String>,
    /// Person to assign.
    pub assignee: Option<String>,
    /// Priority to set.
    pub priority: Option<Priority>,
    /// Labels to add.
    pub labels: Vec<String>,
    /// Assign to the team's members in turn.
    pub round_robin: bool,
}

/// A rule applied by `git desk sweep`.
#[derive(Debug, Clone)]
pub struct EscalationRule {
    /// The query as written.
    pub when_text: String,
    /// The parsed query.
    pub when: Query,
    /// Tier to escalate to.
    pub escalate_to: Option<Tier>,
    /// Priority to set.
    pub priority: Option<Priority>,
    /// Person to assign.
    pub assignee: Option<String>,
    /// Team to hand to.
    pub team: Option<String>,
    /// Why (recorded on the ticket).
    pub reason: String,
}

impl EscalationRule {
    /// A stable name for the rule, recorded when it fires so that it fires once.
    pub fn key(&self) -> String {
        let mut key = self.when_text.trim().to_string();
        if let Some(t) = self.escalate_to {
            key.push_str(&format!(" => L{t}"));
        }
        if let Some(p) = self.priority {
            key.push_str(&format!(" => {p}"));
        }
        if let Some(a) = &self.assignee {
            key.push_str(&format!(" => {a}"));
        }
        if let Some(t) = &self.team {
            key.push_str(&format!(" => team {t}"));
        }
        key
    }
}

/// Who may act where.
#[derive(Debug, Clone, Default)]
pub struct Permissions {
    /// Only members of a team serving a ticket's tier may change it.
    pub by_tier: bool,
    /// Actions reserved to tiers: `rca = [3]`.
    pub actions: BTreeMap<String, Vec<Tier>>,
    /// Teams whose members may change desk.toml and KB articles (`config`).
    pub config: Option<Vec<String>>,
    /// Teams whose members may push events by others (`relay`).
    pub relay: Option<Vec<String>>,
}

impl Default for DeskConfig {
    fn default() -> Self {
        DeskConfig::parse(DEFAULT_CONFIG).expect("the default desk.toml is valid")
    }
}

mod keys;
mod mail;
mod parse;
mod server;
mod site;

pub use keys::unknown_keys;
pub use mail::{
    default_notify, is_address, parse_size, MailConfig, NoticeKind, NotifyRule, Recipient,
};
pub use server::{IdentitySource, ServerConfig, DEFAULT_IDENTITY_VARS};
pub use site::{unknown_site, Cost, Site, COST_UNITS};

impl DeskConfig {
    /// The default configuration standing in, for reading only, for a committed
    /// desk.toml that cannot be used (`reason`: why); its [`DeskConfig::rules`] refuse.
    pub fn stand_in(reason: impl Into<String>) -> DeskConfig {
        DeskConfig {
            broken: Some(reason.into()),
            ..DeskConfig::default()
        }
    }

    /// The configuration, for a write that its rules (permissions, routing, escalation,
    /// tiers' teams) check: refused while desk.toml is broken, since a rule that cannot
    /// be read must not be taken as no rule.
    pub fn rules(&self) -> Result<&DeskConfig, crate::DeskError> {
        match &self.broken {
            Some(reason) => Err(crate::DeskError::BrokenConfig {
                reason: reason.clone(),
            }),
            None => Ok(self),
        }
    }

    /// A tier's configuration.
    pub fn tier(&self, tier: Tier) -> &TierConfig {
        &self.tiers[usize::from(tier.level())]
    }

    /// `L2 Technical support`.
    pub fn tier_label(&self, tier: Tier) -> String {
        format!("L{} {}", tier.level(), self.tier(tier).name)
    }

    /// The teams `email` belongs to.
    pub fn teams_of(&self, email: &str) -> Vec<&str> {
        let email = email.to_lowercase();
        self.teams
            .iter()
            .filter(|(_, t)| t.members.contains(&email))
            .map(|(n, _)| n.as_str())
            .collect()
    }

    /// True when `email` is in a team that serves `tier`.
    pub fn serves(&self, email: &str, tier: Tier) -> bool {
        let email = email.to_lowercase();
        self.teams
            .values()
            .any(|t| t.tiers.contains(&tier) && t.members.contains(&email))
    }

    fn policy_from(&self, spec: &PolicySpec, site: Option<&str>) -> SlaPolicy {
        SlaPolicy {
            response: spec.response.clone(),
            resolution: spec.resolution.clone(),
            calendar: self
                .calendars
                .get(self.calendar_name(spec, site))
                .cloned()
                .unwrap_or_else(Calendar::business_default),
            warning: self.warning.clone(),
        }
    }

    /// The calendar a policy runs on for a ticket at `site`: its own, or for
    /// `calendar = "site"` the site's, and [`SITE_FALLBACK`] for a ticket with no site
    /// (or a site no longer defined).
    pub fn calendar_name<'a>(&'a self, spec: &'a PolicySpec, site: Option<&str>) -> &'a str {
        if spec.calendar != SITE_CALENDAR {
            return &spec.calendar;
        }
        site.and_then(|s| self.sites.get(s))
            .map_or(SITE_FALLBACK, |s| s.calendar.as_str())
    }
}

impl SlaTerms for DeskConfig {
    fn matrix(&self) -> &PriorityMatrix {
        &self.matrix
    }

    fn book(&self) -> &dyn SlaBook {
        self
    }
}

impl SlaBook for DeskConfig {
    fn policy(&self, priority: Priority, service: Option<&str>) -> SlaPolicy {
        self.policy_at(priority, service, None)
    }

    fn policy_at(
        &self,
        priority: Priority,
        service: Option<&str>,
        site: Option<&str>,
    ) -> SlaPolicy {
        if let Some(spec) = service
            .and_then(|s| self.services.get(s))
            .and_then(|s| s.sla.as_ref())
        {
            return self.policy_from(spec, site);
        }
        match self.sla.get(&priority) {
            Some(spec) => self.policy_from(spec, site),
            None => {
                let mut p = default_policy(priority);
                p.warning = self.warning.clone();
                p
            }
        }
    }
}

#[cfg(test)]
mod tests;
