//! The service-desk engine through the binary: desk.toml, routing, SLA clocks, sweeps,
//! permissions.

use crate::common::{guarded_config, ticket_path, TestDesk, NOW};

fn at(minutes_after_nine: i64) -> String {
    let t = chrono::DateTime::parse_from_rfc3339(NOW).unwrap()
        + chrono::Duration::minutes(minutes_after_nine);
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[test]
fn priority_comes_from_the_matrix_and_a_custom_matrix_is_used() {
    let desk = TestDesk::new();
    let cells = [
        ("high", "high", "P1"),
        ("high", "medium", "P2"),
        ("high", "low", "P3"),
        ("medium", "high", "P2"),
        ("medium", "medium", "P3"),
        ("medium", "low", "P4"),
        ("low", "high", "P3"),
        ("low", "medium", "P4"),
        ("low", "low", "P5"),
    ];
    for (impact, urgency, p) in cells {
        let id = desk.new_ticket("x", &["--impact", impact, "--urgency", urgency]);
        assert_eq!(desk.show_json(&id)["priority"], p, "{impact} x {urgency}");
    }
    let custom = desk.desk_toml().replace(
        "high = [\"P1\", \"P2\", \"P3\"]",
        "high = [\"P1\", \"P1\", \"P1\"]",
    );
    let editor = desk.editor_writing("matrix", &custom);
    desk.cmd(&["config", "edit"])
        .env("EDITOR", editor)
        .assert()
        .success();
    let id = desk.new_ticket("x", &["--impact", "high", "--urgency", "low"]);
    assert_eq!(desk.show_json(&id)["priority"], "P1");
    assert!(desk.last_message().starts_with("new "));
    assert!(desk
        .git(&["log", "--format=%s", "desk"])
        .contains("config: edit desk.toml"));
}

#[test]
fn config_edit_refuses_invalid_files_and_commits_nothing() {
    let desk = TestDesk::new();
    let good = desk.desk_toml();
    let cases: Vec<(String, Vec<&str>)> = vec![
        (
            good.replace("[tiers.2]\nname", "[tiers.2]\nnmae"),
            vec!["nmae", "line"],
        ),
        (
            good.replace("when = \"tier:1 is:open age:>4h\"", "when = \"colour:red\""),
            vec!["colour", "priority", "line"],
        ),
        (
            good.replace("escalate_to = 2", "escalate_to = 9"),
            vec!["9", "0 to 4"],
        ),
        (
            good.replace("response = \"15m\"", "response = \"15y\""),
            vec!["15y", "line"],
        ),
        (
            good.replace("timezone = \"UTC\"", "timezone = \"Mars/Olympus\""),
            vec!["Mars/Olympus"],
        ),
        (good.replace("[tiers.3]", "[tiers.9]"), vec!["tiers.9"]),
    ];
    for (i, (text, mentions)) in cases.iter().enumerate() {
        assert_ne!(text, &good, "case {i} must change the file");
        let editor = desk.editor_writing(&format!("bad{i}"), text);
        let mut cmd = desk.cmd(&["config", "edit"]);
        cmd.env("EDITOR", editor);
        let mut all = mentions.clone();
        all.push("desk.toml");
        desk.refused(&mut cmd, &all);
    }
    assert_eq!(desk.desk_toml(), good);
    assert!(desk.run_ok(&["config", "show"]).contains("[tiers.2]"));
    let json: serde_json::Value =
        serde_json::from_str(&desk.run_ok(&["config", "show", "--json"])).unwrap();
    assert_eq!(json["tiers"]["2"]["team"], "tech-support");
}

#[test]
fn a_broken_desk_toml_from_someone_else_is_named_and_work_goes_on() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("VPN drops", &[]);
    desk.commit_on_desk("desk.toml", "name = \"x\"\n[sla.P1]\nresponse = \"soon\"\n");
    let out = desk.cmd(&["ls"]).assert().success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.contains("desk.toml") && stderr.contains("line"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("VPN drops"));
    // Writes its rules would check are refused until it is fixed; so is the sweep.
    desk.cmd(&["comment", &id, "-m", "still working"])
        .assert()
        .code(2);
    desk.refused(&mut desk.cmd(&["sweep"]), &["desk.toml", "config edit"]);
}

fn routing_desk() -> TestDesk {
    let desk = TestDesk::new();
    let text = desk.desk_toml().replace(
        "[teams.vendors]\nmembers = []",
        "[teams.vendors]\nmembers = [\"v1@example.com\", \"v2@example.com\"]",
    );
    desk.commit_on_desk(
        "desk.toml",
        &format!("{text}\n[[routing]]\nwhen = \"label:printer\"\ntier = 4\nteam = \"vendors\"\nround_robin = true\n"),
    );
    desk
}

