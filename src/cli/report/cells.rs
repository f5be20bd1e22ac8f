//! What a person reads in a report's table cells, on a terminal and in the HTML page alike.

use git_desk::report::{mean, percentile, Metric, Metrics, METRIC_ORDER};
use git_desk::time::format_age;

/// What a person reads in a table cell: `42`, `37.5% (3/8)`, `4.33 (3 ratings)`,
/// `median 2h 05m · p90 1d 3h · mean 5h 10m (n=12)`; `-` and what it is out of when
/// there is nothing to divide by.
pub fn format_metric(name: &str, metric: &Metric) -> String {
    match metric {
        Metric::Count(n) => n.to_string(),
        Metric::Ratio {
            numerator,
            denominator,
        } => match metric.value() {
            Some(v) => format!("{:.1}% ({numerator}/{denominator})", v * 100.0),
            None => format!("- ({numerator}/{denominator})"),
        },
        Metric::Average { count, .. } => {
            // Only CSAT is an average today; say "values" for anything else.
            let unit = if name.starts_with("csat") {
                "rating"
            } else {
                "value"
            };
            match metric.value() {
                Some(v) if *count == 1 => format!("{v:.2} (1 {unit})"),
                Some(v) => format!("{v:.2} ({count} {unit}s)"),
                None => format!("- (no {unit}s)"),
            }
        }
        Metric::Durations(d) => match (percentile(d, 0.5), percentile(d, 0.9), mean(d)) {
            (Some(median), Some(p90), Some(mean)) => format!(
                "median {} · p90 {} · mean {} (n={})",
                format_duration(median),
                format_duration(p90),
                format_duration(mean),
                d.len()
            ),
            _ => "- (n=0)".to_string(),
        },
    }
}

/// A duration in seconds, compact, to two units: `45s`, `12m`, `2h 05m`, `1d 3h`
/// (truncated, never rounded up; a negative duration reads `0s`).
pub fn format_duration(seconds: i64) -> String {
    let s = seconds.max(0);
    match s {
        0..=3_599 => format_age(s),
        3_600..=86_399 => format!("{}h {:02}m", s / 3_600, s % 3_600 / 60),
        _ => format!("{}d {}h", s / 86_400, s % 86_400 / 3_600),
    }
}

/// A readable name for a metric of [`METRIC_ORDER`] (the name itself for any other).
pub fn metric_label(name: &str) -> &str {
    match name {
        "opened" => "Opened",
        "resolved" => "Resolved",
        "backlog" => "Backlog (open at the end)",
        "backlog_0_1d" => "Backlog aged 0-1d",
        "backlog_1_5d" => "Backlog aged 1-5d",
        "backlog_5_30d" => "Backlog aged 5-30d",
        "backlog_over_30d" => "Backlog aged over 30d",
        "time_to_first_response" => "Time to first response",
        "time_to_resolution" => "Time to resolution",
        "first_contact_resolution" => "First-contact resolution",
        "escalation_rate" => "Escalation rate",
        "escalation_rate_l0" => "Escalation rate out of L0",
        "escalation_rate_l1" => "Escalation rate out of L1",
        "escalation_rate_l2" => "Escalation rate out of L2",
        "escalation_rate_l3" => "Escalation rate out of L3",
        "sla_compliance" => "SLA compliance",
        "sla_compliance_response" => "SLA compliance, response",
        "sla_compliance_resolution" => "SLA compliance, resolution",
        "reopen_rate" => "Reopen rate",
        "csat" => "CSAT (average score)",
        "csat_response_rate" => "CSAT response rate",
        "deflection" => "Level 0 deflection",
        "kb_deflections" => "KB deflections (read instead of filing)",
        other => other,
    }
}

/// The metrics present, in [`METRIC_ORDER`].
pub(super) fn in_order(metrics: &Metrics) -> impl Iterator<Item = (&'static str, &Metric)> {
    METRIC_ORDER
        .iter()
        .filter_map(|name| metrics.get(*name).map(|m| (*name, m)))
}
