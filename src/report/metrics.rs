//! Computing the report from tickets (and KB articles): one replay of each ticket's events
//! gives its timeline; the SLA engine gives its clocks at the end of the window.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc};

use super::{Metric, Metrics, Report, Trend, Week, Window};
use crate::config::DeskConfig;
use crate::kb::Article;
use crate::model::field::GROUP_KEYS;
use crate::model::{Action, Field, Priority, Status, Ticket, TicketState, Tier};
use crate::sla::{evaluate, ClockState, SlaClock, SlaStatus};
use crate::store::Listing;

/// The groupings `--by` accepts: the registry's [`GROUP_KEYS`], then `week` (of filing).
pub const GROUPINGS: &[&str] = &{
    let mut out = [""; GROUP_KEYS.len() + 1];
    let mut i = 0;
    while i < GROUP_KEYS.len() {
        out[i] = GROUP_KEYS[i].key();
        i += 1;
    }
    out[i] = "week";
    out
};

/// Where a ticket stood after one of its events.
#[derive(Debug, Clone, Copy)]
struct Moment {
    at: DateTime<Utc>,
    status: Status,
    tier: Tier,
    /// A KB article is linked.
    kb: bool,
}

/// What one ticket contributes, read once: owned and small, so that a report over a
/// large desk holds these rather than the tickets.
struct Facts {
    /// When it was filed.
    created: DateTime<Utc>,
    /// Its service and labels as they stand now (the top services and labels count them).
    service: Option<String>,
    labels: Vec<String>,
    /// Where it stood after each event, in fold order, times never going back.
    timeline: Vec<Moment>,
    /// Moves from a working status to a done one (resolved or closed): the moments the
    /// resolution clock stops.
    resolutions: Vec<DateTime<Utc>>,
    /// Moves from a done status back to a working one: the clock runs again.
    reopens: Vec<DateTime<Utc>>,
    /// Escalations up: `(at, from, to)`.
    escalations: Vec<(DateTime<Utc>, Tier, Tier)>,
    /// Ratings: `(at, score)`.
    ratings: Vec<(DateTime<Utc>, u8)>,
    /// Its group (for `--by`) as it stood at the end of the window.
    group: Option<String>,
    /// The SLA clocks at the end of the window (see [`clocks_at`]).
    sla: Clocks,
}

/// The part of an SLA clock at the end of the window that the report reads.
#[derive(Debug, Clone, Copy)]
struct Clock {
    state: ClockState,
    stopped_at: Option<DateTime<Utc>>,
    elapsed_seconds: i64,
}

impl Clock {
    fn of(clock: &SlaClock) -> Clock {
        Clock {
            state: clock.state,
            stopped_at: clock.stopped_at,
            elapsed_seconds: clock.elapsed_seconds,
        }
    }
}

/// The two clocks at the end of the window, and the priority they ran under.
#[derive(Debug, Clone, Copy)]
struct Clocks {
    priority: Priority,
    response: Clock,
    resolution: Clock,
}

impl Clocks {
    fn of(status: &SlaStatus) -> Clocks {
        Clocks {
            priority: status.priority,
            response: Clock::of(&status.response),
            resolution: Clock::of(&status.resolution),
        }
    }
}

impl Facts {
    /// Where it stood at `t`, its events up to and including `t` applied (`None` before
    /// it was filed): the same reading of "at `t`" as the SLA engine's.
    fn at(&self, t: DateTime<Utc>) -> Option<Moment> {
        let after = self.timeline.partition_point(|m| m.at <= t);
        after.checked_sub(1).map(|i| self.timeline[i])
    }

    fn created(&self) -> DateTime<Utc> {
        self.created
    }

    /// Open (or paused) at some moment of the window.
    fn handled_in(&self, w: &Window) -> bool {
        if self.created() >= w.until {
            return false;
        }
        w.contains(self.created())
            || self.at(w.since).is_some_and(|m| m.status.is_active())
            || self.reopens.iter().any(|r| w.contains(*r))
    }

