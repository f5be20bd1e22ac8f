//! `desk.toml`: the desk's configuration, committed on the desk branch.
//!
//! Parsed into typed, validated values: tiers and teams, the priority matrix, SLA
//! policies on business calendars, the service catalogue, routing and escalation rules
//! and permissions. Every error names the file, the line and the key. A key this version
//! does not know (written by a newer one, or misspelt) is kept in the file and reported
//! in [`DeskConfig::unknown_keys`], never a reason to refuse or fall back to defaults.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use crate::model::{Priority, PriorityMatrix, Tier};
use crate::query::{Query, SlaTerms};
use crate::sla::{default_policy, Calendar, SlaBook, SlaPolicy, Target};

/// Path of the configuration file in the desk tree.
pub const CONFIG_PATH: &str = "desk.toml";

/// The `desk.toml` that `git desk init` commits.
pub const DEFAULT_CONFIG: &str = include_str!("default.toml");

/// The name of the built-in always-open calendar.
pub const ALWAYS_OPEN: &str = "24x7";

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
}

impl Default for DeskConfig {
    fn default() -> Self {
        DeskConfig::parse(DEFAULT_CONFIG).expect("the default desk.toml is valid")
    }
}

// ---- the file as written -------------------------------------------------------------

#[derive(Deserialize)]
struct RawConfig {
    #[serde(default)]
    schema: Option<i64>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    tiers: BTreeMap<String, RawTier>,
    #[serde(default)]
    teams: BTreeMap<String, RawTeam>,
    #[serde(default)]
    priority: Option<RawMatrix>,
    #[serde(default)]
    sla: Option<RawSla>,
    #[serde(default)]
    calendars: BTreeMap<String, RawCalendar>,
    #[serde(default)]
    services: BTreeMap<String, RawService>,
    #[serde(default)]
    routing: Vec<RawRouting>,
    #[serde(default)]
    escalation: Vec<RawEscalation>,
    #[serde(default)]
    permissions: Option<RawPermissions>,
}

#[derive(Deserialize)]
struct RawTier {
    name: Option<String>,
    team: Option<Spanned<String>>,
}

#[derive(Deserialize)]
struct RawTeam {
    #[serde(default)]
    members: Vec<String>,
    #[serde(default)]
    tiers: Vec<Spanned<i64>>,
}

#[derive(Deserialize)]
struct RawMatrix {
    high: [Spanned<String>; 3],
    medium: [Spanned<String>; 3],
    low: [Spanned<String>; 3],
}

#[derive(Deserialize)]
struct RawSla {
    #[serde(default)]
    warning: Option<Spanned<Vec<f64>>>,
    #[serde(rename = "P1")]
    p1: Option<RawPolicy>,
    #[serde(rename = "P2")]
    p2: Option<RawPolicy>,
    #[serde(rename = "P3")]
    p3: Option<RawPolicy>,
    #[serde(rename = "P4")]
    p4: Option<RawPolicy>,
    #[serde(rename = "P5")]
    p5: Option<RawPolicy>,
}

#[derive(Deserialize)]
struct RawPolicy {
    response: Spanned<String>,
    resolution: Spanned<String>,
    calendar: Option<Spanned<String>>,
}

#[derive(Deserialize)]
struct RawCalendar {
    timezone: Spanned<String>,
    days: Spanned<Vec<String>>,
    hours: Spanned<String>,
    #[serde(default)]
    holidays: Vec<toml::value::Datetime>,
}

#[derive(Deserialize)]
struct RawService {
    description: Option<String>,
    team: Option<Spanned<String>>,
    sla: Option<RawPolicy>,
}

#[derive(Deserialize)]
struct RawRouting {
    when: Spanned<String>,
    tier: Option<Spanned<i64>>,
    team: Option<Spanned<String>>,
    assignee: Option<String>,
    priority: Option<Spanned<String>>,
    #[serde(default)]
    labels: Vec<String>,
    round_robin: Option<Spanned<bool>>,
}

#[derive(Deserialize)]
struct RawEscalation {
    when: Spanned<String>,
    escalate_to: Option<Spanned<i64>>,
    priority: Option<Spanned<String>>,
    assignee: Option<String>,
    team: Option<Spanned<String>>,
    reason: Option<String>,
}

#[derive(Deserialize)]
struct RawPermissions {
    #[serde(default)]
    by_tier: bool,
    #[serde(default)]
    actions: BTreeMap<String, Vec<Spanned<i64>>>,
}

