//! The report as CSV: a row per metric and group, with the figures of the JSON.

use serde_json::Value;

use git_desk::report::Report;

use super::cells::in_order;

/// The metric fields of the CSV, named as in the JSON.
const CSV_FIELDS: &[&str] = &[
    "value",
    "numerator",
    "denominator",
    "mean_seconds",
    "median_seconds",
    "p90_seconds",
    "count",
];

/// One row per metric (in [`METRIC_ORDER`]) for the group `all`, then for each group:
/// `group,metric,value,numerator,denominator,mean_seconds,median_seconds,p90_seconds,count`.
/// The figures are those of the JSON (ratios as fractions to 4 places); a field a metric
/// does not have, or that has no value, is empty. Rows end with `\n`.
pub fn to_csv(report: &Report) -> String {
    let mut out = format!("group,metric,{}\n", CSV_FIELDS.join(","));
    let groups = std::iter::once(("all", &report.metrics))
        .chain(report.groups.iter().map(|(k, m)| (k.as_str(), m)));
    for (group, metrics) in groups {
        for (name, metric) in in_order(metrics) {
            let json = metric.to_json();
            let mut row = vec![csv_field(group), csv_field(name)];
            row.extend(CSV_FIELDS.iter().map(|f| match json.get(f) {
                Some(Value::Number(n)) => n.to_string(),
                _ => String::new(),
            }));
            out.push_str(&row.join(","));
            out.push('\n');
        }
    }
    out
}

/// A CSV field, quoted (quotes doubled) when it holds a comma, a quote or a line break.
pub(super) fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
