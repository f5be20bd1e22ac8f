//! `git desk report`: the service desk's KPIs, computed from the ticket files' events
//! alone (no git history walk), over a time window and optionally per group.
//!
//! Definitions (also in `git desk report --help` and the README), for a window
//! `[since, until)`. Every ticket is judged as it stood at `until` (its events up to then);
//! what came later does not change a past window's figures.
//! - `opened`: tickets filed in the window.
//! - `resolved`: tickets resolved (or closed) in the window and still so at `until`: a
//!   resolution reopened before `until` is not one; the last one counts.
//! - `backlog`: tickets filed before `until` and not resolved or closed at `until`;
//!   `backlog_0_1d`, `backlog_1_5d`, `backlog_5_30d`, `backlog_over_30d` by their age then.
//! - `time_to_first_response`: for first responses in the window, the working time the
//!   SLA clock counted (on the ticket's SLA calendar, pending time excluded): mean,
//!   median, p90. `time_to_resolution`: the same for the resolution clock of every
//!   `resolved` ticket (the same tickets; time before a reopen counts too).
//! - `first_contact_resolution` = `resolved` tickets at tier 0-1 when resolved and never
//!   escalated before it / resolved.
//! - `escalation_rate` = tickets escalated at least once in the window / tickets handled in
//!   the window (open at some moment of it); `escalation_rate_l<N>` = escalated out of
//!   tier N in the window / handled at tier N in the window.
//! - `sla_compliance_response` / `sla_compliance_resolution` = clocks met / clocks that
//!   stopped in the window (met + missed) plus clocks breached and still running at
//!   `until`; `sla_compliance` = both together.
//! - `reopen_rate` = tickets reopened by `until` after a resolution in the window /
//!   tickets resolved at least once in the window.
//! - `csat` = average score of ratings in the window (numerator: sum of scores,
//!   denominator: ratings); `csat_response_rate` = `resolved` tickets rated after their
//!   resolution, by `until` / resolved.
//! - `deflection` = `resolved` tickets at tier 0-1 with a KB article linked when resolved
//!   / resolved; `kb_deflections` = people who read an article instead of filing
//!   (recorded on the article), in the window.
//! - `--by tier|team|service|priority` groups by where the ticket stood at `until`;
//!   `--by week` by the week it was filed.

mod metrics;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde_json::{json, Value};

pub use metrics::{compute, compute_listed, week_label, week_start, GROUPINGS, MAX_WEEKS};

/// The time window of a report: `[since, until)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Start, inclusive.
    pub since: DateTime<Utc>,
    /// End, exclusive.
    pub until: DateTime<Utc>,
}

impl Window {
    /// True when `t` falls in the window.
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.since <= t && t < self.until
    }

    /// The window of the same length just before this one (for trends).
    pub fn previous(&self) -> Window {
        Window {
            since: self
                .since
                .checked_sub_signed(self.until - self.since)
                .unwrap_or(DateTime::<Utc>::MIN_UTC),
            until: self.since,
        }
    }
}

/// One figure.
#[derive(Debug, Clone, PartialEq)]
pub enum Metric {
    /// A count.
    Count(u64),
    /// `numerator / denominator`; no value when the denominator is 0.
    Ratio {
        /// Above the line.
        numerator: u64,
        /// Below the line.
        denominator: u64,
    },
    /// An average of `sum / count` (CSAT: the sum of scores over the ratings).
    Average {
        /// The sum.
        sum: u64,
        /// How many.
        count: u64,
    },
    /// Durations in seconds.
    Durations(Vec<i64>),
}

impl Metric {
    /// The value a person reads: the count, the ratio, the average, the median.
    pub fn value(&self) -> Option<f64> {
        match self {
            Metric::Count(n) => Some(*n as f64),
            Metric::Ratio {
                numerator,
                denominator,
            } => (*denominator > 0).then(|| *numerator as f64 / *denominator as f64),
            Metric::Average { sum, count } => (*count > 0).then(|| *sum as f64 / *count as f64),
            Metric::Durations(d) => percentile(d, 0.5).map(|v| v as f64),
        }
    }

    /// The JSON of SPEC 7: `{"value"}`, `{"value", "numerator", "denominator"}`, or
    /// `{"mean_seconds", "median_seconds", "p90_seconds", "count"}`.
    pub fn to_json(&self) -> Value {
        match self {
            Metric::Count(n) => json!({ "value": n }),
            Metric::Ratio {
                numerator,
                denominator,
            } => {
                json!({ "value": self.value().map(round4), "numerator": numerator, "denominator": denominator })
            }
            Metric::Average { sum, count } => {
                json!({ "value": self.value().map(round4), "numerator": sum, "denominator": count })
            }
            Metric::Durations(d) => json!({
                "mean_seconds": mean(d),
                "median_seconds": percentile(d, 0.5),
                "p90_seconds": percentile(d, 0.9),
                "count": d.len(),
            }),
        }
    }
}

fn round4(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

/// The mean, rounded to the second; `None` for no values.
pub fn mean(values: &[i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let sum: i128 = values.iter().map(|v| i128::from(*v)).sum();
    Some((sum as f64 / values.len() as f64).round() as i64)
}

/// The `p` percentile by the nearest-rank method (p = 0.5: the median, lower of the two
/// middle values for an even count); `None` for no values.
pub fn percentile(values: &[i64], p: f64) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    Some(sorted[rank - 1])
}

/// The metrics of one group (or of everything), by name.
pub type Metrics = BTreeMap<String, Metric>;

/// One week of volume (weeks start on Monday, UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Week {
    /// Monday 00:00 UTC.
    pub start: DateTime<Utc>,
    /// Filed that week.
    pub opened: u64,
    /// Resolved that week.
    pub resolved: u64,
    /// Open at the end of the week (or of the window).
    pub backlog: u64,
}