// ---- the keys this version knows --------------------------------------------------------

/// What may stand at a place in desk.toml, to tell the keys this version knows from
/// those it does not. Types are checked by serde; this only names keys, and must name
/// every field of the `Raw*` structs above.
enum Shape {
    /// A value; its inside is not a matter of key names.
    Value,
    /// A table with these keys.
    Table(&'static [(&'static str, Shape)]),
    /// A table whose keys are names the desk chooses (teams, services), each holding this.
    Named(&'static Shape),
    /// An array of tables (`[[routing]]`), each holding this.
    List(&'static Shape),
}

const POLICY_KEYS: Shape = Shape::Table(&[
    ("response", Shape::Value),
    ("resolution", Shape::Value),
    ("calendar", Shape::Value),
]);

const CONFIG_KEYS: Shape = Shape::Table(&[
    ("schema", Shape::Value),
    ("name", Shape::Value),
    (
        "tiers",
        Shape::Named(&Shape::Table(&[
            ("name", Shape::Value),
            ("team", Shape::Value),
        ])),
    ),
    (
        "teams",
        Shape::Named(&Shape::Table(&[
            ("members", Shape::Value),
            ("tiers", Shape::Value),
        ])),
    ),
    (
        "priority",
        Shape::Table(&[
            ("high", Shape::Value),
            ("medium", Shape::Value),
            ("low", Shape::Value),
        ]),
    ),
    (
        "sla",
        Shape::Table(&[
            ("warning", Shape::Value),
            ("P1", POLICY_KEYS),
            ("P2", POLICY_KEYS),
            ("P3", POLICY_KEYS),
            ("P4", POLICY_KEYS),
            ("P5", POLICY_KEYS),
        ]),
    ),
    (
        "calendars",
        Shape::Named(&Shape::Table(&[
            ("timezone", Shape::Value),
            ("days", Shape::Value),
            ("hours", Shape::Value),
            ("holidays", Shape::Value),
        ])),
    ),
    (
        "services",
        Shape::Named(&Shape::Table(&[
            ("description", Shape::Value),
            ("team", Shape::Value),
            ("sla", POLICY_KEYS),
        ])),
    ),
    (
        "routing",
        Shape::List(&Shape::Table(&[
            ("when", Shape::Value),
            ("tier", Shape::Value),
            ("team", Shape::Value),
            ("assignee", Shape::Value),
            ("priority", Shape::Value),
            ("labels", Shape::Value),
            ("round_robin", Shape::Value),
        ])),
    ),
    (
        "escalation",
        Shape::List(&Shape::Table(&[
            ("when", Shape::Value),
            ("escalate_to", Shape::Value),
            ("priority", Shape::Value),
            ("assignee", Shape::Value),
            ("team", Shape::Value),
            ("reason", Shape::Value),
        ])),
    ),
    (
        "permissions",
        Shape::Table(&[
            ("by_tier", Shape::Value),
            ("actions", Shape::Named(&Shape::Value)),
        ]),
    ),
]);

/// The keys of a desk.toml that this version does not know, in file order, whether or
/// not the rest of it validates; `None` when it is not TOML.
pub fn unknown_keys(text: &str) -> Option<Vec<UnknownKey>> {
    let doc = toml_edit::Document::parse(text).ok()?;
    let lines = Lines { text };
    let mut found = Vec::new();
    walk_keys(doc.as_item(), &CONFIG_KEYS, "", &lines, &mut found);
    found.sort_by_key(|k: &UnknownKey| k.line);
    Some(found)
}

fn walk_keys(
    item: &toml_edit::Item,
    shape: &Shape,
    path: &str,
    lines: &Lines<'_>,
    found: &mut Vec<UnknownKey>,
) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match shape {
        Shape::Value => {}
        Shape::Table(known) => {
            let Some(table) = item.as_table_like() else {
                return;
            };
            for (key, value) in table.iter() {
                match known.iter().find(|(name, _)| *name == key) {
                    Some((_, inner)) => walk_keys(value, inner, &join(key), lines, found),
                    None => found.push(UnknownKey {
                        line: table
                            .key(key)
                            .and_then(|k| k.span())
                            .map(|span| lines.line(span.start))
                            .unwrap_or(0),
                        key: join(key),
                    }),
                }
            }
        }
        Shape::Named(inner) => {
            if let Some(table) = item.as_table_like() {
                for (key, value) in table.iter() {
                    walk_keys(value, inner, &join(key), lines, found);
                }
            }
        }
        Shape::List(inner) => {
            let entries: Vec<toml_edit::Item> = match item {
                toml_edit::Item::ArrayOfTables(a) => a
                    .iter()
                    .map(|t| toml_edit::Item::Table(t.clone()))
                    .collect(),
                toml_edit::Item::Value(toml_edit::Value::Array(a)) => a
                    .iter()
                    .map(|v| toml_edit::Item::Value(v.clone()))
                    .collect(),
                _ => Vec::new(),
            };
            for (i, entry) in entries.iter().enumerate() {
                walk_keys(entry, inner, &format!("{path}[{}]", i + 1), lines, found);
            }
        }
    }
}