    /// The tiers it was worked at during the window.
    fn tiers_in(&self, w: &Window) -> Vec<Tier> {
        let mut tiers = Vec::new();
        if let Some(m) = self.at(w.since) {
            if m.status.is_active() {
                tiers.push(m.tier);
            }
        }
        for m in &self.timeline {
            if w.contains(m.at) && m.status.is_active() && !tiers.contains(&m.tier) {
                tiers.push(m.tier);
            }
        }
        tiers
    }

    /// The resolution of the window: the one it stands resolved by at `until` (not
    /// reopened since), if that falls in the window. A resolution reopened before `until`
    /// is not one; a reopen after `until` does not undo it. This is the resolution at
    /// which the SLA engine, evaluated at `until`, has stopped the resolution clock.
    fn resolved_in(&self, w: &Window) -> Option<DateTime<Utc>> {
        if self.at(w.until)?.status.is_active() {
            return None;
        }
        let upto = self.resolutions.partition_point(|r| *r <= w.until);
        let last = *self.resolutions[..upto].last()?;
        w.contains(last).then_some(last)
    }

    /// Resolved in the window at least once, and reopened after such a resolution by
    /// `until`: `(resolved, reopened)`.
    fn reopened_in(&self, w: &Window) -> (bool, bool) {
        let first = self.resolutions.iter().find(|r| w.contains(**r));
        match first {
            None => (false, false),
            Some(first) => (
                true,
                self.reopens.iter().any(|r| *r > *first && *r <= w.until),
            ),
        }
    }
}

fn facts(ticket: &Ticket, config: &DeskConfig, until: DateTime<Utc>, by: Option<&str>) -> Facts {
    let mut f = Facts {
        created: ticket.created,
        service: ticket.service.clone(),
        labels: ticket.labels.clone(),
        timeline: Vec::new(),
        resolutions: Vec::new(),
        reopens: Vec::new(),
        escalations: Vec::new(),
        ratings: Vec::new(),
        group: None,
        sla: Clocks::of(&clocks_at(ticket, config, until)),
    };
    let mut last = ticket.created;
    let mut was_done: Option<bool> = None;
    ticket.replay(&config.matrix, &mut |event, state| {
        // Clones' system times drift: time never runs backwards here.
        let at = event.at.max(last);
        last = at;
        f.timeline.push(Moment {
            at,
            status: state.status,
            tier: state.tier,
            kb: !state.kb.is_empty(),
        });
        let done = !state.status.is_active();
        match was_done {
            Some(false) if done => f.resolutions.push(at),
            Some(true) if !done => f.reopens.push(at),
            _ => {}
        }
        was_done = Some(done);
        match &event.action {
            Action::TierChanged { from, to, .. } if to > from => {
                f.escalations.push((at, *from, *to))
            }
            Action::Rated { score, .. } => f.ratings.push((at, *score)),
            _ => {}
        }
        // Grouped by where it stood at `until` (a ticket filed later: as filed).
        if let Some(by) = by {
            if at <= until || f.group.is_none() {
                f.group = Some(group_key(by, state));
            }
        }
    });
    f.timeline.shrink_to_fit();
    f
}

/// How long after a ticket's last event its running clocks are first looked at: far more
/// than any target takes to run out on a working calendar.
const SETTLING: Duration = Duration::days(60);

/// The SLA clocks at `until` as the report reads them: their states, where they stopped,
/// the priority. After the last event a clock only runs on (or stays paused, or stopped),
/// so one that is breached, paused or stopped a while after it stands so at any later
/// `until`: reading it there spares walking the calendar to an `until` centuries away.
fn clocks_at(ticket: &Ticket, config: &DeskConfig, until: DateTime<Utc>) -> SlaStatus {
    let last = ticket
        .events
        .iter()
        .map(|e| e.at)
        .max()
        .unwrap_or(ticket.created);
    if let Some(early) = last.checked_add_signed(SETTLING).filter(|t| *t < until) {
        let status = evaluate(ticket, &config.matrix, config, early);
        let settled = [&status.response, &status.resolution]
            .iter()
            .all(|c| c.paused || !matches!(c.state, ClockState::Ok | ClockState::Warning));
        if settled {
            return status;
        }
    }
    evaluate(ticket, &config.matrix, config, until)
}

