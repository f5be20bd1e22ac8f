//! Queries and reports held to their definitions: ids given to query commands, whole-day
//! dates, report groups as of `until`, resolutions that count once and the same way in
//! every metric, and a weekly series that stays small for any window.

use serde_json::Value;

use crate::common::{ratio, report_at, run_at, ticket_path, TestDesk};

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn ids_of(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("an array: {list}"))
        .iter()
        .map(|t| t["id"].as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------
// Ids given to query commands

#[test]
fn sla_and_ls_take_an_id_or_a_unique_prefix() {
    let desk = TestDesk::new();
    let printer = desk.new_ticket("Printer jams", &["--no-kb"]);
    let vpn = desk.new_ticket("VPN drops", &["--no-kb"]);

    // The full id, as `new` printed it.
    let list = json(&desk.run_ok(&["sla", &printer, "--json"]));
    assert_eq!(ids_of(&list), vec![printer.clone()]);
    assert_eq!(list[0]["resolution"]["state"], "ok");

    // A prefix: the short id `ls` shows, and seven characters typed by hand; shorter
    // prefixes need `id:` (a short word is more likely a word searched for).
    for len in [6, 7] {
        let prefix = &vpn[..len];
        let list = json(&desk.run_ok(&["sla", prefix, "--json"]));
        assert_eq!(ids_of(&list), vec![vpn.clone()], "sla {prefix}");
        let list = json(&desk.run_ok(&["ls", prefix, "--json"]));
        assert_eq!(ids_of(&list), vec![vpn.clone()], "ls {prefix}");
        let ids = desk.run_ok(&["ls", prefix, "--ids"]);
        assert_eq!(ids.trim(), vpn, "ls {prefix} --ids");
    }
    let list = json(&desk.run_ok(&["ls", &vpn[..4], "--json"]));
    assert_eq!(
        ids_of(&list),
        Vec::<String>::new(),
        "four characters are a word"
    );
    // `id:PREFIX` too, and an id still combines with other terms.
    let list = json(&desk.run_ok(&["ls", &format!("id:{}", &printer[..5]), "--json"]));
    assert_eq!(ids_of(&list), vec![printer.clone()]);
    let list = json(&desk.run_ok(&["ls", &printer, "tier:2", "--json"]));
    assert_eq!(ids_of(&list), Vec::<String>::new());

    // A ticket named by its id is shown even when it is done: the user asked for it.
    desk.run_ok(&["resolve", &printer, "--resolution", "cleared the tray"]);
    let list = json(&desk.run_ok(&["sla", &printer[..6], "--json"]));
    assert_eq!(ids_of(&list), vec![printer.clone()]);
    assert_eq!(list[0]["resolution"]["state"], "met");
    let table = desk.run_ok(&["ls", &printer]);
    assert!(table.contains("Printer jams"), "{table}");
    // Without an id, done tickets stay hidden as before.
    let list = json(&desk.run_ok(&["ls", "--json"]));
    assert_eq!(ids_of(&list), vec![vpn.clone()]);

    // A bare word that names no ticket is still a full-text word.
    let list = json(&desk.run_ok(&["ls", "drops", "--json"]));
    assert_eq!(ids_of(&list), vec![vpn.clone()]);
    let list = json(&desk.run_ok(&["ls", "printer", "--all", "--json"]));
    assert_eq!(ids_of(&list), vec![printer.clone()]);
}

#[test]
fn an_ambiguous_id_prefix_is_refused_as_show_refuses_it() {
    let desk = TestDesk::new();
    let first = desk.new_ticket("Printer jams", &["--no-kb"]);
    // A second ticket whose id shares the first six characters, written by hand.
    let twin = format!(
        "{}{}",
        &first[..6],
        if &first[6..] == "0000000000" {
            "1111111111"
        } else {
            "0000000000"
        }
    );
    let file = desk.ticket_file(&first).replace(&first, &twin);
    desk.commit_on_desk(&ticket_path(&twin), &file);

    let show = desk.refused(&mut desk.cmd(&["show", &first[..6]]), &["ambiguous"]);
    for command in ["sla", "ls"] {
        let err = desk.refused(
            &mut desk.cmd(&[command, &first[..6], "--json"]),
            &["ambiguous", &first[..7], &twin[..7]],
        );
        assert!(
            err.contains("id:"),
            "{command}: names the way to list all: {err}"
        );
    }
    assert!(show.contains(&first[..7]), "{show}");
    // `id:PREFIX` lists both, and a longer prefix picks one.
    let list = json(&desk.run_ok(&["ls", &format!("id:{}", &first[..6]), "--json"]));
    assert_eq!(ids_of(&list).len(), 2);
    let list = json(&desk.run_ok(&["sla", &first[..7], "--json"]));
    assert_eq!(ids_of(&list), vec![first.clone()]);
}

// ---------------------------------------------------------------------------------------
// Dates in queries

#[test]
fn a_date_in_a_query_means_the_whole_day() {
    let desk = TestDesk::new();
    // Filed at 09:00 on 22 November (the test clock) and on the 21st at 23:30.
    let today = desk.new_ticket("Filed today", &["--no-kb"]);
    let yesterday = run_at(
        &desk,
        "2026-11-21T23:30:00Z",
        false,
        &["new", "Filed yesterday", "--no-kb"],
    );
    let ls = |term: &str| -> Vec<String> {
        let mut ids = ids_of(&json(
            &desk.run_ok(&["ls", term, "--json", "--sort", "created"]),
        ));
        ids.sort();
        ids
    };
    let both = {
        let mut v = vec![today.clone(), yesterday.clone()];
        v.sort();
        v
    };
    let none: Vec<String> = Vec::new();
    assert_eq!(ls("created:2026-11-22"), vec![today.clone()]);
    assert_eq!(ls("created:2026-11-21"), vec![yesterday.clone()]);
    assert_eq!(ls("created:2026-11-20"), none);
    assert_eq!(ls("created:>2026-11-21"), vec![today.clone()]);
    assert_eq!(ls("created:>2026-11-22"), none);
    assert_eq!(ls("created:>=2026-11-21"), both);
    assert_eq!(ls("created:<2026-11-22"), vec![yesterday.clone()]);
    assert_eq!(ls("created:<=2026-11-21"), vec![yesterday.clone()]);
    assert_eq!(ls("created:<=2026-11-22"), both);
    assert_eq!(ls("-created:2026-11-22"), vec![yesterday.clone()]);
    // An instant is still an instant.
    assert_eq!(ls("created:>=2026-11-21T23:30:00Z"), both);
    assert_eq!(ls("created:>2026-11-21T23:30:00Z"), vec![today.clone()]);
    // `updated` takes dates as well as durations.
    run_at(
        &desk,
        "2026-11-22T10:00:00Z",
        false,
        &["comment", &yesterday, "-m", "looking"],
    );
    assert_eq!(ls("updated:2026-11-21"), none);
    assert_eq!(ls("updated:2026-11-22"), both);
    assert_eq!(ls("updated:<2026-11-22"), none);
}

// ---------------------------------------------------------------------------------------
// Reports

/// Runs `git-desk ARGS` at the default moment, asserts success, returns its output whole.
fn output_ok(desk: &TestDesk, args: &[&str]) -> std::process::Output {
    let out = desk.cmd(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn report(desk: &TestDesk, now: &str, args: &[&str]) -> Value {
    let mut all = vec!["report", "--json"];
    all.extend(args);
    json(&run_at(desk, now, false, &all))
}

#[test]
fn groups_are_where_the_ticket_stood_at_until() {
    let desk = TestDesk::new();
    // Filed at Level 1 in October, escalated to Level 2 in November.
    let escalated = run_at(
        &desk,
        "2026-10-05T10:00:00Z",
        true,
        &["new", "Laptop will not boot", "--no-kb"],
    );
    // Filed as P3 in October, raised to P1 in November.
    let raised = run_at(
        &desk,
        "2026-10-06T10:00:00Z",
        true,
        &[
            "new",
            "Share is slow",
            "--impact",
            "medium",
            "--urgency",
            "medium",
            "--no-kb",
        ],
    );
    assert_eq!(desk.show_json(&raised)["priority"], "P3");
    run_at(
        &desk,
        "2026-11-03T10:00:00Z",
        false,
        &["escalate", &escalated, "--reason", "hardware"],
    );
    run_at(
        &desk,
        "2026-11-04T10:00:00Z",
        false,
        &["set", &raised, "priority=P1", "--reason", "whole floor"],
    );
    assert_eq!(desk.show_json(&escalated)["tier"], 2);
    assert_eq!(desk.show_json(&raised)["priority"], "P1");

    let october = ["--since", "2026-10-01", "--until", "2026-11-01"];
    let mut args = october.to_vec();
    args.extend(["--by", "tier"]);
    let r = report(&desk, "2026-11-22T09:00:00Z", &args);
    let groups = r["groups"].as_object().unwrap();
    assert_eq!(
        groups.keys().collect::<Vec<_>>(),
        vec!["L1"],
        "both were at Level 1 in October: {}",
        r["groups"]
    );
    assert_eq!(r["groups"]["L1"]["metrics"]["opened"]["value"], 2);

    let mut args = october.to_vec();
    args.extend(["--by", "priority"]);
    let r = report(&desk, "2026-11-22T09:00:00Z", &args);
    assert_eq!(
        r["groups"]["P3"]["metrics"]["opened"]["value"], 2,
        "{}",
        r["groups"]
    );
    assert!(r["groups"].get("P1").is_none(), "{}", r["groups"]);

    // In November's report they stand where they were moved.
    let r = report(
        &desk,
        "2026-11-22T09:00:00Z",
        &[
            "--since",
            "2026-11-01",
            "--until",
            "2026-11-22",
            "--by",
            "tier",
        ],
    );
    assert_eq!(
        r["groups"]["L2"]["metrics"]["backlog"]["value"], 1,
        "{}",
        r["groups"]
    );
    assert_eq!(
        r["groups"]["L1"]["metrics"]["backlog"]["value"], 1,
        "{}",
        r["groups"]
    );
}

/// Six P1 tickets (24x7 calendar: working time is wall-clock), filed by carol on
/// 2 November an hour apart (A at +0h ... F at +5h); the window is 1-22 November.
/// - A: answered at +5m, resolved at +60m at Level 1, rated 5 at +70m; a KB article
///   linked at +90m, after the resolution.
/// - B: answered at +5m, resolved at +30m with the KB article.
/// - C: answered at +5m, resolved at +60m, reopened at +120m, escalated at +130m, still
///   open at `until`.
/// - D: answered at +5m, resolved at +60m, reopened at +120m, escalated at +130m,
///   resolved again at +180m (at Level 2).
/// - E: answered at +5m, resolved at +60m; reopened on 25 November (after `until`) and
///   resolved again on 26 November.
/// - F: escalated at +10m (its first response), resolved at +40m at Level 2.
/// - G: answered at +5m, resolved at +60m, reopened at +120m, still open at `until`.
fn resolutions_history() -> TestDesk {
    let desk = TestDesk::new();
    run_at(
        &desk,
        &report_at(-1, 0),
        false,
        &["kb", "new", "Mail quota", "-m", "Archive old mail."],
    );
    for (i, name) in ["A", "B", "C", "D", "E", "F", "G"].iter().enumerate() {
        let h = i as i64;
        let id = run_at(
            &desk,
            &report_at(h, 0),
            true,
            &[
                "new",
                &format!("{name}: mail down"),
                "--impact",
                "high",
                "--urgency",
                "high",
                "--no-kb",
            ],
        );
        let go = |m: i64, carol: bool, args: &[&str]| run_at(&desk, &report_at(h, m), carol, args);
        let resolve = |m: i64, extra: &[&str]| {
            let mut args = vec!["resolve", id.as_str(), "--resolution", "fixed"];
            args.extend(extra);
            go(m, false, &args)
        };
        if *name != "F" {
            go(5, false, &["comment", &id, "-m", "on it"]);
        }
        match *name {
            "A" => {
                resolve(60, &[]);
                go(70, true, &["rate", &id, "5"]);
                go(90, false, &["link", &id, "--kb", "mail-quota"]);
            }
            "B" => {
                resolve(30, &["--kb", "mail-quota"]);
            }
            "G" => {
                resolve(60, &[]);
                go(120, true, &["reopen", &id, "--reason", "still slow"]);
            }
            "C" | "D" => {
                resolve(60, &[]);
                go(120, true, &["reopen", &id, "--reason", "back again"]);
                go(130, false, &["escalate", &id, "--reason", "needs L2"]);
                if *name == "D" {
                    resolve(180, &[]);
                }
            }
            "E" => {
                resolve(60, &[]);
                run_at(
                    &desk,
                    "2026-11-25T10:00:00Z",
                    true,
                    &["reopen", &id, "--reason", "again"],
                );
                run_at(
                    &desk,
                    "2026-11-26T10:00:00Z",
                    false,
                    &["resolve", &id, "--resolution", "fixed for good"],
                );
            }
            _ => {
                go(10, false, &["escalate", &id, "--reason", "needs L2"]);
                resolve(40, &[]);
            }
        }
    }
    desk
}

#[test]
fn resolutions_count_once_and_the_same_way_in_every_metric() {
    let desk = resolutions_history();
    // Run after everything happened, on 27 November: nothing after `until` counts.
    let r = report(
        &desk,
        "2026-11-27T09:00:00Z",
        &["--since", "2026-11-01", "--until", "2026-11-22"],
    );
    let m = &r["metrics"];
    assert_eq!(m["opened"]["value"], 7);
    // Resolved in the window and still resolved at `until`: A, B, D, E, F. C and G were
    // reopened before `until`; E's reopen comes after it.
    assert_eq!(m["resolved"]["value"], 5, "A, B, D, E, F: {m}");
    // The same five, their resolution clocks (wall-clock for P1):
    // A 60m, B 30m, D 60m + 60m after its reopen, E 60m, F 40m
    // = 1800, 2400, 3600, 3600, 7200: mean 18600 / 5 = 3720, median (3rd) 3600, p90 (5th).
    let ttr = &m["time_to_resolution"];
    assert_eq!(ttr["count"], 5, "{ttr}");
    assert_eq!(ttr["mean_seconds"], 3720);
    assert_eq!(ttr["median_seconds"], 3600);
    assert_eq!(ttr["p90_seconds"], 7200);
    // First contact: resolved at Level 1 with no escalation before the resolution: A, B,
    // E (D and F were escalated first; C does not count, it is not resolved).
    assert_eq!(ratio(m, "first_contact_resolution"), (3, 5));
    // Deflection: a KB article linked when resolved at Level 0-1: B only (A's link came
    // after its resolution).
    assert_eq!(ratio(m, "deflection"), (1, 5));
    // Reopened before `until` after a resolution in the window: C, D and G, of the seven
    // tickets resolved at least once in the window.
    assert_eq!(ratio(m, "reopen_rate"), (3, 7));
    // Rated after its resolution: A.
    assert_eq!(ratio(m, "csat_response_rate"), (1, 5));
    assert_eq!(ratio(m, "csat"), (5, 1));
    // Escalated in the window: C, D, F, of seven handled.
    assert_eq!(ratio(m, "escalation_rate"), (3, 7));
    // Backlog at `until`: C and G, filed 19.5 days before.
    assert_eq!(m["backlog"]["value"], 2);
    assert_eq!(m["backlog_5_30d"]["value"], 2);
    // Resolution clocks: five met within 4h; C's and G's running since their reopens,
    // past 4h: breached.
    assert_eq!(ratio(m, "sla_compliance_resolution"), (5, 7));
    // Responses: six comments at +5m, F's escalation at +10m, all within 15m:
    // mean (6 x 300 + 600) / 7 = 342.9.
    assert_eq!(ratio(m, "sla_compliance_response"), (7, 7));
    let ttfr = &m["time_to_first_response"];
    assert_eq!(
        (
            ttfr["count"].as_u64(),
            ttfr["median_seconds"].as_u64(),
            ttfr["mean_seconds"].as_u64()
        ),
        (Some(7), Some(300), Some(343))
    );
    // The weekly series agrees: five resolved in the week of 2 November.
    let week = r["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["start"] == "2026-11-02T00:00:00Z")
        .cloned()
        .unwrap();
    assert_eq!(
        (week["opened"].as_u64(), week["resolved"].as_u64()),
        (Some(7), Some(5))
    );

    // A window ending before C's reopen (2 November 14:00) counts C as resolved then.
    let early = report(
        &desk,
        "2026-11-27T09:00:00Z",
        &["--since", "2026-11-01", "--until", "2026-11-02T13:30:00Z"],
    );
    let m = &early["metrics"];
    // A (11:00), B (11:30), C (13:00); D not yet.
    assert_eq!(m["resolved"]["value"], 3, "{m}");
    assert_eq!(m["time_to_resolution"]["count"], 3);
    assert_eq!(ratio(m, "first_contact_resolution"), (3, 3));
    // B's article; A's link (11:30) came after its resolution.
    assert_eq!(ratio(m, "deflection"), (1, 3));
}

#[test]
fn an_all_time_window_keeps_the_weekly_series_small() {
    let desk = TestDesk::new();
    run_at(
        &desk,
        "2026-10-05T10:00:00Z",
        false,
        &["new", "Old ticket", "--no-kb"],
    );
    let id = desk.new_ticket("New ticket", &["--no-kb"]);
    run_at(
        &desk,
        "2026-11-22T10:00:00Z",
        false,
        &["resolve", &id, "--resolution", "done"],
    );
    let window = ["--since", "0001-01-01", "--until", "9999-12-31"];

    let mut args = vec!["report", "--json"];
    args.extend(window);
    let out = output_ok(&desk, &args);
    assert!(
        out.stdout.len() < 20_000,
        "{} bytes of JSON",
        out.stdout.len()
    );
    let r = json(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(r["metrics"]["opened"]["value"], 2);
    assert_eq!(r["metrics"]["resolved"]["value"], 1);
    // The weeks in which the desk has something to show: 5 October to 22 November.
    let weeks = r["weeks"].as_array().unwrap();
    assert_eq!(weeks.first().unwrap()["start"], "2026-10-05T00:00:00Z");
    assert_eq!(weeks.last().unwrap()["start"], "2026-11-16T00:00:00Z");
    assert_eq!(weeks.len(), 7);
    assert_eq!(weeks.last().unwrap()["backlog"], 1);

    // The table says which weeks it shows and why.
    let mut args = vec!["report"];
    args.extend(window);
    let out = output_ok(&desk, &args);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.len() < 20_000, "{} bytes of text", text.len());
    assert!(
        text.contains("2026-W41") && text.contains("2026-W47") && !text.contains("0001-W"),
        "{text}"
    );
    assert!(text.contains("weeks with activity"), "{text}");

    // CSV and HTML too.
    let page = desk.scratch().join("all.html");
    let mut args = vec!["report", "--csv", "--html", page.to_str().unwrap()];
    args.extend(window);
    let out = output_ok(&desk, &args);
    assert!(out.stdout.len() < 20_000);
    assert!(std::fs::metadata(&page).unwrap().len() < 200_000);
}
