//! Renderings of a [`Report`] besides its JSON: the text of a table cell, a weekly chart
//! for a terminal, CSV, and a self-contained HTML page with SVG charts. Pure functions
//! that return strings: the command decides where they go.
//!
//! The HTML page carries every figure of its charts in `data-` attributes (`data-value`,
//! `data-week`, ...), so what a person sees can be checked against `report --json`.

use chrono::{DateTime, Timelike, Utc};
use serde_json::Value;

use git_desk::clock::format_age;
use git_desk::report::{
    mean, percentile, week_label, Metric, Metrics, Report, Trend, METRIC_ORDER,
};

// ---------------------------------------------------------------------------------------
// Cells

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

// ---------------------------------------------------------------------------------------
// Terminal chart

/// What the weekly chart and the volume chart say when there is nothing to draw.
const NO_ACTIVITY: &str = "no activity in the window";

/// The widest week label, `2026-W47`.
const WEEK_LABEL_WIDTH: usize = 8;

/// Opened / resolved / backlog per week as bars scaled to the largest value, one line a
/// week after a legend line, each line at most `width` characters (unless `width` is too
/// small for even one-character bars). Block characters when `unicode`, ASCII otherwise.
/// No trailing newline.
pub fn weekly_chart(report: &Report, unicode: bool, width: usize) -> String {
    let max = largest_weekly(report);
    if max == 0 {
        return NO_ACTIVITY.to_string();
    }
    let glyphs = if unicode {
        ['█', '▓', '░']
    } else {
        ['#', '=', '.']
    };
    let number_width = max.to_string().len();
    // A line: the label, then per series two spaces, the bar, a space and the number.
    let fixed = WEEK_LABEL_WIDTH + 3 * (3 + number_width);
    let bar_width = (width.saturating_sub(fixed) / 3).max(1);

    let mut lines = vec![format!(
        "{} opened  {} resolved  {} backlog at week end  (full bar = {max})",
        glyphs[0], glyphs[1], glyphs[2]
    )];
    for week in &report.weeks {
        let mut line = format!("{:<WEEK_LABEL_WIDTH$}", week_label(week.start));
        for (glyph, value) in glyphs
            .iter()
            .zip([week.opened, week.resolved, week.backlog])
        {
            let len = bar_length(value, max, bar_width);
            let bar: String = std::iter::repeat_n(*glyph, len).collect();
            let pad = " ".repeat(bar_width - len);
            line.push_str(&format!("  {bar}{pad} {value:>number_width$}"));
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// The largest of the weekly figures (0 for no weeks).
fn largest_weekly(report: &Report) -> u64 {
    report
        .weeks
        .iter()
        .flat_map(|w| [w.opened, w.resolved, w.backlog])
        .max()
        .unwrap_or(0)
}

/// Characters for `value` out of `max` in `width`; anything above zero shows.
fn bar_length(value: u64, max: u64, width: usize) -> usize {
    if value == 0 || max == 0 {
        return 0;
    }
    let len = (value as f64 / max as f64 * width as f64).round() as usize;
    len.clamp(1, width)
}

// ---------------------------------------------------------------------------------------
// CSV

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

/// The metrics present, in [`METRIC_ORDER`].
fn in_order(metrics: &Metrics) -> impl Iterator<Item = (&'static str, &Metric)> {
    METRIC_ORDER
        .iter()
        .filter_map(|name| metrics.get(*name).map(|m| (*name, m)))
}

/// A CSV field, quoted (quotes doubled) when it holds a comma, a quote or a line break.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

// ---------------------------------------------------------------------------------------
// HTML

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
fn escape(text: &str) -> String {
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

// ---------------------------------------------------------------------------------------
// SVG charts

/// The palette (Tableau 10: readable on white and for most colour blindness).
const BLUE: &str = "#4e79a7";
const GREEN: &str = "#59a14f";
const RED: &str = "#e15759";
const TEAL: &str = "#76b7b2";
const MISSED: &str = "#f4c7c3";
const GRID: &str = "#e3e6ec";
const INK: &str = "#1f2933";
const MUTED: &str = "#6b7280";
const BOX: &str = "#f1f3f7";

/// The width of every chart's viewBox; the page scales it.
const W: f64 = 720.0;

/// A coordinate, to a tenth.
fn px(v: f64) -> String {
    format!("{v:.1}")
}

/// The opening of a chart: namespace, id, viewBox, fonts, `<title>` and `<desc>`.
fn svg_open(id: &str, title: &str, desc: &str, height: f64) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"{id}\" class=\"chart\" \
         viewBox=\"0 0 {} {}\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" \
         font-family=\"system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif\" \
         font-size=\"12\" fill=\"{INK}\">\n<title id=\"{id}-title\">{}</title>\n\
         <desc id=\"{id}-desc\">{}</desc>\n",
        px(W),
        px(height),
        escape(title),
        escape(desc)
    )
}

/// A text label; `extra` holds further attributes, already escaped.
fn text(x: f64, y: f64, anchor: &str, extra: &str, content: &str) -> String {
    format!(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\"{extra}>{}</text>\n",
        px(x),
        px(y),
        escape(content)
    )
}

/// The end of a chart, with `message` at `(x, y)` when the chart has `nothing` to show.
fn close_svg(mut svg: String, nothing: bool, (x, y): (f64, f64), message: &str) -> String {
    if nothing {
        svg.push_str(&text(
            x,
            y,
            "middle",
            &format!(" fill=\"{MUTED}\" font-style=\"italic\" font-size=\"14\""),
            message,
        ));
    }
    svg.push_str("</svg>\n");
    svg
}

/// A bar with its tooltip; `data` holds its `data-` attributes, already escaped.
fn bar(data: &str, (x, y, w, h): (f64, f64, f64, f64), fill: &str, tooltip: &str) -> String {
    format!(
        "<rect {data} x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" rx=\"2\">\
         <title>{}</title></rect>\n",
        px(x),
        px(y),
        px(w),
        px(h.max(0.0)),
        escape(tooltip)
    )
}

/// A round top for an axis of counts: `(top, step)` with a step of 1, 2 or 5 times a
/// power of ten and about four steps.
fn nice_scale(max: u64) -> (u64, u64) {
    let rough = max.div_ceil(4).max(1);
    let mut magnitude = 1;
    while magnitude * 10 <= rough {
        magnitude *= 10;
    }
    let step = [1, 2, 5, 10]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= rough)
        .unwrap_or(10 * magnitude);
    (max.div_ceil(step).max(1) * step, step)
}

/// A plot area: where it is and what its top value is.
struct Plot {
    left: f64,
    top: f64,
    width: f64,
    height: f64,
    max: u64,
    step: u64,
}

impl Plot {
    fn new(left: f64, top: f64, width: f64, height: f64, largest: u64) -> Plot {
        let (max, step) = nice_scale(largest);
        Plot {
            left,
            top,
            width,
            height,
            max,
            step,
        }
    }

    fn bottom(&self) -> f64 {
        self.top + self.height
    }

    fn y(&self, v: u64) -> f64 {
        self.bottom() - v as f64 / self.max as f64 * self.height
    }

    /// Horizontal grid lines with their values on the left, and the base line.
    fn axes(&self, unit: &str) -> String {
        let mut out = String::from("<g class=\"axis\">\n");
        for v in (0..=self.max).step_by(self.step as usize) {
            let y = self.y(v);
            let colour = if v == 0 { MUTED } else { GRID };
            out.push_str(&format!(
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{colour}\" \
                 stroke-width=\"1\"/>\n",
                px(self.left),
                px(y),
                px(self.left + self.width),
                px(y)
            ));
            out.push_str(&text(
                self.left - 6.0,
                y + 4.0,
                "end",
                &format!(" fill=\"{MUTED}\" font-size=\"11\""),
                &v.to_string(),
            ));
        }
        out.push_str(&text(
            self.left - 6.0,
            self.top - 10.0,
            "end",
            &format!(" fill=\"{MUTED}\" font-size=\"11\""),
            unit,
        ));
        out.push_str("</g>\n");
        out
    }
}

/// Opened and resolved as bars per week, the backlog as a line, on one axis.
fn chart_volume(report: &Report) -> String {
    let weeks = &report.weeks;
    let largest = largest_weekly(report);
    let plot = Plot::new(48.0, 56.0, W - 64.0, 216.0, largest);
    let mut out = svg_open(
        "chart-volume",
        "Volume and backlog by week",
        "Tickets opened and resolved each week (bars) and open at the end of each week (line).",
        plot.bottom() + 36.0,
    );
    // Legend.
    let mut x = plot.left;
    for (colour, label, line) in [
        (BLUE, "opened", false),
        (GREEN, "resolved", false),
        (RED, "backlog at week end", true),
    ] {
        if line {
            out.push_str(&format!(
                "<line x1=\"{}\" y1=\"14\" x2=\"{}\" y2=\"14\" stroke=\"{colour}\" \
                 stroke-width=\"2.5\"/>\n",
                px(x),
                px(x + 14.0)
            ));
        } else {
            out.push_str(&format!(
                "<rect x=\"{}\" y=\"8\" width=\"12\" height=\"12\" rx=\"2\" fill=\"{colour}\"/>\n",
                px(x)
            ));
        }
        out.push_str(&text(x + 18.0, 18.0, "start", "", label));
        x += 30.0 + 6.5 * label.len() as f64;
    }
    out.push_str(&plot.axes("tickets"));

    let slot = plot.width / weeks.len().max(1) as f64;
    let bar_width = slot * 0.36;
    let label_every = weeks.len().div_ceil(12).max(1);
    let mut bars = String::new();
    let mut points = Vec::new();
    let mut dots = String::new();
    for (i, week) in weeks.iter().enumerate() {
        let label = week_label(week.start);
        let slot_left = plot.left + i as f64 * slot;
        for (j, (series, colour, v)) in [
            ("opened", BLUE, week.opened),
            ("resolved", GREEN, week.resolved),
        ]
        .into_iter()
        .enumerate()
        {
            let x = slot_left + slot * 0.12 + j as f64 * (bar_width + slot * 0.04);
            bars.push_str(&bar(
                &format!("data-series=\"{series}\" data-week=\"{label}\" data-value=\"{v}\""),
                (x, plot.y(v), bar_width, plot.bottom() - plot.y(v)),
                colour,
                &format!("{label}: {v} {series}"),
            ));
            if slot >= 48.0 {
                bars.push_str(&text(
                    x + bar_width / 2.0,
                    plot.y(v) - 4.0,
                    "middle",
                    &format!(" fill=\"{MUTED}\" font-size=\"10\""),
                    &v.to_string(),
                ));
            }
        }
        let cx = slot_left + slot / 2.0;
        let cy = plot.y(week.backlog);
        points.push(format!("{},{}", px(cx), px(cy)));
        dots.push_str(&format!(
            "<circle data-series=\"backlog\" data-week=\"{label}\" data-value=\"{v}\" \
             cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"#fff\" stroke=\"{RED}\" stroke-width=\"2\">\
             <title>{label}: {v} open at week end</title></circle>\n",
            px(cx),
            px(cy),
            v = week.backlog
        ));
        if i % label_every == 0 {
            out.push_str(&text(
                cx,
                plot.bottom() + 18.0,
                "middle",
                &format!(" fill=\"{MUTED}\" font-size=\"11\""),
                &label,
            ));
        }
    }
    out.push_str(&bars);
    if !points.is_empty() {
        out.push_str(&format!(
            "<polyline data-series=\"backlog\" points=\"{}\" fill=\"none\" stroke=\"{RED}\" \
             stroke-width=\"2.5\" \
             stroke-linejoin=\"round\"/>\n",
            points.join(" ")
        ));
    }
    out.push_str(&dots);
    close_svg(
        out,
        largest == 0,
        (plot.left + plot.width / 2.0, plot.top + plot.height / 2.0),
        NO_ACTIVITY,
    )
}

/// Tier boxes in a row; an arc per `(from, to)` of the flow, above the boxes going up,
/// below going down, as thick as its count.
fn chart_flow(report: &Report) -> String {
    const BOX_W: f64 = 96.0;
    const BOX_H: f64 = 44.0;
    const MARGIN: f64 = 40.0;
    let flow = &report.flow;
    let highest = flow
        .keys()
        .flat_map(|(a, b)| [*a, *b])
        .max()
        .unwrap_or(0)
        .max(3);
    let span = (W - 2.0 * MARGIN - BOX_W) / f64::from(highest);
    let centre = |tier: u8| MARGIN + BOX_W / 2.0 + f64::from(tier) * span;
    let rise = |distance: u8| 36.0 + 34.0 * f64::from(distance);
    let up = flow
        .keys()
        .filter(|(a, b)| a <= b)
        .map(|(a, b)| b - a)
        .max();
    let down = flow.keys().filter(|(a, b)| a > b).map(|(a, b)| a - b).max();
    let box_top = up.map_or(48.0, |d| 30.0 + 0.75 * rise(d));
    let box_bottom = box_top + BOX_H;
    let height = down.map_or(box_bottom + 24.0, |d| box_bottom + 0.75 * rise(d) + 28.0);
    let most = flow.values().copied().max().unwrap_or(0).max(1);

    let mut out = svg_open(
        "chart-flow",
        "Escalations between tiers",
        "Tickets moved from one support tier to another in the window, by the pair of tiers.",
        height,
    );
    out.push_str(&format!(
        "<defs><marker id=\"chart-flow-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" \
         markerWidth=\"12\" markerHeight=\"12\" markerUnits=\"userSpaceOnUse\" orient=\"auto\">\
         <path d=\"M0,0 L10,5 L0,10 z\" \
         fill=\"{BLUE}\"/></marker></defs>\n"
    ));
    for (&(from, to), &count) in flow {
        let h = rise(from.abs_diff(to));
        let (x1, x2, y, control, label_y) = if from <= to {
            let control = box_top - h;
            (
                centre(from) + 10.0,
                centre(to) - 10.0,
                box_top,
                control,
                box_top - 0.75 * h - 6.0,
            )
        } else {
            let control = box_bottom + h;
            (
                centre(from) - 10.0,
                centre(to) + 10.0,
                box_bottom,
                control,
                box_bottom + 0.75 * h + 16.0,
            )
        };
        out.push_str(&format!(
            "<g data-from=\"{from}\" data-to=\"{to}\" data-value=\"{count}\">\
             <title>L{from} → L{to}: {count}</title>\n\
             <path d=\"M{x1},{y} C{x1},{c} {x2},{c} {x2},{y}\" fill=\"none\" stroke=\"{BLUE}\" \
             stroke-opacity=\"0.7\" stroke-width=\"{w}\" stroke-linecap=\"round\" \
             marker-end=\"url(#chart-flow-arrow)\"/>\n",
            x1 = px(x1),
            x2 = px(x2),
            y = px(y),
            c = px(control),
            w = px(2.0 + 8.0 * count as f64 / most as f64),
        ));
        out.push_str(&text(
            (x1 + x2) / 2.0,
            label_y,
            "middle",
            " font-weight=\"600\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\"",
            &count.to_string(),
        ));
        out.push_str("</g>\n");
    }
    for tier in 0..=highest {
        out.push_str(&format!(
            "<g data-tier=\"{tier}\"><rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" rx=\"6\" \
             fill=\"{BOX}\" \
             stroke=\"{MUTED}\" stroke-width=\"1\"/>\n",
            px(centre(tier) - BOX_W / 2.0),
            px(box_top),
            px(BOX_W),
            px(BOX_H)
        ));
        out.push_str(&text(
            centre(tier),
            box_top + BOX_H / 2.0 + 5.0,
            "middle",
            " font-weight=\"600\" font-size=\"14\"",
            &format!("L{tier}"),
        ));
        out.push_str("</g>\n");
    }
    close_svg(
        out,
        flow.is_empty(),
        (W / 2.0, box_top - 16.0),
        "no escalations in the window",
    )
}

/// One bar per priority: the share of SLA clocks met, with met / judged.
fn chart_sla(report: &Report) -> String {
    const ROW: f64 = 34.0;
    const TOP: f64 = 12.0;
    const TRACK_LEFT: f64 = 64.0;
    const TRACK_W: f64 = 480.0;
    let rows = report.sla_by_priority.len();
    let rows_bottom = TOP + rows.max(1) as f64 * ROW;
    let mut out = svg_open(
        "chart-sla",
        "SLA compliance by priority",
        "Response and resolution clocks met over clocks judged in the window, by priority.",
        rows_bottom + 28.0,
    );
    for k in 0..=4 {
        let x = TRACK_LEFT + TRACK_W * f64::from(k) / 4.0;
        out.push_str(&format!(
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"{GRID}\" \
             stroke-dasharray=\"3 3\"/>\n",
            px(TOP),
            px(rows_bottom + 4.0),
            x = px(x)
        ));
        out.push_str(&text(
            x,
            rows_bottom + 18.0,
            "middle",
            &format!(" fill=\"{MUTED}\" font-size=\"11\""),
            &format!("{}%", k * 25),
        ));
    }
    for (i, (priority, &(met, judged))) in report.sla_by_priority.iter().enumerate() {
        let y = TOP + i as f64 * ROW + 7.0;
        let share = if judged == 0 {
            0.0
        } else {
            (met as f64 / judged as f64).min(1.0)
        };
        let shown = format_metric(
            "sla_compliance",
            &Metric::Ratio {
                numerator: met,
                denominator: judged,
            },
        );
        out.push_str(&text(
            16.0,
            y + 15.0,
            "start",
            " font-weight=\"600\"",
            priority,
        ));
        let track = if judged == 0 { GRID } else { MISSED };
        out.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"20\" rx=\"2\" fill=\"{track}\"/>\n",
            px(TRACK_LEFT),
            px(y),
            px(TRACK_W)
        ));
        out.push_str(&bar(
            &format!(
                "data-priority=\"{}\" data-met=\"{met}\" data-judged=\"{judged}\"",
                escape(priority)
            ),
            (TRACK_LEFT, y, TRACK_W * share, 20.0),
            GREEN,
            &format!("{priority}: {shown} met"),
        ));
        out.push_str(&text(
            TRACK_LEFT + TRACK_W + 12.0,
            y + 15.0,
            "start",
            "",
            &shown,
        ));
    }
    close_svg(
        out,
        rows == 0,
        (TRACK_LEFT + TRACK_W / 2.0, TOP + ROW / 2.0 + 5.0),
        "no SLA clocks judged in the window",
    )
}