/// A ticket's group under `by`, from its state of the moment (`week`: of filing).
fn group_key(by: &str, t: &TicketState) -> String {
    match Field::from_group_key(by) {
        Some(Field::Tier) => format!("L{}", t.tier),
        Some(field) => {
            let text = t.cell(field);
            if text.is_empty() {
                "(none)".into()
            } else {
                text
            }
        }
        None => week_label(week_start(t.created)),
    }
}

/// Computes the report for `window`, grouped `by` one of [`GROUPINGS`] if asked.
pub fn compute(
    tickets: &[Ticket],
    articles: &[Article],
    config: &DeskConfig,
    window: Window,
    by: Option<&str>,
) -> Report {
    let all = crate::parallel::map(tickets, |t| facts(t, config, window.until, by));
    report_of(all, articles, window, by)
}

/// Computes the report for `window` over every ticket of `listing`, as [`compute`] does:
/// each ticket is decoded once, on every core, and only what it contributes is kept.
pub fn compute_listed(
    listing: &Listing,
    articles: &[Article],
    config: &DeskConfig,
    window: Window,
    by: Option<&str>,
) -> Report {
    let runs = listing.states_where(&|_| true, &|i, state| {
        Some(facts(
            &listing.with_events(i, state),
            config,
            window.until,
            by,
        ))
    });
    report_of(runs.into_iter().flatten().collect(), articles, window, by)
}

fn report_of(all: Vec<Facts>, articles: &[Article], window: Window, by: Option<&str>) -> Report {
    let mut metrics = metrics_of(&all.iter().collect::<Vec<_>>(), &window);
    let kb_deflections = articles
        .iter()
        .flat_map(|a| &a.deflections)
        .filter(|d| window.contains(d.at))
        .count() as u64;
    metrics.insert("kb_deflections".into(), Metric::Count(kb_deflections));

    let mut groups: BTreeMap<String, Vec<&Facts>> = BTreeMap::new();
    for f in &all {
        if let Some(key) = &f.group {
            groups.entry(key.clone()).or_default().push(f);
        }
    }
    let groups = groups
        .into_iter()
        .map(|(k, fs)| (k, metrics_of(&fs, &window)))
        // A group none of whose tickets touch the window says nothing.
        .filter(|(_, m)| !is_quiet(m))
        .collect();

    let (weeks, weeks_cut) = weeks(&all, &window);
    Report {
        window,
        time_basis:
            "working time on each ticket's SLA calendar (24x7 is wall-clock), pending time excluded",
        metrics,
        grouped_by: by.map(str::to_string),
        groups,
        weeks,
        weeks_cut,
        flow: flow(&all, &window),
        sla_by_priority: sla_by_priority(&all, &window),
        resolution_buckets: resolution_buckets(&all, &window),
        top_services: trends(&all, &window, |f| f.service.iter().cloned().collect()),
        top_labels: trends(&all, &window, |f| f.labels.clone()),
    }
}

fn is_quiet(m: &Metrics) -> bool {
    m.values().all(|metric| match metric {
        Metric::Count(n) => *n == 0,
        Metric::Ratio { denominator, .. } => *denominator == 0,
        Metric::Average { count, .. } => *count == 0,
        Metric::Durations(d) => d.is_empty(),
    })
}

fn ratio(numerator: usize, denominator: usize) -> Metric {
    Metric::Ratio {
        numerator: numerator as u64,
        denominator: denominator as u64,
    }
}