/// Turns byte spans into `line N: ...` messages.
struct Lines<'a> {
    text: &'a str,
}

impl Lines<'_> {
    /// The 1-based line of a byte offset.
    fn line(&self, offset: usize) -> usize {
        let mut end = offset.min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        self.text[..end].matches('\n').count() + 1
    }

    fn at(&self, span: std::ops::Range<usize>, message: impl std::fmt::Display) -> String {
        format!("line {}: {message}", self.line(span.start))
    }

    /// As [`Lines::at`], quoting the line, for errors of TOML syntax and types whose
    /// message does not name the key.
    fn quoting(&self, span: std::ops::Range<usize>, message: impl std::fmt::Display) -> String {
        let line = self.line(span.start);
        let text: String = self
            .text
            .lines()
            .nth(line - 1)
            .unwrap_or_default()
            .trim()
            .chars()
            .filter(|c| !c.is_control())
            .take(60)
            .collect();
        if text.is_empty() {
            format!("line {line}: {message}")
        } else {
            format!("line {line}, at `{text}`: {message}")
        }
    }
}

const BUILTIN_TIER_NAMES: [&str; 5] = [
    "Self-service",
    "Service desk",
    "Technical support",
    "Engineering",
    "Vendors",
];

impl DeskConfig {
    /// Parses and validates `desk.toml`. The error is one line: `line N: what is wrong`.
    pub fn parse(text: &str) -> Result<DeskConfig, String> {
        let lines = Lines { text };
        let raw: RawConfig = toml::from_str(text).map_err(|e| match e.span() {
            Some(span) => lines.quoting(span, e.message().trim()),
            None => e.message().trim().to_string(),
        })?;
        if let Some(schema) = raw.schema {
            if schema > 1 {
                return Err(format!(
                    "schema {schema} is newer than this git-desk understands (1): upgrade git-desk"
                ));
            }
        }

        let tier = |v: &Spanned<i64>, what: &str| -> Result<Tier, String> {
            Tier::new(*v.get_ref()).ok_or_else(|| {
                lines.at(
                    v.span(),
                    format!("{what} {} is not a tier: tiers are 0 to 4", v.get_ref()),
                )
            })
        };

        let mut teams = BTreeMap::new();
        for (name, t) in raw.teams {
            let tiers = t
                .tiers
                .iter()
                .map(|v| tier(v, &format!("[teams.{name}] tiers:")))
                .collect::<Result<Vec<_>, _>>()?;
            let members = t
                .members
                .iter()
                .map(|m| m.trim().to_lowercase())
                .collect::<Vec<_>>();
            if let Some(bad) = members.iter().find(|m| !m.contains('@')) {
                return Err(format!(
                    "[teams.{name}] member '{bad}' is not an email address"
                ));
            }
            teams.insert(name, Team { members, tiers });
        }
        let team_ref = |v: &Spanned<String>, where_: &str| -> Result<String, String> {
            let name = v.get_ref().trim().to_string();
            if !teams.is_empty() && !teams.contains_key(&name) {
                return Err(lines.at(
                    v.span(),
                    format!(
                        "{where_} team '{name}' is not defined: add [teams.{name}] or use one of {}",
                        teams.keys().cloned().collect::<Vec<_>>().join(", ")
                    ),
                ));
            }
            Ok(name)
        };

        let mut tiers: [TierConfig; 5] = std::array::from_fn(|i| TierConfig {
            name: BUILTIN_TIER_NAMES[i].to_string(),
            team: None,
        });
        for (key, t) in raw.tiers {
            let level = key
                .parse::<i64>()
                .ok()
                .and_then(Tier::new)
                .ok_or_else(|| format!("[tiers.{key}]: tiers are numbered 0 to 4"))?;
            let slot = &mut tiers[usize::from(level.level())];
            if let Some(name) = t.name {
                slot.name = name;
            }
            slot.team = t
                .team
                .as_ref()
                .map(|team| team_ref(team, &format!("[tiers.{key}]")))
                .transpose()?;
        }

        let matrix = match raw.priority {
            None => PriorityMatrix::default(),
            Some(m) => {
                let row = |cells: &[Spanned<String>; 3]| -> Result<[Priority; 3], String> {
                    let mut out = [Priority::new(1).expect("P1"); 3];
                    for (i, c) in cells.iter().enumerate() {
                        out[i] = c
                            .get_ref()
                            .parse()
                            .map_err(|e| lines.at(c.span(), format!("[priority]: {e}")))?;
                    }
                    Ok(out)
                };
                PriorityMatrix {
                    cells: [row(&m.high)?, row(&m.medium)?, row(&m.low)?],
                }
            }
        };

        let mut calendars = BTreeMap::new();
        calendars.insert(ALWAYS_OPEN.to_string(), Calendar::always_open());
        calendars.insert("business".to_string(), Calendar::business_default());
        for (name, c) in raw.calendars {
            if name == ALWAYS_OPEN {
                return Err(format!(
                    "[calendars.{ALWAYS_OPEN}] is built in and cannot be redefined"
                ));
            }
            let mut holidays = Vec::new();
            for h in &c.holidays {
                let d = h.date.ok_or_else(|| {
                    format!("[calendars.{name}] holiday {h} is not a date (write 2026-12-25)")
                })?;
                holidays.push(
                    NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())
                        .ok_or_else(|| format!("[calendars.{name}] holiday {h} is not a date"))?,
                );
            }
            let calendar = Calendar::new(
                &name,
                c.timezone.get_ref(),
                c.days.get_ref(),
                c.hours.get_ref(),
                &holidays,
            )
            .map_err(|e| lines.at(c.timezone.span(), format!("[calendars.{name}] {e}")))?;
            calendars.insert(name, calendar);
        }