/// One bar per time-to-resolution bucket, with its count.
fn chart_ttr(report: &Report) -> String {
    let buckets = &report.resolution_buckets;
    let largest = buckets.iter().map(|(_, n)| *n).max().unwrap_or(0);
    let plot = Plot::new(48.0, 28.0, W - 64.0, 188.0, largest);
    let mut out = svg_open(
        "chart-ttr",
        "Time to resolution",
        "Tickets resolved in the window, by the working time their resolution took.",
        plot.bottom() + 36.0,
    );
    out.push_str(&plot.axes("tickets"));
    let slot = plot.width / buckets.len().max(1) as f64;
    let bar_width = slot * 0.64;
    for (i, (label, n)) in buckets.iter().enumerate() {
        let x = plot.left + i as f64 * slot + (slot - bar_width) / 2.0;
        let centre = x + bar_width / 2.0;
        out.push_str(&bar(
            &format!("data-bucket=\"{}\" data-value=\"{n}\"", escape(label)),
            (x, plot.y(*n), bar_width, plot.bottom() - plot.y(*n)),
            TEAL,
            &format!("{label}: {n}"),
        ));
        out.push_str(&text(
            centre,
            plot.y(*n) - 5.0,
            "middle",
            " font-weight=\"600\"",
            &n.to_string(),
        ));
        out.push_str(&text(
            centre,
            plot.bottom() + 18.0,
            "middle",
            &format!(" fill=\"{MUTED}\""),
            label,
        ));
    }
    close_svg(
        out,
        largest == 0,
        (plot.left + plot.width / 2.0, plot.top + plot.height / 2.0),
        "no resolutions in the window",
    )
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use git_desk::report::{week_start, Week, Window};

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("an RFC 3339 time")
    }

    fn ratio(numerator: u64, denominator: u64) -> Metric {
        Metric::Ratio {
            numerator,
            denominator,
        }
    }

    /// A metrics map with every kind, zero denominators included.
    fn metrics(scale: u64) -> Metrics {
        let mut m = Metrics::new();
        m.insert("opened".into(), Metric::Count(12 * scale));
        m.insert("resolved".into(), Metric::Count(8 * scale));
        m.insert("backlog".into(), Metric::Count(5));
        m.insert(
            "time_to_resolution".into(),
            Metric::Durations(vec![7_500, 600, 97_200]),
        );
        m.insert("time_to_first_response".into(), Metric::Durations(vec![]));
        m.insert("first_contact_resolution".into(), ratio(3, 8));
        m.insert("escalation_rate".into(), ratio(0, 0));
        m.insert("csat".into(), Metric::Average { sum: 13, count: 3 });
        m.insert("kb_deflections".into(), Metric::Count(2));
        m
    }

    fn sample() -> Report {
        let monday = week_start(at("2026-11-02T10:00:00Z"));
        let week = |i: i64, opened, resolved, backlog| Week {
            start: monday + chrono::Duration::days(7 * i),
            opened,
            resolved,
            backlog,
        };
        Report {
            window: Window {
                since: monday,
                until: monday + chrono::Duration::days(28),
            },
            time_basis: "working time on each ticket's SLA calendar",
            metrics: metrics(1),
            grouped_by: Some("team".into()),
            groups: BTreeMap::from([
                ("Team, \"Ops\"".to_string(), metrics(2)),
                ("network".to_string(), metrics(1)),
            ]),
            weeks_cut: false,
            weeks: vec![
                week(0, 5, 2, 7),
                week(1, 3, 4, 6),
                week(2, 0, 0, 6),
                week(3, 4, 2, 8),
            ],
            flow: BTreeMap::from([((0, 1), 2), ((1, 2), 3), ((2, 3), 1), ((2, 1), 1)]),
            sla_by_priority: BTreeMap::from([
                ("P1".to_string(), (3, 4)),
                ("P2".to_string(), (5, 5)),
                ("P3".to_string(), (0, 2)),
            ]),
            resolution_buckets: vec![
                ("< 1h".to_string(), 2),
                ("1-4h".to_string(), 3),
                ("4-8h".to_string(), 0),
                ("> 10d".to_string(), 1),
            ],
            top_services: vec![
                Trend {
                    name: "VPN & <remote>".into(),
                    count: 5,
                    previous: 2,
                },
                Trend {
                    name: "Email".into(),
                    count: 1,
                    previous: 4,
                },
            ],
            top_labels: vec![Trend {
                name: "it's".into(),
                count: 2,
                previous: 2,
            }],
        }
    }

    fn empty() -> Report {
        let since = at("2026-11-02T00:00:00Z");
        Report {
            window: Window {
                since,
                until: since + chrono::Duration::days(30),
            },
            time_basis: "wall-clock",
            metrics: Metrics::new(),
            grouped_by: None,
            groups: BTreeMap::new(),
            weeks: vec![],
            weeks_cut: false,
            flow: BTreeMap::new(),
            sla_by_priority: BTreeMap::new(),
            resolution_buckets: vec![],
            top_services: vec![],
            top_labels: vec![],
        }
    }

    #[test]
    fn cells_read_as_counts_percentages_averages_and_durations() {
        assert_eq!(format_metric("opened", &Metric::Count(42)), "42");
        assert_eq!(format_metric("deflection", &ratio(3, 8)), "37.5% (3/8)");
        assert_eq!(format_metric("deflection", &ratio(1, 3)), "33.3% (1/3)");
        assert_eq!(format_metric("reopen_rate", &ratio(0, 0)), "- (0/0)");
        let csat = Metric::Average { sum: 13, count: 3 };
        assert_eq!(format_metric("csat", &csat), "4.33 (3 ratings)");
        let one = Metric::Average { sum: 5, count: 1 };
        assert_eq!(format_metric("csat", &one), "5.00 (1 rating)");
        let none = Metric::Average { sum: 0, count: 0 };
        assert_eq!(format_metric("csat", &none), "- (no ratings)");
        assert_eq!(
            format_metric(
                "time_to_resolution",
                &Metric::Durations(vec![7_500, 600, 97_200])
            ),
            "median 2h 05m · p90 1d 3h · mean 9h 45m (n=3)"
        );
        assert_eq!(
            format_metric("time_to_resolution", &Metric::Durations(vec![])),
            "- (n=0)"
        );
    }

    #[test]
    fn durations_are_compact() {
        assert_eq!(format_duration(45), "45s");
        assert_eq!(format_duration(12 * 60 + 59), "12m");
        assert_eq!(format_duration(2 * 3_600 + 5 * 60), "2h 05m");
        assert_eq!(format_duration(86_400 + 3 * 3_600 + 59), "1d 3h");
        assert_eq!(format_duration(-5), "0s");
        assert_eq!(
            metric_label("escalation_rate_l2"),
            "Escalation rate out of L2"
        );
        assert_eq!(metric_label("something_new"), "something_new");
    }

    #[test]
    fn weekly_chart_scales_bars_to_the_largest_value_within_the_width() {
        let report = sample();
        for (unicode, full) in [(true, '█'), (false, '#')] {
            let chart = weekly_chart(&report, unicode, 80);
            let lines: Vec<&str> = chart.lines().collect();
            assert_eq!(lines.len(), 1 + report.weeks.len(), "{chart}");
            assert!(lines[0].contains("opened") && lines[0].contains("full bar = 8"));
            for (line, week) in lines[1..].iter().zip(&report.weeks) {
                assert!(line.starts_with(&week_label(week.start)), "{line}");
                assert!(line.chars().count() <= 80, "{line}");
                let numbers: Vec<&str> = line
                    .split_whitespace()
                    .filter(|w| w.parse::<u64>().is_ok())
                    .collect();
                let expected = [week.opened, week.resolved, week.backlog].map(|n| n.to_string());
                assert_eq!(numbers, expected, "{line}");
            }
            // Week 4's backlog of 8 is the largest: a full bar; 4 opened is half of it.
            let bar_width = (80 - (WEEK_LABEL_WIDTH + 3 * 4)) / 3;
            let backlog_glyph = if unicode { '░' } else { '.' };
            let last = lines[4];
            assert_eq!(
                last.chars().filter(|c| *c == backlog_glyph).count(),
                bar_width
            );
            assert_eq!(last.chars().filter(|c| *c == full).count(), bar_width / 2);
            assert_eq!(chart.is_ascii(), !unicode);
        }
        // A narrow terminal still gets one-character bars, never a panic.
        assert_eq!(weekly_chart(&report, true, 10).lines().count(), 5);
    }

    #[test]
    fn weekly_chart_of_nothing_says_so() {
        let mut report = empty();
        assert_eq!(weekly_chart(&report, true, 80), "no activity in the window");
        report.weeks = vec![Week {
            start: report.window.since,
            opened: 0,
            resolved: 0,
            backlog: 0,
        }];
        assert_eq!(
            weekly_chart(&report, false, 80),
            "no activity in the window"
        );
    }

    #[test]
    fn csv_has_a_header_a_row_per_metric_and_group_and_quotes_what_needs_it() {
        let report = sample();
        let csv = to_csv(&report);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "group,metric,value,numerator,denominator,mean_seconds,median_seconds,p90_seconds,count"
        );
        let per_group = metrics(1).len();
        assert_eq!(lines.len(), 1 + 3 * per_group);
        assert_eq!(lines[1], "all,opened,12,,,,,,");
        assert!(lines.contains(&"all,first_contact_resolution,0.375,3,8,,,,"));
        assert!(lines.contains(&"all,escalation_rate,,0,0,,,,"));
        assert!(lines.contains(&"all,csat,4.3333,13,3,,,,"));
        assert!(lines.contains(&"all,time_to_resolution,,,,35100,7500,97200,3"));
        assert!(lines.contains(&"all,time_to_first_response,,,,,,,0"));
        assert!(lines.contains(&"\"Team, \"\"Ops\"\"\",opened,24,,,,,,"));
        assert!(lines.contains(&"network,kb_deflections,2,,,,,,"));
        // METRIC_ORDER within a group: opened before time_to_resolution before csat.
        let pos = |l: &str| lines.iter().position(|x| *x == l).unwrap();
        assert!(pos("all,opened,12,,,,,,") < pos("all,time_to_resolution,,,,35100,7500,97200,3"));
        assert!(
            pos("all,time_to_resolution,,,,35100,7500,97200,3") < pos("all,csat,4.3333,13,3,,,,")
        );
        assert_eq!(csv_field("a\nb"), "\"a\nb\"");
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(to_csv(&empty()).lines().count(), 1);
    }

    /// Every `<svg ...>...</svg>` of a page.
    fn svgs(html: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut rest = html;
        while let Some(start) = rest.find("<svg") {
            let end = rest[start..].find("</svg>").expect("a closed svg") + start + "</svg>".len();
            out.push(&rest[start..end]);
            rest = &rest[end..];
        }
        out
    }

    fn parse(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"))
    }

    /// The chart with `id`, parsed.
    fn chart<'a>(html: &'a str, id: &str) -> roxmltree::Document<'a> {
        let svg = svgs(html)
            .into_iter()
            .find(|s| s.contains(&format!("id=\"{id}\"")))
            .unwrap_or_else(|| panic!("no {id}"));
        parse(svg)
    }

    /// The elements that have all of `attrs`.
    fn having<'a, 'i>(
        doc: &'a roxmltree::Document<'i>,
        attrs: &[(&str, &str)],
    ) -> Vec<roxmltree::Node<'a, 'i>> {
        doc.descendants()
            .filter(|n| attrs.iter().all(|(k, v)| n.attribute(*k) == Some(*v)))
            .collect()
    }

    fn number(node: roxmltree::Node<'_, '_>, attr: &str) -> u64 {
        node.attribute(attr)
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{attr} of {node:?}"))
    }

    #[test]
    fn html_charts_are_well_formed_svg_carrying_the_reports_numbers() {
        let report = sample();
        let html = to_html(&report, "Service desk, November");
        assert!(html.starts_with("<!DOCTYPE html>"));
        let all = svgs(&html);
        assert_eq!(all.len(), 4);
        let mut ids = Vec::new();
        for svg in &all {
            let doc = parse(svg);
            let root = doc.root_element();
            assert_eq!(
                root.tag_name().namespace(),
                Some("http://www.w3.org/2000/svg")
            );
            assert!(root.attribute("viewBox").is_some());
            assert!(root.children().any(|n| n.has_tag_name("title")));
            ids.push(root.attribute("id").unwrap().to_string());
        }
        assert_eq!(
            ids,
            ["chart-volume", "chart-flow", "chart-sla", "chart-ttr"]
        );

        let volume = chart(&html, "chart-volume");
        for week in &report.weeks {
            let label = week_label(week.start);
            for (series, value, element) in [
                ("opened", week.opened, "rect"),
                ("resolved", week.resolved, "rect"),
                ("backlog", week.backlog, "circle"),
            ] {
                let found = having(&volume, &[("data-series", series), ("data-week", &label)]);
                assert_eq!(found.len(), 1, "{series} {label}");
                assert!(found[0].has_tag_name(element));
                assert_eq!(number(found[0], "data-value"), value);
            }
        }
        let line = having(&volume, &[("data-series", "backlog")])
            .into_iter()
            .find(|n| n.has_tag_name("polyline"))
            .expect("a backlog line");
        assert_eq!(
            line.attribute("points").unwrap().split(' ').count(),
            report.weeks.len()
        );

        let flow = chart(&html, "chart-flow");
        let arcs: Vec<_> = flow
            .descendants()
            .filter(|n| n.attribute("data-from").is_some())
            .collect();
        assert_eq!(arcs.len(), report.flow.len());
        for arc in arcs {
            let key = (number(arc, "data-from") as u8, number(arc, "data-to") as u8);
            assert_eq!(Some(&number(arc, "data-value")), report.flow.get(&key));
            let label = arc.descendants().find(|n| n.has_tag_name("text")).unwrap();
            assert_eq!(label.text(), Some(report.flow[&key].to_string().as_str()));
        }
        for tier in 0..=3 {
            assert_eq!(having(&flow, &[("data-tier", &tier.to_string())]).len(), 1);
        }

        let sla = chart(&html, "chart-sla");
        for (priority, (met, judged)) in &report.sla_by_priority {
            let found = having(&sla, &[("data-priority", priority)]);
            assert_eq!(found.len(), 1);
            assert_eq!(number(found[0], "data-met"), *met);
            assert_eq!(number(found[0], "data-judged"), *judged);
        }
        assert!(sla.descendants().any(|n| n.text() == Some("75.0% (3/4)")));

        let ttr = chart(&html, "chart-ttr");
        for (bucket, n) in &report.resolution_buckets {
            let found = having(&ttr, &[("data-bucket", bucket)]);
            assert_eq!(found.len(), 1, "{bucket}");
            assert_eq!(number(found[0], "data-value"), *n);
        }

        // The tables: metrics as format_metric shows them, groups, trends.
        assert!(html.contains("<td>37.5% (3/8)</td>"));
        assert!(html.contains("<td>- (0/0)</td>"));
        assert!(html.contains("data-group=\"Team, &quot;Ops&quot;\""));
        assert!(html.contains("<h2>By team</h2>"));
        assert!(html.contains("<td>VPN &amp; &lt;remote&gt;</td>"));
        assert!(html.contains("<td class=\"num up\">+3</td>"));
        assert!(html.contains("<td class=\"num down\">-3</td>"));
        assert!(html.contains("<td>it&apos;s</td>"));
        assert!(html.contains("working time on each ticket&apos;s SLA calendar"));
        assert!(html.contains(
            ">2026-11-02</time> to <time datetime=\"2026-11-30T00:00:00Z\">2026-11-30</time>"
        ));
        // Self-contained: no scripts, no external stylesheets, images or fonts.
        for outside in ["<script", "<link", "src=", "href=", "@import", "url(http"] {
            assert!(!html.contains(outside), "{outside}");
        }
    }

    #[test]
    fn html_escapes_the_title_and_names() {
        let mut report = sample();
        report.sla_by_priority.insert("P<4>\u{7}".into(), (1, 1));
        let html = to_html(&report, "<script>alert('x')</script> & co");
        assert!(!html.contains("<script"));
        assert!(
            html.contains("<h1>&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; co</h1>")
        );
        // A control character in a name would break XML: replaced.
        let sla = chart(&html, "chart-sla");
        assert_eq!(having(&sla, &[("data-priority", "P<4>\u{FFFD}")]).len(), 1);
    }

    #[test]
    fn an_empty_report_renders_everywhere() {
        let report = empty();
        assert_eq!(format_metric("opened", &Metric::Count(0)), "0");
        assert_eq!(weekly_chart(&report, true, 0), "no activity in the window");
        let html = to_html(&report, "");
        let all = svgs(&html);
        assert_eq!(all.len(), 4);
        for svg in all {
            parse(svg);
        }
        assert!(html.contains("no activity in the window"));
        assert!(html.contains("no escalations in the window"));
        assert!(html.contains("no SLA clocks judged in the window"));
        assert!(html.contains("no resolutions in the window"));
        assert!(!html.contains("By "));
        // Grouped with no group active, and weeks of nothing.
        let mut quiet = empty();
        quiet.grouped_by = Some("tier".into());
        quiet.weeks = vec![Week {
            start: quiet.window.since,
            opened: 0,
            resolved: 0,
            backlog: 0,
        }];
        quiet.resolution_buckets = vec![("< 1h".into(), 0)];
        let html = to_html(&quiet, "quiet");
        assert!(html.contains("No group has activity in the window."));
        for svg in svgs(&html) {
            parse(svg);
        }
    }
}