fn metrics_of(fs: &[&Facts], w: &Window) -> Metrics {
    let mut m = Metrics::new();
    let opened = fs.iter().filter(|f| w.contains(f.created())).count();
    let resolved: Vec<&&Facts> = fs.iter().filter(|f| f.resolved_in(w).is_some()).collect();
    m.insert("opened".into(), Metric::Count(opened as u64));
    m.insert("resolved".into(), Metric::Count(resolved.len() as u64));

    // Backlog at the end of the window, by age then.
    let mut ages = [0u64; 4];
    let mut backlog = 0;
    for f in fs {
        if f.created() < w.until && f.at(w.until).is_some_and(|m| m.status.is_active()) {
            backlog += 1;
            let days = (w.until - f.created()).num_seconds() as f64 / 86_400.0;
            let bucket = match days {
                d if d < 1.0 => 0,
                d if d < 5.0 => 1,
                d if d < 30.0 => 2,
                _ => 3,
            };
            ages[bucket] += 1;
        }
    }
    m.insert("backlog".into(), Metric::Count(backlog));
    for (name, n) in [
        "backlog_0_1d",
        "backlog_1_5d",
        "backlog_5_30d",
        "backlog_over_30d",
    ]
    .iter()
    .zip(ages)
    {
        m.insert(name.to_string(), Metric::Count(n));
    }

    // Durations and SLA compliance from the clocks that stopped in the window. The
    // resolution clock, evaluated at `until`, is stopped at the resolution of the window
    // for exactly the resolved tickets: time to resolution counts those.
    let mut response_times = Vec::new();
    let resolution_times: Vec<i64> = resolved
        .iter()
        .map(|f| {
            debug_assert_eq!(f.sla.resolution.stopped_at, f.resolved_in(w));
            f.sla.resolution.elapsed_seconds
        })
        .collect();
    let (mut met_response, mut judged_response) = (0, 0);
    let (mut met_resolution, mut judged_resolution) = (0, 0);
    for f in fs {
        let clocks = [
            (
                &f.sla.response,
                Some(&mut response_times),
                &mut met_response,
                &mut judged_response,
            ),
            (
                &f.sla.resolution,
                None,
                &mut met_resolution,
                &mut judged_resolution,
            ),
        ];
        for (clock, times, met, judged) in clocks {
            match clock.state {
                ClockState::Met | ClockState::Missed
                    if clock.stopped_at.is_some_and(|at| w.contains(at)) =>
                {
                    if let Some(times) = times {
                        times.push(clock.elapsed_seconds);
                    }
                    *judged += 1;
                    if clock.state == ClockState::Met {
                        *met += 1;
                    }
                }
                // Still running and already late: counted against compliance.
                ClockState::Breached if f.created() < w.until => *judged += 1,
                _ => {}
            }
        }
    }
    m.insert(
        "time_to_first_response".into(),
        Metric::Durations(response_times),
    );
    m.insert(
        "time_to_resolution".into(),
        Metric::Durations(resolution_times),
    );
    m.insert(
        "sla_compliance_response".into(),
        ratio(met_response, judged_response),
    );
    m.insert(
        "sla_compliance_resolution".into(),
        ratio(met_resolution, judged_resolution),
    );
    m.insert(
        "sla_compliance".into(),
        ratio(
            met_response + met_resolution,
            judged_response + judged_resolution,
        ),
    );

    // Tiers: first contact, escalation, deflection; each resolved ticket judged as it
    // stood when it was resolved.
    let at_resolution = |f: &Facts| -> (DateTime<Utc>, Moment) {
        let at = f.resolved_in(w).expect("resolved in the window");
        (at, f.at(at).expect("filed before its resolution"))
    };
    let first_contact = resolved
        .iter()
        .filter(|f| {
            let (at, then) = at_resolution(f);
            then.tier <= Tier::SERVICE_DESK && !f.escalations.iter().any(|(e, ..)| *e <= at)
        })
        .count();
    m.insert(
        "first_contact_resolution".into(),
        ratio(first_contact, resolved.len()),
    );
    let handled: Vec<&&Facts> = fs.iter().filter(|f| f.handled_in(w)).collect();
    let escalated = handled
        .iter()
        .filter(|f| f.escalations.iter().any(|(at, ..)| w.contains(*at)))
        .count();
    m.insert("escalation_rate".into(), ratio(escalated, handled.len()));
    for level in 0..=3 {
        let tier = Tier::new(level).expect("0-3");
        let at_tier = handled
            .iter()
            .filter(|f| f.tiers_in(w).contains(&tier))
            .count();
        let out_of = handled
            .iter()
            .filter(|f| {
                f.escalations
                    .iter()
                    .any(|(at, from, _)| w.contains(*at) && *from == tier)
            })
            .count();
        m.insert(format!("escalation_rate_l{level}"), ratio(out_of, at_tier));
    }
    let deflected = resolved
        .iter()
        .filter(|f| {
            let (_, then) = at_resolution(f);
            then.tier <= Tier::SERVICE_DESK && then.kb
        })
        .count();
    m.insert("deflection".into(), ratio(deflected, resolved.len()));

    let (mut resolved_once, mut reopened) = (0, 0);
    for f in fs {
        let (r, o) = f.reopened_in(w);
        resolved_once += usize::from(r);
        reopened += usize::from(o);
    }
    m.insert("reopen_rate".into(), ratio(reopened, resolved_once));

    let ratings: Vec<u8> = fs
        .iter()
        .flat_map(|f| {
            f.ratings
                .iter()
                .filter(|(at, _)| w.contains(*at))
                .map(|(_, s)| *s)
        })
        .collect();
    m.insert(
        "csat".into(),
        Metric::Average {
            sum: ratings.iter().map(|s| u64::from(*s)).sum(),
            count: ratings.len() as u64,
        },
    );
    let rated = resolved
        .iter()
        .filter(|f| {
            let (at, _) = at_resolution(f);
            f.ratings.iter().any(|(r, _)| at <= *r && *r <= w.until)
        })
        .count();
    m.insert("csat_response_rate".into(), ratio(rated, resolved.len()));
    m
}