#[test]
fn routing_sends_printers_to_the_vendors_in_turn() {
    let desk = routing_desk();
    let mut assignees = Vec::new();
    for i in 0..5 {
        let id = desk.new_ticket(&format!("Printer {i} jams"), &["-l", "printer"]);
        let t = desk.show_json(&id);
        assert_eq!(t["tier"], 4);
        assert_eq!(t["team"], "vendors");
        assignees.push(t["assignee"].as_str().unwrap().to_string());
    }
    let v1 = assignees.iter().filter(|a| *a == "v1@example.com").count();
    let v2 = assignees.iter().filter(|a| *a == "v2@example.com").count();
    assert_eq!((v1, v2), (3, 2), "{assignees:?}");
    assert!(desk
        .last_message()
        .contains("Desk-Routed: vendors v1@example.com"));
    // Other tickets are not routed; explicit choices win over rules.
    let vpn = desk.new_ticket("VPN drops", &[]);
    assert_eq!(desk.show_json(&vpn)["tier"], 1);
    let explicit = desk.new_ticket("Printer smoke", &["-l", "printer", "--tier", "2"]);
    assert_eq!(desk.show_json(&explicit)["tier"], 2);
}

#[test]
fn a_p1_breaches_its_response_at_minute_16_not_14_and_a_response_stops_it() {
    let desk = TestDesk::new();
    let id = desk
        .as_user(
            "Carol",
            "carol@example.com",
            &["new", "Email down", "--impact", "high", "--urgency", "high"],
        )
        .output()
        .unwrap();
    let id = String::from_utf8_lossy(&id.stdout).trim().to_string();
    let sla = |minute: i64| -> serde_json::Value {
        let out = desk
            .cmd(&["sla", "--json"])
            .env("DESK_NOW", at(minute))
            .output()
            .unwrap();
        let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        list.as_array()
            .unwrap()
            .iter()
            .find(|t| t["id"] == id.as_str())
            .unwrap()
            .clone()
    };
    let at14 = sla(14);
    assert_eq!(at14["priority"], "P1");
    assert_eq!(at14["response"]["target"], "15m");
    assert_eq!(at14["response"]["state"], "warning");
    assert_eq!(at14["response"]["elapsed_seconds"], 14 * 60);
    assert_eq!(at14["response"]["due"], at(15));
    assert_eq!(sla(16)["response"]["state"], "breached");
    let breached = desk
        .cmd(&["ls", "--ids", "sla:breached"])
        .env("DESK_NOW", at(16))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&breached.stdout).trim(), id);
    let not_yet = desk
        .cmd(&["ls", "--ids", "sla:breached"])
        .env("DESK_NOW", at(14))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&not_yet.stdout).trim(), "");

    // Alice (not the reporter) comments at minute 10: the response is met.
    desk.cmd(&["comment", &id, "-m", "looking into it"])
        .env("DESK_NOW", at(10))
        .assert()
        .success();
    let after = sla(30);
    assert_eq!(after["response"]["state"], "met");
    assert_eq!(after["response"]["elapsed_seconds"], 600);
    let shown: serde_json::Value = serde_json::from_slice(
        &desk
            .cmd(&["show", &id, "--json"])
            .env("DESK_NOW", at(30))
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(shown["sla"]["response"]["state"], "met");
    assert_eq!(shown["sla"]["resolution"]["target"], "4h");
}

#[test]
fn pending_pauses_the_clock() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Laptop dead", &["--impact", "high", "--urgency", "high"]);
    desk.cmd(&["pend", &id, "--reason", "customer"])
        .env("DESK_NOW", at(5))
        .assert()
        .success();
    desk.cmd(&["start", &id])
        .env("DESK_NOW", at(65))
        .assert()
        .success();
    let out = desk
        .cmd(&["sla", "--json"])
        .env("DESK_NOW", at(75))
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Filed by alice herself: no first response yet. 5 min before the pause + 10 after.
    assert_eq!(
        list[0]["resolution"]["elapsed_seconds"],
        15 * 60,
        "{list:#}"
    );
    assert_eq!(list[0]["resolution"]["paused"], false);
    let during = desk
        .cmd(&["sla", "--json"])
        .env("DESK_NOW", at(30))
        .output()
        .unwrap();
    let during: serde_json::Value = serde_json::from_slice(&during.stdout).unwrap();
    assert_eq!(during[0]["resolution"]["paused"], true);
    assert_eq!(during[0]["resolution"]["elapsed_seconds"], 5 * 60);
    let table = desk.cmd(&["sla"]).env("DESK_NOW", at(30)).output().unwrap();
    assert!(String::from_utf8_lossy(&table.stdout).contains("paused"));
}

