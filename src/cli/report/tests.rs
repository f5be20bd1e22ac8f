//! The renderings of a report, checked on a sample and on an empty report.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use git_desk::report::{week_label, week_start, Metric, Metrics, Report, Trend, Week, Window};

use super::cells::{format_duration, format_metric, metric_label};
use super::chart::{weekly_chart, WEEK_LABEL_WIDTH};
use super::csv::{csv_field, to_csv};
use super::html::to_html;

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
    assert!(pos("all,time_to_resolution,,,,35100,7500,97200,3") < pos("all,csat,4.3333,13,3,,,,"));
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
    assert!(html.contains("<h1>&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt; &amp; co</h1>"));
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