        let policy = |p: &RawPolicy, where_: &str| -> Result<PolicySpec, String> {
            let target = |v: &Spanned<String>, key: &str| {
                Target::parse(v.get_ref())
                    .map_err(|e| lines.at(v.span(), format!("{where_} {key}: {e}")))
            };
            let calendar = match &p.calendar {
                None => "business".to_string(),
                Some(c) => {
                    let name = c.get_ref().trim().to_string();
                    if !calendars.contains_key(&name) {
                        return Err(lines.at(
                            c.span(),
                            format!(
                                "{where_} calendar '{name}' is not defined: use one of {} or add [calendars.{name}]",
                                calendars.keys().cloned().collect::<Vec<_>>().join(", ")
                            ),
                        ));
                    }
                    name
                }
            };
            Ok(PolicySpec {
                response: target(&p.response, "response")?,
                resolution: target(&p.resolution, "resolution")?,
                calendar,
            })
        };

        let mut sla = BTreeMap::new();
        let mut warning = vec![0.75, 0.9];
        if let Some(raw_sla) = &raw.sla {
            if let Some(w) = &raw_sla.warning {
                let mut values = w.get_ref().clone();
                if values.iter().any(|v| !(*v > 0.0 && *v < 1.0)) {
                    return Err(lines.at(
                        w.span(),
                        "[sla] warning: thresholds are fractions between 0 and 1, e.g. [0.75, 0.9]",
                    ));
                }
                values.sort_by(|a, b| a.partial_cmp(b).expect("finite"));
                warning = values;
            }
            for (n, p) in [
                (1, &raw_sla.p1),
                (2, &raw_sla.p2),
                (3, &raw_sla.p3),
                (4, &raw_sla.p4),
                (5, &raw_sla.p5),
            ] {
                if let Some(p) = p {
                    let priority = Priority::new(n).expect("1-5");
                    sla.insert(priority, policy(p, &format!("[sla.{priority}]"))?);
                }
            }
        }

        let mut services = BTreeMap::new();
        for (name, s) in raw.services {
            let where_ = format!("[services.{name}]");
            services.insert(
                name.clone(),
                Service {
                    description: s.description,
                    team: s.team.as_ref().map(|t| team_ref(t, &where_)).transpose()?,
                    sla: s
                        .sla
                        .as_ref()
                        .map(|p| policy(p, &format!("{where_} sla:")))
                        .transpose()?,
                },
            );
        }

