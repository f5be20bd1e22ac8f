//! `git desk report` on a crafted history whose every figure is worked out by hand.

use serde_json::Value;

use crate::common::{ratio, report_at, run_at, TestDesk};

const WINDOW: [&str; 4] = ["--since", "2026-11-01", "--until", "2026-11-22"];

/// Ten P1 tickets (24x7) filed by carol on 2 November, an hour apart:
/// - T0-T5 answered by alice after 5 minutes and resolved at Level 1 after an hour;
///   T0 with a KB article; T0-T2 rated 5, 4, 3; T5 reopened at +2h and resolved at +3h.
/// - T6, T7 answered after 5 minutes and escalated to L2 at +10m; still open.
/// - T8, T9 first touched by escalations at +20m (response missed); still open.
fn crafted() -> TestDesk {
    let desk = TestDesk::new();
    run_at(
        &desk,
        &report_at(-1, 0),
        false,
        &["kb", "new", "Printer paper jam", "-m", "Open tray 2."],
    );
    for i in 0..10i64 {
        let h = i;
        let id = run_at(
            &desk,
            &report_at(h, 0),
            true,
            &[
                "new",
                &format!("T{i} email down"),
                "--impact",
                "high",
                "--urgency",
                "high",
                "--service",
                "email",
                "-l",
                "outlook",
                "--no-kb",
            ],
        );
        match i {
            0..=5 => {
                run_at(
                    &desk,
                    &report_at(h, 5),
                    false,
                    &["comment", &id, "-m", "on it"],
                );
                let mut resolve = vec![
                    "resolve",
                    id.as_str(),
                    "--resolution",
                    "restarted the service",
                ];
                if i == 0 {
                    resolve.extend(["--kb", "printer-paper-jam"]);
                }
                run_at(&desk, &report_at(h, 60), false, &resolve);
                if i <= 2 {
                    let score = (5 - i).to_string();
                    run_at(&desk, &report_at(h, 70), true, &["rate", &id, &score]);
                }
                if i == 5 {
                    run_at(
                        &desk,
                        &report_at(h, 120),
                        true,
                        &["reopen", &id, "--reason", "back again"],
                    );
                    run_at(
                        &desk,
                        &report_at(h, 180),
                        false,
                        &["resolve", &id, "--resolution", "replaced the disk"],
                    );
                }
            }
            6 | 7 => {
                run_at(
                    &desk,
                    &report_at(h, 5),
                    false,
                    &["comment", &id, "-m", "looking"],
                );
                run_at(
                    &desk,
                    &report_at(h, 10),
                    false,
                    &["escalate", &id, "--reason", "needs L2"],
                );
            }
            _ => {
                run_at(
                    &desk,
                    &report_at(h, 20),
                    false,
                    &["escalate", &id, "--reason", "needs L2"],
                );
            }
        }
    }
    desk
}

