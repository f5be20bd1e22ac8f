//! The HTML page's charts as SVG. Every figure is also in a `data-` attribute
//! (`data-value`, `data-week`, ...), so what a person sees can be checked against
//! `report --json`.

use git_desk::report::{week_label, Metric, Report};

use super::cells::format_metric;
use super::chart::{largest_weekly, NO_ACTIVITY};
use super::html::escape;

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
pub(super) fn chart_volume(report: &Report) -> String {
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
pub(super) fn chart_flow(report: &Report) -> String {
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
pub(super) fn chart_sla(report: &Report) -> String {
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
pub(super) fn chart_ttr(report: &Report) -> String {
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