/// Monday 00:00 UTC of the week `t` falls in.
pub fn week_start(t: DateTime<Utc>) -> DateTime<Utc> {
    let date = t.date_naive() - Duration::days(i64::from(t.weekday().num_days_from_monday()));
    date.and_time(NaiveTime::MIN).and_utc()
}

/// `2026-W47`.
pub fn week_label(start: DateTime<Utc>) -> String {
    let iso = start.iso_week();
    format!("{}-W{:02}", iso.year(), iso.week())
}

/// The most weeks the weekly series holds: ten years.
pub const MAX_WEEKS: i64 = 520;

/// Weeks from `start` to `end`, a part week counting as one.
fn weeks_between(start: DateTime<Utc>, end: DateTime<Utc>) -> i64 {
    let week = Duration::days(7).num_seconds();
    ((end - start).num_seconds() + week - 1).div_euclid(week)
}

/// The weekly series over the window, from the week of the first filing (before it, every
/// week is empty). A window longer than [`MAX_WEEKS`] ends at the week of the latest event
/// (after it nothing changes: no filing, no resolution, the same backlog) and keeps at
/// most the latest [`MAX_WEEKS`]; the flag says the series was cut so.
fn weeks(fs: &[Facts], w: &Window) -> (Vec<Week>, bool) {
    let Some(first) = fs.iter().map(|f| f.created()).min() else {
        return (Vec::new(), false);
    };
    let mut start = week_start(w.since.max(first));
    let mut end = w.until;
    let cut = weeks_between(start, end) > MAX_WEEKS;
    if cut {
        let latest = fs
            .iter()
            .filter_map(|f| f.timeline.last())
            .map(|m| m.at)
            .max()
            .unwrap_or(first);
        end = end.min(week_start(latest) + Duration::days(7));
        if weeks_between(start, end) > MAX_WEEKS {
            start = week_start(end - Duration::days(7 * MAX_WEEKS));
            if weeks_between(start, end) > MAX_WEEKS {
                start += Duration::days(7);
            }
        }
    }
    let mut out = Vec::new();
    while start < end {
        let week = Window {
            since: start.max(w.since),
            until: (start + Duration::days(7)).min(w.until),
        };
        let end = week.until;
        out.push(Week {
            start,
            opened: fs.iter().filter(|f| week.contains(f.created())).count() as u64,
            resolved: fs.iter().filter(|f| f.resolved_in(&week).is_some()).count() as u64,
            backlog: fs
                .iter()
                .filter(|f| {
                    f.created() < end
                        && f.at(end - Duration::seconds(1))
                            .is_some_and(|m| m.status.is_active())
                })
                .count() as u64,
        });
        start += Duration::days(7);
    }
    (out, cut)
}