fn report(desk: &TestDesk, extra: &[&str]) -> Value {
    let mut args = vec!["report", "--json"];
    args.extend(WINDOW);
    args.extend(extra);
    let out = desk
        .cmd(&args)
        .env("DESK_NOW", "2026-11-22T09:00:00Z")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn every_metric_of_a_crafted_history() {
    let desk = crafted();
    let r = report(&desk, &[]);
    assert_eq!(r["window"]["since"], "2026-11-01T00:00:00Z");
    assert_eq!(r["window"]["until"], "2026-11-22T00:00:00Z");
    let m = &r["metrics"];
    assert_eq!(m["opened"]["value"], 10);
    assert_eq!(m["resolved"]["value"], 6);
    assert_eq!(m["backlog"]["value"], 4);
    assert_eq!(m["backlog_5_30d"]["value"], 4);
    assert_eq!(m["backlog_0_1d"]["value"], 0);

    // Responses: eight after 5 minutes, two (the escalations) after 20.
    let ttfr = &m["time_to_first_response"];
    assert_eq!(ttfr["count"], 10);
    assert_eq!(ttfr["median_seconds"], 300);
    assert_eq!(ttfr["p90_seconds"], 1200);
    assert_eq!(ttfr["mean_seconds"], 480);
    // Resolutions: five after an hour, T5 after 1h + 1h after its reopen.
    let ttr = &m["time_to_resolution"];
    assert_eq!(ttr["count"], 6);
    assert_eq!(ttr["median_seconds"], 3600);
    assert_eq!(ttr["p90_seconds"], 7200);
    assert_eq!(ttr["mean_seconds"], 4200);

    assert_eq!(ratio(m, "first_contact_resolution"), (6, 6));
    assert_eq!(ratio(m, "escalation_rate"), (4, 10));
    assert_eq!(m["escalation_rate"]["value"], 0.4);
    assert_eq!(ratio(m, "escalation_rate_l1"), (4, 10));
    assert_eq!(ratio(m, "escalation_rate_l2"), (0, 4));
    assert_eq!(ratio(m, "escalation_rate_l0"), (0, 0));
    assert_eq!(m["escalation_rate_l0"]["value"], Value::Null);
    // Two responses missed; the four open tickets are past their 4h resolution.
    assert_eq!(ratio(m, "sla_compliance_response"), (8, 10));
    assert_eq!(ratio(m, "sla_compliance_resolution"), (6, 10));
    assert_eq!(ratio(m, "sla_compliance"), (14, 20));
    assert_eq!(ratio(m, "reopen_rate"), (1, 6));
    assert_eq!(ratio(m, "csat"), (12, 3));
    assert_eq!(m["csat"]["value"], 4.0);
    assert_eq!(ratio(m, "csat_response_rate"), (3, 6));
    assert_eq!(ratio(m, "deflection"), (1, 6));
    assert_eq!(m["kb_deflections"]["value"], 0);

    assert_eq!(
        r["escalation_flow"],
        serde_json::json!([{"from": 1, "to": 2, "count": 4}])
    );
    assert_eq!(
        r["sla_by_priority"]["P1"],
        serde_json::json!({"met": 14, "judged": 20})
    );
    assert_eq!(
        r["top_services"][0],
        serde_json::json!({"name": "email", "count": 10, "previous": 0})
    );
    let weeks = r["weeks"].as_array().unwrap();
    let week = weeks
        .iter()
        .find(|w| w["start"] == "2026-11-02T00:00:00Z")
        .unwrap();
    assert_eq!(
        (
            week["opened"].as_u64(),
            week["resolved"].as_u64(),
            week["backlog"].as_u64()
        ),
        (Some(10), Some(6), Some(4))
    );
}

#[test]
fn grouped_by_tier_and_priority() {
    let desk = crafted();
    let r = report(&desk, &["--by", "tier"]);
    assert_eq!(r["by"], "tier");
    let l1 = &r["groups"]["L1"]["metrics"];
    let l2 = &r["groups"]["L2"]["metrics"];
    assert_eq!(l1["opened"]["value"], 6);
    assert_eq!(l1["resolved"]["value"], 6);
    assert_eq!(l2["opened"]["value"], 4);
    assert_eq!(l2["backlog"]["value"], 4);
    let r = report(&desk, &["--by", "priority"]);
    assert_eq!(r["groups"]["P1"]["metrics"]["opened"]["value"], 10);
}

#[test]
fn empty_windows_and_empty_desks_give_zeros_and_nulls() {
    let desk = crafted();
    let out = desk
        .cmd(&[
            "report",
            "--json",
            "--since",
            "2020-01-01",
            "--until",
            "2020-02-01",
        ])
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["metrics"]["opened"]["value"], 0);
    assert_eq!(r["metrics"]["escalation_rate"]["value"], Value::Null);
    assert_eq!(
        r["metrics"]["time_to_resolution"]["median_seconds"],
        Value::Null
    );
    assert_eq!(r["metrics"]["csat"]["value"], Value::Null);

    let empty = TestDesk::new();
    for args in [
        vec!["report"],
        vec!["report", "--json"],
        vec!["report", "--csv"],
        vec!["report", "--by", "week"],
    ] {
        let out = empty.cmd(&args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn csv_and_table_carry_the_same_figures() {
    let desk = crafted();
    let mut args = vec!["report", "--csv"];
    args.extend(WINDOW);
    let csv = desk.run_ok(&args);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "group,metric,value,numerator,denominator,mean_seconds,median_seconds,p90_seconds,count"
    );
    assert!(lines.contains(&"all,escalation_rate,0.4,4,10,,,,"), "{csv}");
    assert!(lines.contains(&"all,opened,10,,,,,,"), "{csv}");
    let mut args = vec!["report"];
    args.extend(WINDOW);
    let table = desk.run_ok(&args);
    assert!(
        table.contains("escalation_rate") && table.contains("40.0% (4/10)"),
        "{table}"
    );
}

#[test]
fn the_html_page_is_self_contained_and_shows_the_json_numbers() {
    let desk = crafted();
    let page = desk.scratch().join("report.html");
    let mut args = vec!["report", "--html", page.to_str().unwrap()];
    args.extend(WINDOW);
    desk.run_ok(&args);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(!html.contains("<script"), "no JavaScript needed");
    assert!(
        !html.contains("src=") && !html.contains("<link") && !html.contains("@import"),
        "no external assets"
    );
    let r = report(&desk, &[]);
    let mut found = 0;
    for chunk in html.split("<svg").skip(1) {
        let svg = format!("<svg{}", &chunk[..chunk.find("</svg>").unwrap() + 6]);
        let doc = roxmltree::Document::parse(&svg)
            .unwrap_or_else(|e| panic!("SVG is not XML: {e}\n{svg}"));
        found += 1;
        for node in doc.descendants() {
            if let (Some(from), Some(to), Some(v)) = (
                node.attribute("data-from"),
                node.attribute("data-to"),
                node.attribute("data-value"),
            ) {
                assert_eq!((from, to, v), ("1", "2", "4"));
            }
            if let (Some(p), Some(met), Some(judged)) = (
                node.attribute("data-priority"),
                node.attribute("data-met"),
                node.attribute("data-judged"),
            ) {
                assert_eq!(p, "P1");
                assert_eq!(met, r["sla_by_priority"]["P1"]["met"].to_string());
                assert_eq!(judged, r["sla_by_priority"]["P1"]["judged"].to_string());
            }
        }
    }
    assert!(found >= 4, "four charts, found {found}");
}

#[test]
fn bad_report_input_is_refused() {
    let desk = TestDesk::new();
    desk.refused(
        &mut desk.cmd(&["report", "--by", "colour"]),
        &["colour", "tier"],
    );
    desk.refused(
        &mut desk.cmd(&["report", "--since", "last week"]),
        &["last week"],
    );
    desk.refused(
        &mut desk.cmd(&["report", "--since", "2026-11-10", "--until", "2026-11-01"]),
        &["--since", "before"],
    );
}