#[test]
fn sweep_escalates_stale_level_1_tickets_once() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Printer offline", &[]);
    let early = desk
        .cmd(&["sweep"])
        .env("DESK_NOW", at(3 * 60 + 59))
        .output()
        .unwrap();
    assert!(early.status.success());
    assert_eq!(desk.show_json(&id)["tier"], 1, "not before 4 hours");
    let before = desk.tip();
    let dry = desk
        .cmd(&["sweep", "--dry-run"])
        .env("DESK_NOW", at(4 * 60 + 1))
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&dry.stdout).contains("would sweep"));
    assert_eq!(desk.tip(), before, "--dry-run writes nothing");

    let out = desk
        .cmd(&["sweep"])
        .env("DESK_NOW", at(4 * 60 + 1))
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("L1 -> L2"));
    let t = desk.show_json(&id);
    assert_eq!(t["tier"], 2);
    assert_eq!(t["team"], "tech-support");
    let message = desk.last_message();
    assert!(
        message.starts_with("sweep: 1 rule firing(s) on 1 ticket(s)"),
        "{message}"
    );
    assert!(message.contains("Desk-Action: sweep") && message.contains("Desk-Tier: 1 -> 2"));

    let tip = desk.tip();
    let again = desk
        .cmd(&["sweep"])
        .env("DESK_NOW", at(9 * 60))
        .output()
        .unwrap();
    assert!(again.status.success());
    assert_eq!(desk.tip(), tip, "a second sweep is a no-op with no commit");
    assert!(String::from_utf8_lossy(&again.stderr).contains("nothing to sweep"));
    let path = ticket_path(&id);
    assert!(desk
        .git(&["show", &format!("desk:{path}")])
        .contains("kind = \"swept\""));
}

#[test]
fn permissions_refuse_acting_outside_your_tier_and_name_the_rule() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Kernel panic on build-03", &["--tier", "3"]);
    let text = guarded_config(&desk);
    desk.commit_on_desk("desk.toml", &text);
    desk.refused(
        &mut desk.cmd(&["start", &id]),
        &[
            "permission denied",
            "alice@example.com",
            "L3",
            "by_tier",
            "engineering",
        ],
    );
    desk.as_user("Sam", "sam@example.com", &["start", &id])
        .assert()
        .success();
    // The reporter may always comment on their own ticket.
    desk.run_ok(&["comment", &id, "-m", "any news?"]);
}

#[test]
fn the_service_catalogue_checks_filings_and_overrides_the_sla() {
    let desk = TestDesk::new();
    let text = format!(
        "{}\n[services.vpn]\ndescription = \"Remote access\"\nteam = \"tech-support\"\nsla = {{ response = \"30m\", resolution = \"2h\", calendar = \"24x7\" }}\n",
        desk.desk_toml()
    );
    desk.commit_on_desk("desk.toml", &text);
    desk.refused(
        &mut desk.cmd(&["new", "Printer jams", "--service", "printing"]),
        &["printing", "catalogue", "vpn"],
    );
    let id = desk.new_ticket(
        "VPN drops",
        &["--service", "vpn", "--impact", "low", "--urgency", "low"],
    );
    let out = desk.cmd(&["sla", "--json"]).output().unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["priority"], "P5");
    assert_eq!(list[0]["response"]["target"], "30m");
    assert_eq!(list[0]["resolution"]["target"], "2h");
}

#[test]
fn sla_at_evaluates_another_moment_and_bad_input_is_refused() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Email down", &["--impact", "high", "--urgency", "high"]);
    let out = desk.run_ok(&["sla", "--json", "--at", &at(20)]);
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(list[0]["id"], id.as_str());
    assert_eq!(list[0]["response"]["state"], "breached");
    assert_eq!(list[0]["resolution"]["state"], "ok");
    let table = desk.run_ok(&["sla", "--at", &at(20)]);
    assert!(
        table.contains("breached") && table.contains("Email down"),
        "{table}"
    );
    desk.refused(
        &mut desk.cmd(&["sla", "--at", "yesterday"]),
        &["--at", "yesterday"],
    );
    desk.refused(
        &mut desk.cmd(&["sla", "sla:late"]),
        &["sla:late", "breached"],
    );
    desk.refused(
        &mut desk.cmd(&["sweep", "--branch", "nope"]),
        &["nope", "git desk init"],
    );
}
