//! Reading desk.toml: the file as written (the `Raw*` structs serde fills), then each
//! section checked and turned into the typed configuration.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use super::{
    unknown_keys, DeskConfig, EscalationRule, Permissions, PolicySpec, RoutingRule, Service, Team,
    TierConfig, ALWAYS_OPEN,
};
use crate::model::{Priority, PriorityMatrix, Tier};
use crate::query::Query;
use crate::sla::{Calendar, Target, SITE_CALENDAR};

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
    #[serde(default)]
    mail: Option<super::mail::RawMail>,
    #[serde(default)]
    notify: Vec<super::mail::RawNotify>,
    #[serde(default)]
    server: Option<super::server::RawServer>,
    #[serde(default)]
    accounts: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    sites: BTreeMap<String, super::site::RawSite>,
    #[serde(default)]
    display: Option<RawDisplay>,
}

#[derive(Deserialize)]
struct RawDisplay {
    timezone: Option<Spanned<String>>,
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
    email: Option<String>,
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
    cost: Option<Spanned<String>>,
    category: Option<String>,
    #[serde(default)]
    sites: Vec<Spanned<String>>,
}

#[derive(Deserialize)]
struct RawRouting {
    when: Spanned<String>,
    tier: Option<Spanned<i64>>,
    team: Option<Spanned<String>>,
    site: Option<Spanned<String>>,
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
    config: Option<Vec<Spanned<String>>>,
    relay: Option<Vec<Spanned<String>>>,
}

/// Turns byte spans into `line N: ...` messages.
pub(super) struct Lines<'a> {
    pub(super) text: &'a str,
}