/// A name and its volume now and in the previous window of the same length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trend {
    /// The service or label.
    pub name: String,
    /// Tickets filed in the window.
    pub count: u64,
    /// Tickets filed in the previous window.
    pub previous: u64,
}

/// Everything `report` shows.
#[derive(Debug, Clone)]
pub struct Report {
    /// The window.
    pub window: Window,
    /// What the durations are measured in.
    pub time_basis: &'static str,
    /// The metrics over all tickets.
    pub metrics: Metrics,
    /// The grouping, if any (`tier`, `team`, `service`, `priority`, `week`).
    pub grouped_by: Option<String>,
    /// Metrics per group key.
    pub groups: BTreeMap<String, Metrics>,
    /// Volume and backlog per week of the window, from the week of the first filing.
    pub weeks: Vec<Week>,
    /// The window was longer than [`MAX_WEEKS`]: `weeks` holds only the weeks with
    /// activity, at most the latest [`MAX_WEEKS`].
    pub weeks_cut: bool,
    /// Escalations in the window: `(from tier, to tier) -> count`.
    pub flow: BTreeMap<(u8, u8), u64>,
    /// SLA compliance per priority: `priority -> (met, judged)` for response and
    /// resolution together.
    pub sla_by_priority: BTreeMap<String, (u64, u64)>,
    /// Time to resolution, counted in buckets: `(label, count)`.
    pub resolution_buckets: Vec<(String, u64)>,
    /// Top services by volume, with the previous window.
    pub top_services: Vec<Trend>,
    /// Top labels by volume, with the previous window.
    pub top_labels: Vec<Trend>,
}

/// The metric names, in the order tables show them.
pub const METRIC_ORDER: &[&str] = &[
    "opened",
    "resolved",
    "backlog",
    "backlog_0_1d",
    "backlog_1_5d",
    "backlog_5_30d",
    "backlog_over_30d",
    "time_to_first_response",
    "time_to_resolution",
    "first_contact_resolution",
    "escalation_rate",
    "escalation_rate_l0",
    "escalation_rate_l1",
    "escalation_rate_l2",
    "escalation_rate_l3",
    "sla_compliance",
    "sla_compliance_response",
    "sla_compliance_resolution",
    "reopen_rate",
    "csat",
    "csat_response_rate",
    "deflection",
    "kb_deflections",
];

fn metrics_json(m: &Metrics) -> Value {
    let mut out = serde_json::Map::new();
    for name in METRIC_ORDER {
        if let Some(metric) = m.get(*name) {
            out.insert(name.to_string(), metric.to_json());
        }
    }
    Value::Object(out)
}

impl Report {
    /// The JSON of SPEC 7, with the weekly series and trends beside the metrics.
    pub fn to_json(&self) -> Value {
        let t = |d: DateTime<Utc>| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let mut out = json!({
            "window": { "since": t(self.window.since), "until": t(self.window.until) },
            "time_basis": self.time_basis,
            "metrics": metrics_json(&self.metrics),
        });
        if let Some(by) = &self.grouped_by {
            let groups: serde_json::Map<String, Value> = self
                .groups
                .iter()
                .map(|(k, m)| (k.clone(), json!({ "metrics": metrics_json(m) })))
                .collect();
            out["by"] = json!(by);
            out["groups"] = Value::Object(groups);
        }
        out["weeks"] = self
            .weeks
            .iter()
            .map(|w| json!({ "start": t(w.start), "opened": w.opened, "resolved": w.resolved, "backlog": w.backlog }))
            .collect();
        out["weeks_cut"] = json!(self.weeks_cut);
        out["escalation_flow"] = self
            .flow
            .iter()
            .map(|((from, to), n)| json!({ "from": from, "to": to, "count": n }))
            .collect();
        out["sla_by_priority"] = self
            .sla_by_priority
            .iter()
            .map(|(p, (met, judged))| (p.clone(), json!({ "met": met, "judged": judged })))
            .collect::<serde_json::Map<String, Value>>()
            .into();
        out["time_to_resolution_buckets"] = self
            .resolution_buckets
            .iter()
            .map(|(label, n)| json!({ "bucket": label, "count": n }))
            .collect();
        let trends = |list: &[Trend]| -> Value {
            list.iter()
                .map(|tr| json!({ "name": tr.name, "count": tr.count, "previous": tr.previous }))
                .collect()
        };
        out["top_services"] = trends(&self.top_services);
        out["top_labels"] = trends(&self.top_labels);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statistics_of_nothing_are_none_never_a_division_by_zero() {
        assert_eq!(mean(&[]), None);
        assert_eq!(percentile(&[], 0.9), None);
        let r = Metric::Ratio {
            numerator: 0,
            denominator: 0,
        };
        assert_eq!(r.value(), None);
        assert_eq!(r.to_json()["value"], Value::Null);
        assert_eq!(Metric::Durations(vec![]).to_json()["count"], 0);
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let d = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
        assert_eq!(percentile(&d, 0.5), Some(50));
        assert_eq!(percentile(&d, 0.9), Some(90));
        assert_eq!(mean(&d), Some(55));
        assert_eq!(percentile(&[7], 0.9), Some(7));
    }
}