        let query = |v: &Spanned<String>, where_: &str| -> Result<Query, String> {
            Query::parse(&[v.get_ref()])
                .map_err(|e| lines.at(v.span(), format!("{where_} when: {e}")))
        };
        let priority = |v: &Spanned<String>, where_: &str| -> Result<Priority, String> {
            v.get_ref()
                .parse()
                .map_err(|e| lines.at(v.span(), format!("{where_} {e}")))
        };

        let mut routing = Vec::new();
        for (i, r) in raw.routing.iter().enumerate() {
            let where_ = format!("[[routing]] #{}", i + 1);
            let team = r.team.as_ref().map(|t| team_ref(t, &where_)).transpose()?;
            let round_robin = r.round_robin.as_ref().is_some_and(|v| *v.get_ref());
            if let Some(flag) = r.round_robin.as_ref().filter(|_| round_robin) {
                let members = team
                    .as_ref()
                    .and_then(|t| teams.get(t))
                    .map(|t| t.members.len());
                if members.unwrap_or(0) == 0 {
                    return Err(lines.at(
                        flag.span(),
                        format!("{where_} round_robin needs a team with members: set team and list its members in [teams.NAME]"),
                    ));
                }
            }
            routing.push(RoutingRule {
                when_text: r.when.get_ref().clone(),
                when: query(&r.when, &where_)?,
                tier: r
                    .tier
                    .as_ref()
                    .map(|t| tier(t, &format!("{where_} tier")))
                    .transpose()?,
                team,
                assignee: r.assignee.as_ref().map(|a| a.trim().to_lowercase()),
                priority: r
                    .priority
                    .as_ref()
                    .map(|p| priority(p, &where_))
                    .transpose()?,
                labels: r.labels.iter().map(|l| l.trim().to_lowercase()).collect(),
                round_robin,
            });
        }

        let mut escalation = Vec::new();
        for (i, r) in raw.escalation.iter().enumerate() {
            let where_ = format!("[[escalation]] #{}", i + 1);
            let rule = EscalationRule {
                when_text: r.when.get_ref().clone(),
                when: query(&r.when, &where_)?,
                escalate_to: r
                    .escalate_to
                    .as_ref()
                    .map(|t| tier(t, &format!("{where_} escalate_to")))
                    .transpose()?,
                priority: r
                    .priority
                    .as_ref()
                    .map(|p| priority(p, &where_))
                    .transpose()?,
                assignee: r.assignee.as_ref().map(|a| a.trim().to_lowercase()),
                team: r.team.as_ref().map(|t| team_ref(t, &where_)).transpose()?,
                reason: r
                    .reason
                    .clone()
                    .unwrap_or_else(|| format!("escalation rule: {}", r.when.get_ref())),
            };
            if rule.escalate_to.is_none()
                && rule.priority.is_none()
                && rule.assignee.is_none()
                && rule.team.is_none()
            {
                return Err(lines.at(
                    r.when.span(),
                    format!("{where_} does nothing: give escalate_to, priority, assignee or team"),
                ));
            }
            escalation.push(rule);
        }

        let permissions = match raw.permissions {
            None => Permissions::default(),
            Some(p) => {
                let mut actions = BTreeMap::new();
                for (action, levels) in p.actions {
                    let levels = levels
                        .iter()
                        .map(|v| tier(v, &format!("[permissions.actions] {action}:")))
                        .collect::<Result<Vec<_>, _>>()?;
                    actions.insert(action, levels);
                }
                Permissions {
                    by_tier: p.by_tier,
                    actions,
                }
            }
        };

        Ok(DeskConfig {
            name: raw.name.unwrap_or_else(|| "Service desk".to_string()),
            tiers,
            teams,
            matrix,
            sla,
            warning,
            calendars,
            services,
            routing,
            escalation,
            permissions,
            unknown_keys: unknown_keys(text).unwrap_or_default(),
            broken: None,
        })
    }

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

    fn policy_from(&self, spec: &PolicySpec) -> SlaPolicy {
        SlaPolicy {
            response: spec.response.clone(),
            resolution: spec.resolution.clone(),
            calendar: self
                .calendars
                .get(&spec.calendar)
                .cloned()
                .unwrap_or_else(Calendar::business_default),
            warning: self.warning.clone(),
        }
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
        if let Some(spec) = service
            .and_then(|s| self.services.get(s))
            .and_then(|s| s.sla.as_ref())
        {
            return self.policy_from(spec);
        }
        match self.sla.get(&priority) {
            Some(spec) => self.policy_from(spec),
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