impl Lines<'_> {
    /// The 1-based line of a byte offset.
    pub(super) fn line(&self, offset: usize) -> usize {
        let mut end = offset.min(self.text.len());
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        self.text[..end].matches('\n').count() + 1
    }

    pub(super) fn at(
        &self,
        span: std::ops::Range<usize>,
        message: impl std::fmt::Display,
    ) -> String {
        format!("line {}: {message}", self.line(span.start))
    }

    /// As [`Lines::at`], quoting the line, for errors of TOML syntax and types whose
    /// message does not name the key.
    pub(super) fn quoting(
        &self,
        span: std::ops::Range<usize>,
        message: impl std::fmt::Display,
    ) -> String {
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

impl DeskConfig {
    /// Parses and validates `desk.toml`. The error is one line: `line N: what is wrong`.
    /// Sections are read in the order they depend on each other (teams before the tiers,
    /// services and rules that name them, calendars before the policies on them), so the
    /// first error of a file is always the same one.
    pub fn parse(text: &str) -> Result<DeskConfig, String> {
        let lines = Lines { text };
        let raw: RawConfig = toml::from_str(text).map_err(|e| match e.span() {
            Some(span) => lines.quoting(span, e.message().trim()),
            None => e.message().trim().to_string(),
        })?;
        check_schema(raw.schema)?;
        let teams = teams(raw.teams, &lines)?;
        let tiers = tiers(raw.tiers, &teams, &lines)?;
        let matrix = matrix(raw.priority, &lines)?;
        let calendars = calendars(raw.calendars, &lines)?;
        let (sla, warning) = sla(raw.sla.as_ref(), &calendars, &lines)?;
        let sites = super::site::sites(&raw.sites, &teams, &calendars, &lines)?;
        let services = services(raw.services, &teams, &calendars, &sites, &lines)?;
        let routing = routing(&raw.routing, &teams, &sites, &lines)?;
        let escalation = escalation(&raw.escalation, &teams, &lines)?;
        let permissions = permissions(raw.permissions, &teams, &lines)?;
        let name = raw.name.unwrap_or_else(|| "Service desk".to_string());
        let mail = super::mail::mail(raw.mail.as_ref(), &name, &lines)?;
        let notify = super::mail::notify(&raw.notify, &lines)?;
        let server = super::server::server(raw.server.as_ref(), &lines)?;
        let accounts = super::server::accounts(&raw.accounts, &lines)?;
        let display_zone = display_zone(raw.display.as_ref(), &lines)?;
        Ok(DeskConfig {
            name,
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
            mail,
            notify,
            server,
            accounts,
            sites,
            display_zone,
            unknown_keys: unknown_keys(text).unwrap_or_default(),
            broken: None,
        })
    }
}

/// `[display] timezone`: the IANA zone times are shown in when `TZ` is not set.
fn display_zone(
    raw: Option<&RawDisplay>,
    lines: &Lines<'_>,
) -> Result<Option<chrono_tz::Tz>, String> {
    let Some(zone) = raw.and_then(|d| d.timezone.as_ref()) else {
        return Ok(None);
    };
    zone.get_ref().trim().parse().map(Some).map_err(|_| {
        lines.at(
            zone.span(),
            format!(
                "[display] timezone '{}' is not an IANA time zone: use a name such as Europe/Paris or UTC",
                zone.get_ref()
            ),
        )
    })
}

// ---- values that several sections hold ---------------------------------------------------

impl Lines<'_> {
    /// A tier number; `what` says where it stands.
    fn tier(&self, v: &Spanned<i64>, what: &str) -> Result<Tier, String> {
        Tier::new(*v.get_ref()).ok_or_else(|| {
            self.at(
                v.span(),
                format!("{what} {} is not a tier: tiers are 0 to 4", v.get_ref()),
            )
        })
    }

    /// A priority, `P1` to `P5`.
    fn priority(&self, v: &Spanned<String>, where_: &str) -> Result<Priority, String> {
        v.get_ref()
            .parse()
            .map_err(|e| self.at(v.span(), format!("{where_} {e}")))
    }

    /// A rule's `when`.
    fn query(&self, v: &Spanned<String>, where_: &str) -> Result<Query, String> {
        Query::parse(&[v.get_ref()]).map_err(|e| self.at(v.span(), format!("{where_} when: {e}")))
    }

    /// The name of a team of `[teams]` (any name when the desk defines none).
    pub(super) fn team_ref(
        &self,
        teams: &BTreeMap<String, Team>,
        v: &Spanned<String>,
        where_: &str,
    ) -> Result<String, String> {
        let name = v.get_ref().trim().to_string();
        if !teams.is_empty() && !teams.contains_key(&name) {
            return Err(self.at(
                v.span(),
                format!(
                    "{where_} team '{name}' is not defined: add [teams.{name}] or use one of {}",
                    teams.keys().cloned().collect::<Vec<_>>().join(", ")
                ),
            ));
        }
        Ok(name)
    }

    /// An SLA policy (of `[sla.PN]` or a service) on one of `calendars`.
    fn policy(
        &self,
        calendars: &BTreeMap<String, Calendar>,
        p: &RawPolicy,
        where_: &str,
    ) -> Result<PolicySpec, String> {
        let target = |v: &Spanned<String>, key: &str| {
            Target::parse(v.get_ref())
                .map_err(|e| self.at(v.span(), format!("{where_} {key}: {e}")))
        };
        let calendar = match &p.calendar {
            None => "business".to_string(),
            Some(c) => {
                let name = c.get_ref().trim().to_string();
                if name != SITE_CALENDAR && !calendars.contains_key(&name) {
                    return Err(self.at(
                        c.span(),
                        format!(
                            "{where_} calendar '{name}' is not defined: use one of {}, \"site\" (the ticket's site's) or add [calendars.{name}]",
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
    }
}

// ---- the sections, in the order parse reads them ------------------------------------------

/// `schema`: a file written for a newer version is refused, not half understood.
fn check_schema(schema: Option<i64>) -> Result<(), String> {
    if let Some(schema) = schema {
        if schema > 1 {
            return Err(format!(
                "schema {schema} is newer than this git-desk understands (1): upgrade git-desk"
            ));
        }
    }
    Ok(())
}

/// `[teams.NAME]`: members by email, lowercased, and the tiers each team serves.
fn teams(raw: BTreeMap<String, RawTeam>, lines: &Lines) -> Result<BTreeMap<String, Team>, String> {
    let mut teams = BTreeMap::new();
    for (name, t) in raw {
        let tiers = t
            .tiers
            .iter()
            .map(|v| lines.tier(v, &format!("[teams.{name}] tiers:")))
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
        let email = super::mail::team_email(&name, t.email.as_ref())?;
        teams.insert(
            name,
            Team {
                members,
                tiers,
                email,
            },
        );
    }
    Ok(teams)
}

/// The tiers' names when `[tiers.N]` gives none.
const BUILTIN_TIER_NAMES: [&str; 5] = [
    "Self-service",
    "Service desk",
    "Technical support",
    "Engineering",
    "Vendors",
];

/// `[tiers.N]`: a name and a team for tiers 0-4, the built-in names where not given.
fn tiers(
    raw: BTreeMap<String, RawTier>,
    teams: &BTreeMap<String, Team>,
    lines: &Lines,
) -> Result<[TierConfig; 5], String> {
    let mut tiers: [TierConfig; 5] = std::array::from_fn(|i| TierConfig {
        name: BUILTIN_TIER_NAMES[i].to_string(),
        team: None,
    });
    for (key, t) in raw {
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
            .map(|team| lines.team_ref(teams, team, &format!("[tiers.{key}]")))
            .transpose()?;
    }
    Ok(tiers)
}

/// `[priority]`: the impact x urgency matrix, SPEC's default when absent.
fn matrix(raw: Option<RawMatrix>, lines: &Lines) -> Result<PriorityMatrix, String> {
    let Some(m) = raw else {
        return Ok(PriorityMatrix::default());
    };
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
    Ok(PriorityMatrix {
        cells: [row(&m.high)?, row(&m.medium)?, row(&m.low)?],
    })
}

/// `[calendars.NAME]`: working days, hours and holidays, beside the built-in `24x7` (which
/// cannot be redefined) and `business` (which can).
fn calendars(
    raw: BTreeMap<String, RawCalendar>,
    lines: &Lines,
) -> Result<BTreeMap<String, Calendar>, String> {
    let mut calendars = BTreeMap::new();
    calendars.insert(ALWAYS_OPEN.to_string(), Calendar::always_open());
    calendars.insert("business".to_string(), Calendar::business_default());
    for (name, c) in raw {
        if name == ALWAYS_OPEN {
            return Err(format!(
                "[calendars.{ALWAYS_OPEN}] is built in and cannot be redefined"
            ));
        }
        if name == SITE_CALENDAR {
            return Err(format!(
                "[calendars.{SITE_CALENDAR}]: the name is taken (calendar = \"{SITE_CALENDAR}\" runs a policy on the ticket's site's calendar): name it after the place"
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
    Ok(calendars)
}

/// SLA policies per priority and warning thresholds (ascending; 75% and 90% when not
/// given).
type SlaSection = (BTreeMap<Priority, PolicySpec>, Vec<f64>);

/// `[sla]` and `[sla.P1]`..`[sla.P5]`: the warning thresholds and a policy per priority.
fn sla(
    raw: Option<&RawSla>,
    calendars: &BTreeMap<String, Calendar>,
    lines: &Lines,
) -> Result<SlaSection, String> {
    let mut sla = BTreeMap::new();
    let mut warning = vec![0.75, 0.9];
    let Some(raw_sla) = raw else {
        return Ok((sla, warning));
    };
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
            sla.insert(
                priority,
                lines.policy(calendars, p, &format!("[sla.{priority}]"))?,
            );
        }
    }
    Ok((sla, warning))
}

/// `[services.NAME]`: the catalogue, each service with its team and its own SLA, if any,
/// its category, its cost and the sites it is offered at.
fn services(
    raw: BTreeMap<String, RawService>,
    teams: &BTreeMap<String, Team>,
    calendars: &BTreeMap<String, Calendar>,
    sites: &BTreeMap<String, super::Site>,
    lines: &Lines,
) -> Result<BTreeMap<String, Service>, String> {
    let mut services = BTreeMap::new();
    for (name, s) in raw {
        let where_ = format!("[services.{name}]");
        services.insert(
            name.clone(),
            Service {
                description: s.description,
                team: s
                    .team
                    .as_ref()
                    .map(|t| lines.team_ref(teams, t, &where_))
                    .transpose()?,
                sla: s
                    .sla
                    .as_ref()
                    .map(|p| lines.policy(calendars, p, &format!("{where_} sla:")))
                    .transpose()?,
                cost: super::site::cost(s.cost.as_ref(), &where_, lines)?,
                category: s
                    .category
                    .as_deref()
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(str::to_string),
                sites: super::site::site_refs(&s.sites, sites, &where_, lines)?,
            },
        );
    }
    Ok(services)
}

/// `[[routing]]`: the rules applied at filing, in order; round robin only over a team
/// that has members.
fn routing(
    raw: &[RawRouting],
    teams: &BTreeMap<String, Team>,
    sites: &BTreeMap<String, super::Site>,
    lines: &Lines,
) -> Result<Vec<RoutingRule>, String> {
    let mut routing = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        let where_ = format!("[[routing]] #{}", i + 1);
        let team = r
            .team
            .as_ref()
            .map(|t| lines.team_ref(teams, t, &where_))
            .transpose()?;
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
            when: lines.query(&r.when, &where_)?,
            tier: r
                .tier
                .as_ref()
                .map(|t| lines.tier(t, &format!("{where_} tier")))
                .transpose()?,
            team,
            site: super::site::site_refs(r.site.as_slice(), sites, &where_, lines)?.pop(),
            assignee: r.assignee.as_ref().map(|a| a.trim().to_lowercase()),
            priority: r
                .priority
                .as_ref()
                .map(|p| lines.priority(p, &where_))
                .transpose()?,
            labels: r.labels.iter().map(|l| l.trim().to_lowercase()).collect(),
            round_robin,
        });
    }
    Ok(routing)
}

/// `[[escalation]]`: the rules `sweep` applies, in order; a rule must change something.
fn escalation(
    raw: &[RawEscalation],
    teams: &BTreeMap<String, Team>,
    lines: &Lines,
) -> Result<Vec<EscalationRule>, String> {
    let mut escalation = Vec::new();
    for (i, r) in raw.iter().enumerate() {
        let where_ = format!("[[escalation]] #{}", i + 1);
        let rule = EscalationRule {
            when_text: r.when.get_ref().clone(),
            when: lines.query(&r.when, &where_)?,
            escalate_to: r
                .escalate_to
                .as_ref()
                .map(|t| lines.tier(t, &format!("{where_} escalate_to")))
                .transpose()?,
            priority: r
                .priority
                .as_ref()
                .map(|p| lines.priority(p, &where_))
                .transpose()?,
            assignee: r.assignee.as_ref().map(|a| a.trim().to_lowercase()),
            team: r
                .team
                .as_ref()
                .map(|t| lines.team_ref(teams, t, &where_))
                .transpose()?,
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
    Ok(escalation)
}

/// `[permissions]`: tier-based permissions on or off, the tiers allowed each action, and
/// the teams holding the rights to change desk.toml and KB articles and to relay.
fn permissions(
    raw: Option<RawPermissions>,
    teams: &BTreeMap<String, Team>,
    lines: &Lines,
) -> Result<Permissions, String> {
    let Some(p) = raw else {
        return Ok(Permissions::default());
    };
    let mut actions = BTreeMap::new();
    for (action, levels) in p.actions {
        let levels = levels
            .iter()
            .map(|v| lines.tier(v, &format!("[permissions.actions] {action}:")))
            .collect::<Result<Vec<_>, _>>()?;
        actions.insert(action, levels);
    }
    let right = |list: &Option<Vec<Spanned<String>>>, key: &str| {
        list.as_ref()
            .map(|names| {
                names
                    .iter()
                    .map(|n| lines.team_ref(teams, n, &format!("[permissions] {key}:")))
                    .collect::<Result<Vec<_>, _>>()
            })
            .transpose()
    };
    Ok(Permissions {
        by_tier: p.by_tier,
        actions,
        config: right(&p.config, "config")?,
        relay: right(&p.relay, "relay")?,
    })
}
