//! Levels 3 and 4 through the binary: problem records, root-cause analysis, the
//! knowledge base they feed, vendor hand-offs, customer satisfaction.

use crate::common::{TestDesk, NOW};

fn at(hours: i64) -> String {
    let t = chrono::DateTime::parse_from_rfc3339(NOW).unwrap() + chrono::Duration::hours(hours);
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[test]
fn the_level_3_flow_from_incidents_to_a_published_article() {
    let desk = TestDesk::new();
    let a = desk.new_ticket("Outlook crashes on start", &["-l", "outlook"]);
    let b = desk.new_ticket("Outlook crashes opening the calendar", &["-l", "outlook"]);

    let commits = desk.commits();
    let pid = desk.run_ok(&[
        "problem",
        "new",
        "Outlook add-in crashes after the update",
        "--from",
        &a[..6],
        &b[..6],
    ]);
    let pid = pid.trim().to_string();
    assert_eq!(desk.commits(), commits + 1, "one commit");
    let p = desk.show_json(&pid);
    assert_eq!(p["type"], "problem");
    assert_eq!(p["tier"], 3);
    assert_eq!(p["team"], "engineering");
    let mut incidents: Vec<&str> = p["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    incidents.sort();
    let mut expected = vec![a.as_str(), b.as_str()];
    expected.sort();
    assert_eq!(incidents, expected);
    assert_eq!(desk.show_json(&a)["problem"], pid.as_str());

    desk.run_ok(&[
        "rca",
        &pid,
        "--symptoms",
        "Outlook closes right after start",
        "--root-cause",
        "The Contoso add-in 2.1 calls a removed API",
        "--workaround",
        "Disable the Contoso add-in",
        "--method",
        "log analysis",
        "--reproduced",
        "yes",
        "--known-error",
        "yes",
    ]);
    let p = desk.show_json(&pid);
    assert_eq!(p["known_error"], true);
    assert_eq!(
        p["rca"]["root_cause"],
        "The Contoso add-in 2.1 calls a removed API"
    );
    assert_eq!(p["rca"]["reproduced"], true);
    let known = desk.run_ok(&["ls", "--ids", "type:problem", "known_error:true"]);
    assert_eq!(known.trim(), pid);

    let commits = desk.commits();
    desk.run_ok(&[
        "problem",
        "resolve",
        &pid,
        "--fix",
        "Contoso add-in 2.2 deployed",
        "--resolve-incidents",
    ]);
    assert_eq!(
        desk.commits(),
        commits + 1,
        "the problem and its incidents in one commit"
    );
    let message = desk.last_message();
    for id in [&pid, &a, &b] {
        assert!(message.contains(&format!("Desk-Ticket: {id}")), "{message}");
        let t = desk.show_json(id);
        assert_eq!(t["status"], "resolved", "{id}");
    }
    assert_eq!(
        desk.show_json(&pid)["rca"]["fix"],
        "Contoso add-in 2.2 deployed"
    );
    assert!(desk.show_json(&a)["resolution"]
        .as_str()
        .unwrap()
        .contains("Contoso add-in 2.2 deployed"));

    // Level 3 writes it up for Levels 1 and 2.
    desk.run_ok(&[
        "kb",
        "new",
        "Printer drivers for macOS",
        "-m",
        "Install the PPD from the portal.",
    ]);
    desk.run_ok(&[
        "kb",
        "new",
        "Outlook signature missing",
        "-m",
        "Roaming signatures sync overnight.",
    ]);
    let commits = desk.commits();
    let slug = desk.run_ok(&["kb", "publish", &pid]);
    let slug = slug.trim().to_string();
    assert_eq!(slug, "outlook-add-in-crashes-after-the-update");
    assert_eq!(
        desk.commits(),
        commits + 1,
        "article and links in one commit"
    );
    let article: serde_json::Value =
        serde_json::from_str(&desk.run_ok(&["kb", "show", &slug, "--json"])).unwrap();
    assert_eq!(article["tier"], 1);
    let body = article["body"].as_str().unwrap();
    assert!(
        body.contains("## Cause") && body.contains("removed API") && body.contains("## Workaround"),
        "{body}"
    );
    let linked: Vec<&str> = article["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for id in [&pid, &a, &b] {
        assert!(linked.contains(&id.as_str()), "{linked:?}");
        assert_eq!(desk.show_json(id)["kb"][0], slug.as_str(), "linked back");
    }
    let hits: serde_json::Value =
        serde_json::from_str(&desk.run_ok(&["kb", "search", "outlook", "crash", "--json"]))
            .unwrap();
    assert_eq!(hits[0]["slug"], slug.as_str(), "{hits:#}");
    desk.refused(&mut desk.cmd(&["kb", "publish", &pid]), &[&slug, "--slug"]);
}

#[test]
fn kb_links_are_kept_on_both_sides_and_suggested_at_filing() {
    let desk = TestDesk::new();
    let slug = desk.run_ok(&[
        "kb",
        "new",
        "Printer paper jam",
        "-t",
        "printer",
        "-m",
        "Open tray 2 and remove the paper.",
    ]);
    let slug = slug.trim();
    let id = desk.new_ticket("Printer jams on duplex", &[]);
    desk.run_ok(&["link", &id, "--kb", slug]);
    let article: serde_json::Value =
        serde_json::from_str(&desk.run_ok(&["kb", "show", slug, "--json"])).unwrap();
    assert_eq!(article["tickets"][0], id.as_str());
    assert_eq!(desk.show_json(&id)["kb"][0], slug);

    let other = desk.new_ticket("Paper jam again", &[]);
    desk.run_ok(&[
        "resolve",
        &other,
        "--resolution",
        "followed the article",
        "--kb",
        slug,
    ]);
    let article: serde_json::Value =
        serde_json::from_str(&desk.run_ok(&["kb", "show", slug, "--json"])).unwrap();
    assert_eq!(article["tickets"].as_array().unwrap().len(), 2);
    desk.refused(
        &mut desk.cmd(&["link", &id, "--kb", "no-such-article"]),
        &["no-such-article"],
    );

    let filed: serde_json::Value =
        serde_json::from_str(&desk.run_ok(&["new", "printer paper jam in tray 2", "--json"]))
            .unwrap();
    assert_eq!(filed["suggested_kb"][0]["slug"], slug);
    let quiet: serde_json::Value =
        serde_json::from_str(&desk.run_ok(&["new", "printer paper jam", "--json", "--no-kb"]))
            .unwrap();
    assert_eq!(quiet["suggested_kb"].as_array().unwrap().len(), 0);
    let unresolved = desk.new_ticket("Nothing known yet", &[]);
    desk.refused(
        &mut desk.cmd(&["kb", "publish", &unresolved]),
        &["nothing to publish"],
    );
    desk.refused(
        &mut desk.cmd(&["kb", "show", "missing-article"]),
        &["missing-article"],
    );
}

#[test]
fn vendor_hand_offs_follow_up_and_pause_the_sla() {
    let desk = TestDesk::new();
    let id = desk.new_ticket(
        "VPN drops every 10 minutes",
        &["--impact", "high", "--urgency", "high"],
    );
    desk.cmd(&[
        "vendor",
        &id,
        "--name",
        "VPNCo",
        "--ref",
        "VC-88123",
        "--contract",
        "SUP-2025-014",
        "--follow-up",
        "2026-11-25",
    ])
    .env("DESK_NOW", at(1))
    .assert()
    .success();
    let t = desk.show_json(&id);
    assert_eq!(t["tier"], 4);
    assert_eq!(t["team"], "vendors");
    assert_eq!(t["status"], "pending");
    assert_eq!(t["pending_reason"], "vendor");
    assert_eq!(t["vendor"]["name"], "VPNCo");
    assert_eq!(t["vendor"]["ref"], "VC-88123");
    assert_eq!(t["vendor"]["follow_up"], "2026-11-25");
    let file = desk.ticket_file(&id);
    assert!(file.contains("[vendor]\nname = \"VPNCo\"\nref = \"VC-88123\"\ncontract = \"SUP-2025-014\"\nfollow_up = 2026-11-25\n"), "{file}");

    let due = |when: &str| {
        let out = desk
            .cmd(&["ls", "--ids", "followup:due"])
            .env("DESK_NOW", when)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    assert_eq!(desk.run_ok(&["ls", "--ids", "vendor:vpnco"]).trim(), id);
    assert_eq!(due("2026-11-24T17:00:00Z"), "", "not due before the date");
    assert_eq!(due("2026-11-25T08:00:00Z"), id, "due on the date");
    desk.cmd(&["vendor", &id, "--follow-up", "2026-11-28"])
        .env("DESK_NOW", at(2))
        .assert()
        .success();
    assert_eq!(due("2026-11-26T08:00:00Z"), "", "moved");
    assert_eq!(
        desk.show_json(&id)["vendor"]["name"],
        "VPNCo",
        "the vendor is kept"
    );
    desk.cmd(&["comment", &id, "-m", "VPNCo: patch in test"])
        .env("DESK_NOW", at(3))
        .assert()
        .success();

    // The customer clock stands still while the vendor has it.
    let sla = |hours: i64| {
        let out = desk
            .cmd(&["sla", "--json", "--at", &at(hours)])
            .output()
            .unwrap();
        let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        list[0]["resolution"].clone()
    };
    assert_eq!(sla(2)["paused"], true);
    assert_eq!(sla(2)["elapsed_seconds"], 3600);
    assert_eq!(sla(40)["elapsed_seconds"], 3600, "{}", sla(40));
}

#[test]
fn customer_satisfaction_on_resolved_tickets() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Printer jams", &[]);
    desk.refused(&mut desk.cmd(&["rate", &id, "4"]), &["resolved"]);
    desk.run_ok(&["resolve", &id, "--resolution", "new roller"]);
    for bad in ["0", "6", "five"] {
        desk.refused(&mut desk.cmd(&["rate", &id, bad]), &["1", "5"]);
    }
    desk.as_user(
        "Carol",
        "carol@example.com",
        &["rate", &id, "5", "-m", "fixed in minutes"],
    )
    .assert()
    .success();
    let t = desk.show_json(&id);
    assert_eq!(t["csat"], 5);
    assert_eq!(t["csat_comment"], "fixed in minutes");
    assert!(desk.last_message().contains("Desk-Action: rate"));
    assert!(desk
        .run_ok(&["show", &id])
        .contains("5/5: fixed in minutes"));
}

#[test]
fn bad_level_3_and_4_input_is_refused() {
    let desk = TestDesk::new();
    let a = desk.new_ticket("Outlook crashes", &[]);
    desk.refused(
        &mut desk.cmd(&["problem", "new", "Cause", "--from", "zzzzzz"]),
        &["zzzzzz"],
    );
    let pid = desk.run_ok(&["problem", "new", "Cause", "--from", &a]);
    desk.refused(
        &mut desk.cmd(&["problem", "new", "Other cause", "--from", pid.trim()]),
        &["itself a problem"],
    );
    desk.refused(
        &mut desk.cmd(&["rca", &a, "--root-cause", "x"]),
        &["problem record"],
    );
    desk.refused(&mut desk.cmd(&["rca", pid.trim()]), &["nothing to record"]);
    desk.refused(
        &mut desk.cmd(&["rca", pid.trim(), "--reproduced", "maybe"]),
        &["yes or no"],
    );
    desk.refused(
        &mut desk.cmd(&["problem", "resolve", &a, "--fix", "x"]),
        &["not a problem record"],
    );
    desk.refused(
        &mut desk.cmd(&["vendor", &a, "--follow-up", "2026-11-30"]),
        &["--name"],
    );
    desk.refused(
        &mut desk.cmd(&["vendor", &a, "--name", "X", "--follow-up", "next week"]),
        &["next week", "YYYY-MM-DD"],
    );
    desk.refused(&mut desk.cmd(&["ls", "followup:soon"]), &["followup:soon"]);
}
