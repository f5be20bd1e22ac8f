//! The report as a self-contained HTML page: the metrics, the groups, the trends and
//! the SVG charts.

use chrono::{DateTime, Timelike, Utc};

use git_desk::report::{Metrics, Report, Trend};

use super::cells::{format_metric, in_order, metric_label};
use super::svg::{chart_flow, chart_sla, chart_ttr, chart_volume};

/// The page's style: system fonts, cards, tables with tabular figures, charts as wide as
/// the page.
const CSS: &str = r#"
:root { color-scheme: light; --ink: #1f2933; --muted: #6b7280; --line: #e3e6ec; }
* { box-sizing: border-box; }
body { margin: 0; background: #f5f6f8; color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
header, main, footer { max-width: 1000px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 28px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.15rem; margin: 0 0 12px; }
h3 { font-size: 1rem; margin: 0 0 8px; }
.window, .basis { margin: 2px 0; color: var(--muted); }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px;
  padding: 16px 20px; margin: 18px 0; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 5px 10px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
thead th { font-size: .78rem; text-transform: uppercase; letter-spacing: .04em;
  color: var(--muted); }
tbody th { font-weight: 500; }
td.num { text-align: right; }
tbody tr:nth-child(even) { background: #fafbfc; }
code { font: .82em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--muted); }
svg.chart { display: block; width: 100%; height: auto; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 18px; }
.up { color: #b3261e; }
.down { color: #2e7d32; }
.empty { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: .85rem; padding-bottom: 28px; }
"#;

/// A self-contained HTML5 page: title and window, the time basis, every metric, the
/// groups, and SVG charts (`chart-volume`, `chart-flow`, `chart-sla`, `chart-ttr`) whose
/// elements carry their figures in `data-` attributes. Inline CSS, no script, no external
/// asset; all text escaped.
pub fn to_html(report: &Report, title: &str) -> String {
    let (since, until) = (report.window.since, report.window.until);
    let title = escape(title);
    let mut page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} · {} to {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n",
        day(since),
        day(until)
    );
    let by = report
        .grouped_by
        .as_deref()
        .map(|by| format!(", by {}", escape(by)))
        .unwrap_or_default();
    page.push_str(&format!(
        "<header>\n<h1>{title}</h1>\n<p class=\"window\">From {} to {} (end excluded){by}</p>\n\
         <p class=\"basis\">Times are {}.</p>\n</header>\n<main>\n",
        time_element(since),
        time_element(until),
        escape(report.time_basis)
    ));

    page.push_str(&section("Metrics", &metrics_table(&report.metrics)));
    page.push_str(&section(
        "Volume and backlog by week",
        &chart_volume(report),
    ));
    page.push_str(&section("Escalations between tiers", &chart_flow(report)));
    page.push_str(&section("SLA compliance by priority", &chart_sla(report)));
    page.push_str(&section(
        "Time to resolution (working time)",
        &chart_ttr(report),
    ));
    page.push_str(&section(
        "Trends against the previous window",
        &format!(
            "<div class=\"grid\">\n{}{}</div>\n",
            trend_table("Top services", "Service", &report.top_services),
            trend_table("Top labels", "Label", &report.top_labels)
        ),
    ));
    if let Some(by) = &report.grouped_by {
        let mut cards = String::from("<div class=\"grid\">\n");
        for (key, metrics) in &report.groups {
            let key = escape(key);
            cards.push_str(&format!(
                "<div class=\"group\" data-group=\"{key}\">\n<h3>{key}</h3>\n{}</div>\n",
                metrics_table(metrics)
            ));
        }
        if report.groups.is_empty() {
            cards.push_str("<p class=\"empty\">No group has activity in the window.</p>\n");
        }
        cards.push_str("</div>\n");
        page.push_str(&section(&format!("By {by}"), &cards));
    }
    page.push_str(
        "</main>\n<footer>Made by <code>git desk report --html</code> from the tickets' \
         events.</footer>\n</body>\n</html>\n",
    );
    page
}

/// Text for HTML and XML alike: the five special characters as the entities XML knows,
/// control characters (which XML forbids) replaced.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// `2026-11-22`, with the time when it is not midnight.
fn day(t: DateTime<Utc>) -> String {
    if t.num_seconds_from_midnight() == 0 {
        t.format("%Y-%m-%d").to_string()
    } else {
        t.format("%Y-%m-%d %H:%M UTC").to_string()
    }
}

fn time_element(t: DateTime<Utc>) -> String {
    format!(
        "<time datetime=\"{}\">{}</time>",
        t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        day(t)
    )
}

fn section(heading: &str, body: &str) -> String {
    format!(
        "<section>\n<h2>{}</h2>\n{body}</section>\n",
        escape(heading)
    )
}

fn metrics_table(metrics: &Metrics) -> String {
    let mut out = String::from(
        "<table class=\"metrics\">\n<thead><tr><th>Metric</th><th>Value</th></tr></thead>\n\
         <tbody>\n",
    );
    for (name, metric) in in_order(metrics) {
        out.push_str(&format!(
            "<tr data-metric=\"{name}\"><th scope=\"row\">{} <code>{name}</code></th>\
             <td>{}</td></tr>\n",
            escape(metric_label(name)),
            escape(&format_metric(name, metric))
        ));
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

fn trend_table(heading: &str, column: &str, trends: &[Trend]) -> String {
    let mut out = format!("<div>\n<h3>{heading}</h3>\n");
    if trends.is_empty() {
        out.push_str("<p class=\"empty\">None in either window.</p>\n</div>\n");
        return out;
    }
    out.push_str(&format!(
        "<table class=\"trend\">\n<thead><tr><th>{column}</th><th>Tickets</th>\
         <th>Previous window</th><th>Change</th></tr></thead>\n<tbody>\n"
    ));
    for t in trends {
        let (change, class) = match t.count.cmp(&t.previous) {
            std::cmp::Ordering::Greater => (format!("+{}", t.count - t.previous), "up"),
            std::cmp::Ordering::Less => (format!("-{}", t.previous - t.count), "down"),
            std::cmp::Ordering::Equal => ("0".to_string(), "same"),
        };
        out.push_str(&format!(
            "<tr data-name=\"{name}\" data-count=\"{}\" data-previous=\"{}\"><td>{name}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num {class}\">{change}</td></tr>\n",
            t.count,
            t.previous,
            t.count,
            t.previous,
            name = escape(&t.name),
        ));
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    out
}