fn flow(fs: &[Facts], w: &Window) -> BTreeMap<(u8, u8), u64> {
    let mut out = BTreeMap::new();
    for f in fs {
        for (at, from, to) in &f.escalations {
            if w.contains(*at) {
                *out.entry((from.level(), to.level())).or_insert(0) += 1;
            }
        }
    }
    out
}

fn sla_by_priority(fs: &[Facts], w: &Window) -> BTreeMap<String, (u64, u64)> {
    let mut out: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for f in fs {
        for clock in [&f.sla.response, &f.sla.resolution] {
            let stopped_in = clock.stopped_at.is_some_and(|at| w.contains(at));
            let entry = out.entry(f.sla.priority.to_string()).or_default();
            match clock.state {
                ClockState::Met if stopped_in => {
                    entry.0 += 1;
                    entry.1 += 1;
                }
                ClockState::Missed if stopped_in => entry.1 += 1,
                ClockState::Breached => entry.1 += 1,
                _ => {}
            }
        }
    }
    out.retain(|_, (_, judged)| *judged > 0);
    out
}

/// Time-to-resolution buckets (working time).
const BUCKETS: &[(&str, i64)] = &[
    ("< 1h", 3_600),
    ("1-4h", 4 * 3_600),
    ("4-8h", 8 * 3_600),
    ("8h-1d", 86_400),
    ("1-3d", 3 * 86_400),
    ("3-10d", 10 * 86_400),
    ("> 10d", i64::MAX),
];

fn resolution_buckets(fs: &[Facts], w: &Window) -> Vec<(String, u64)> {
    let mut counts = vec![0u64; BUCKETS.len()];
    for f in fs {
        let clock = &f.sla.resolution;
        if matches!(clock.state, ClockState::Met | ClockState::Missed)
            && clock.stopped_at.is_some_and(|at| w.contains(at))
        {
            let i = BUCKETS
                .iter()
                .position(|(_, limit)| clock.elapsed_seconds < *limit)
                .unwrap_or(BUCKETS.len() - 1);
            counts[i] += 1;
        }
    }
    BUCKETS
        .iter()
        .map(|(l, _)| l.to_string())
        .zip(counts)
        .collect()
}

/// The five names with most tickets filed in the window, with the previous window's count.
fn trends(fs: &[Facts], w: &Window, names: impl Fn(&Facts) -> Vec<String>) -> Vec<Trend> {
    let previous = w.previous();
    let mut counts: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for t in fs {
        let (now, before) = (w.contains(t.created), previous.contains(t.created));
        if !now && !before {
            continue;
        }
        for name in names(t) {
            let entry = counts.entry(name).or_default();
            if now {
                entry.0 += 1;
            } else {
                entry.1 += 1;
            }
        }
    }
    let mut list: Vec<Trend> = counts
        .into_iter()
        .filter(|(_, (now, _))| *now > 0)
        .map(|(name, (count, previous))| Trend {
            name,
            count,
            previous,
        })
        .collect();
    list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    list.truncate(5);
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, Filing, Grade, TicketId};

    fn at(text: &str) -> DateTime<Utc> {
        crate::time::parse_time(text).unwrap()
    }

    /// A P1 ticket (a 24x7 calendar: quick to evaluate at any distance).
    fn filed(when: &str) -> Ticket {
        let config = DeskConfig::default();
        let filing = Filing {
            impact: Grade::High,
            urgency: Grade::High,
            ..Filing::new("VPN drops", "carol@example.com")
        };
        Ticket::file(
            TicketId::generate(),
            filing,
            "carol@example.com",
            at(when),
            &config.matrix,
        )
    }

    fn report(tickets: &[Ticket], since: &str, until: &str) -> Report {
        let window = Window {
            since: at(since),
            until: at(until),
        };
        compute(tickets, &[], &DeskConfig::default(), window, None)
    }

    #[test]
    fn the_weekly_series_is_bounded_whatever_the_window() {
        let tickets = [filed("2000-01-05T10:00:00Z"), filed("2020-06-10T10:00:00Z")];
        // All time: the latest 520 weeks, ending with the latest event's.
        let r = report(&tickets, "0001-01-01", "9999-12-31");
        assert!(r.weeks_cut);
        assert_eq!(r.weeks.len(), MAX_WEEKS as usize);
        let last = r.weeks.last().unwrap();
        assert_eq!(last.start, at("2020-06-08"));
        assert_eq!((last.opened, last.backlog), (1, 2));
        assert!(r
            .weeks
            .windows(2)
            .all(|p| p[1].start - p[0].start == Duration::days(7)));
        assert_eq!(r.metrics["opened"], Metric::Count(2));

        // A window shorter than the limit: every week of it from the first filing on.
        let r = report(&tickets, "2020-05-01", "2020-07-01");
        assert!(!r.weeks_cut);
        assert_eq!(r.weeks.first().unwrap().start, at("2020-04-27"));
        assert_eq!(r.weeks.last().unwrap().start, at("2020-06-29"));
        assert_eq!(r.weeks.len(), 10);
        // Before the first ticket there is nothing to show.
        let r = report(&tickets, "1990-01-01", "1999-01-01");
        assert!(r.weeks.is_empty());
        let r = report(&tickets, "1999-12-01", "2000-01-15");
        assert_eq!(r.weeks.first().unwrap().start, at("2000-01-03"));
        assert_eq!(r.weeks.len(), 2);
    }

    fn record(t: &mut Ticket, action: Action, when: &str) {
        t.record(
            action,
            "alice@example.com",
            at(when),
            &DeskConfig::default().matrix,
        );
    }

    fn resolve() -> Action {
        Action::Resolved {
            resolution: "rebooted".into(),
            code: None,
            kb: None,
        }
    }

    fn reopen() -> Action {
        Action::Reopened {
            reason: "back again".into(),
        }
    }

    #[test]
    fn a_resolution_counts_as_it_stood_at_until() {
        let mut t = filed("2026-11-02T10:00:00Z");
        record(&mut t, resolve(), "2026-11-02T11:00:00Z");
        record(&mut t, reopen(), "2026-11-10T10:00:00Z");
        record(&mut t, resolve(), "2026-11-20T10:00:00Z");
        let config = DeskConfig::default();
        let window = |since: &str, until: &str| Window {
            since: at(since),
            until: at(until),
        };
        let resolved = |w: Window| facts(&t, &config, w.until, None).resolved_in(&w);
        // Before the reopen: the first resolution.
        let w = window("2026-11-01", "2026-11-05");
        assert_eq!(resolved(w), Some(at("2026-11-02T11:00:00Z")));
        // Reopened before `until`, not resolved again yet: no resolution.
        assert_eq!(resolved(window("2026-11-01", "2026-11-15")), None);
        // Resolved again: the last resolution, once.
        let w = window("2026-11-01", "2026-11-22");
        assert_eq!(resolved(w), Some(at("2026-11-20T10:00:00Z")));
        let f = facts(&t, &config, w.until, None);
        assert_eq!(f.sla.resolution.stopped_at, f.resolved_in(&w));
        assert_eq!(f.reopened_in(&w), (true, true));
        // A window holding only the second resolution.
        assert_eq!(
            resolved(window("2026-11-15", "2026-11-22")),
            Some(at("2026-11-20T10:00:00Z"))
        );
        assert_eq!(
            facts(&t, &config, at("2026-11-05"), None)
                .reopened_in(&window("2026-11-01", "2026-11-05")),
            (true, false)
        );
        // An event exactly at `until` counts as the SLA engine counts it: already applied.
        assert_eq!(resolved(window("2026-11-01", "2026-11-10T10:00:00Z")), None);
    }

    #[test]
    fn groups_are_read_at_until() {
        let mut t = filed("2026-10-05T10:00:00Z");
        record(
            &mut t,
            Action::TierChanged {
                from: Tier::SERVICE_DESK,
                to: Tier::new(2).unwrap(),
                reason: "hardware".into(),
                team: None,
            },
            "2026-11-03T10:00:00Z",
        );
        let config = DeskConfig::default();
        let group = |until: &str| facts(&t, &config, at(until), Some("tier")).group;
        assert_eq!(group("2026-11-01").as_deref(), Some("L1"));
        assert_eq!(group("2026-11-03T10:00:00Z").as_deref(), Some("L2"));
        assert_eq!(group("2026-12-01").as_deref(), Some("L2"));
        // Filed after `until`: as filed.
        assert_eq!(group("2026-01-01").as_deref(), Some("L1"));
        assert_eq!(facts(&t, &config, at("2026-12-01"), None).group, None);
    }

    #[test]
    fn clocks_read_early_agree_with_clocks_read_at_until() {
        let config = DeskConfig::default();
        // P3 on business hours: one running, one answered, one pending, one resolved.
        let plain = |when: &str| {
            Ticket::file(
                TicketId::generate(),
                Filing::new("Share is slow", "carol@example.com"),
                "carol@example.com",
                at(when),
                &config.matrix,
            )
        };
        let running = plain("2026-11-02T10:00:00Z");
        let mut answered = plain("2026-11-02T10:00:00Z");
        record(
            &mut answered,
            Action::Commented {
                text: "on it".into(),
                internal: false,
            },
            "2026-11-02T10:30:00Z",
        );
        let mut pending = answered.clone();
        record(
            &mut pending,
            Action::StatusChanged {
                to: Status::Pending,
                pending_reason: Some(crate::model::PendingReason::Customer),
                reason: None,
            },
            "2026-11-02T11:00:00Z",
        );
        let mut resolved = answered.clone();
        record(&mut resolved, resolve(), "2026-11-03T10:00:00Z");
        for t in [&running, &answered, &pending, &resolved] {
            for until in [
                "2026-11-02T10:10:00Z",
                "2026-11-04",
                "2027-01-20",
                "2029-06-01",
                "2100-01-01",
            ] {
                let early = clocks_at(t, &config, at(until));
                let exact = evaluate(t, &config.matrix, &config, at(until));
                assert_eq!(early.priority, exact.priority, "{until}");
                for (a, b) in [
                    (&early.response, &exact.response),
                    (&early.resolution, &exact.resolution),
                ] {
                    assert_eq!(
                        (a.state, a.paused, a.stopped_at),
                        (b.state, b.paused, b.stopped_at),
                        "{until}"
                    );
                    if b.stopped_at.is_some() {
                        assert_eq!(a.elapsed_seconds, b.elapsed_seconds, "{until}");
                    }
                }
            }
        }
    }
}
