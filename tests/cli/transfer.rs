//! `git desk import` / `git desk export`: bulk moves in and out.

use crate::common::TestDesk;

fn export(desk: &TestDesk, format: &str) -> String {
    desk.run_ok(&["export", "--format", format])
}

#[test]
fn the_json_export_imports_back_as_the_same_tickets_in_one_commit() {
    let desk = TestDesk::new();
    let a = desk.new_ticket("VPN drops", &["--impact", "high", "-l", "vpn"]);
    desk.run_ok(&["comment", &a, "-m", "client logs attached"]);
    desk.run_ok(&["escalate", &a, "--reason", "network"]);
    let b = desk.new_ticket("Printer jams", &[]);
    desk.run_ok(&["resolve", &b, "--resolution", "new roller"]);
    let json = export(&desk, "json");
    let exported: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(exported.as_array().unwrap().len(), 2);

    let other = TestDesk::new();
    let file = other.scratch().join("desk.json");
    std::fs::write(&file, &json).unwrap();
    let commits = other.commits();
    other.run_ok(&["import", file.to_str().unwrap()]);
    assert_eq!(other.commits(), commits + 1, "one commit");
    assert!(other.last_message().starts_with("import 2 tickets"));
    assert_eq!(
        export(&other, "json"),
        json,
        "the same tickets, events and all"
    );
    assert_eq!(
        other.ticket_file(&a),
        desk.ticket_file(&a),
        "byte-identical files"
    );
    // Importing them again would duplicate ids: refused, nothing written.
    other.refused(
        &mut other.cmd(&["import", file.to_str().unwrap()]),
        &["row 1", "exists"],
    );
}

#[test]
fn csv_round_trip_keeps_the_fields() {
    let desk = TestDesk::new();
    let a = desk.new_ticket(
        "VPN drops",
        &["--impact", "high", "-l", "vpn,remote", "--service", "vpn"],
    );
    desk.run_ok(&["pend", &a, "--reason", "vendor"]);
    desk.new_ticket("Printer, \"duplex\" jams", &["-m", "line one\nline two"]);
    let csv = export(&desk, "csv");
    assert!(
        csv.starts_with("id,title,type,status,pending_reason,tier,priority"),
        "{csv}"
    );
    let other = TestDesk::new();
    let file = other.scratch().join("desk.csv");
    std::fs::write(&file, &csv).unwrap();
    other.run_ok(&["import", file.to_str().unwrap()]);
    assert_eq!(export(&other, "csv").lines().next(), csv.lines().next());
    let t = other.show_json(&a);
    assert_eq!(t["status"], "pending");
    assert_eq!(t["pending_reason"], "vendor");
    assert_eq!(t["labels"], serde_json::json!(["remote", "vpn"]));
    assert_eq!(t["priority"], "P2");
    let titles = other.run_ok(&["ls", "--all", "--json"]);
    assert!(
        titles.contains("Printer, \\\"duplex\\\" jams") && titles.contains("line one\\nline two"),
        "{titles}"
    );
}

#[test]
fn github_issues_are_imported_with_their_number_and_comments() {
    let desk = TestDesk::new();
    let file = desk.scratch().join("issues.json");
    std::fs::write(
        &file,
        r#"[{"number": 7, "title": "Login page returns 500", "body": "Since the deploy", "labels": [{"name": "bug"}],
            "state": "OPEN", "createdAt": "2026-11-20T10:00:00Z", "closedAt": null, "author": {"login": "octocat"},
            "comments": [{"author": {"login": "hubot"}, "body": "Seen it too", "createdAt": "2026-11-20T11:00:00Z"}]},
           {"number": 8, "title": "Typo on the pricing page", "body": "", "labels": [], "state": "CLOSED",
            "createdAt": "2026-11-19T10:00:00Z", "closedAt": "2026-11-19T12:00:00Z", "author": {"login": "octocat"}, "comments": []}]"#,
    )
    .unwrap();
    desk.run_ok(&["import", "--format", "github", file.to_str().unwrap()]);
    let all: serde_json::Value =
        serde_json::from_str(&desk.run_ok(&["ls", "--all", "--json"])).unwrap();
    let login = all
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["external_ref"] == "github#7")
        .unwrap();
    assert_eq!(login["status"], "new");
    assert_eq!(login["reporter"], "octocat@users.noreply.github.com");
    assert_eq!(login["labels"], serde_json::json!(["bug"]));
    let shown = desk.show_json(login["id"].as_str().unwrap());
    assert_eq!(shown["events"][1]["text"], "Seen it too");
    let typo = all
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["external_ref"] == "github#8")
        .unwrap();
    assert_eq!(typo["status"], "closed");
}

#[test]
fn bad_rows_are_refused_with_nothing_written() {
    let desk = TestDesk::new();
    let bad = [
        (
            "bad-tier.csv",
            "title,tier\nfine,1\nbroken,9\n",
            vec!["row 3", "tier"],
        ),
        (
            "no-title.csv",
            "title,impact\n,high\n",
            vec!["row 2", "title"],
        ),
        ("colour.csv", "title,colour\nx,red\n", vec!["colour"]),
        ("bad.json", "{\"not\": \"an array\"}", vec!["array"]),
        (
            "event.json",
            "[{\"id\": \"k3m9x2q7wd4hb8fz\", \"events\": [{\"id\": \"e1\"}]}]",
            vec!["row 1", "events[0]"],
        ),
    ];
    for (name, text, mentions) in bad {
        let file = desk.scratch().join(name);
        std::fs::write(&file, text).unwrap();
        desk.refused(
            &mut desk.cmd(&["import", file.to_str().unwrap()]),
            &mentions,
        );
    }
    desk.refused(
        &mut desk.cmd(&["import", "/nonexistent/file.csv"]),
        &["cannot read"],
    );
    desk.refused(&mut desk.cmd(&["import", "tickets.txt"]), &["--format"]);
    desk.refused(&mut desk.cmd(&["export", "--format", "xml"]), &["xml"]);
    assert_eq!(desk.run_ok(&["ls", "--all", "--ids"]), "");
}

#[test]
fn a_large_import_is_written_as_a_pack() {
    let desk = TestDesk::new();
    let mut csv = String::from("title,labels\n");
    for i in 0..600 {
        csv.push_str(&format!("Ticket {i},bulk\n"));
    }
    let file = desk.scratch().join("bulk.csv");
    std::fs::write(&file, csv).unwrap();
    let loose_before = loose_objects(&desk);
    desk.run_ok(&["import", file.to_str().unwrap()]);
    assert_eq!(
        desk.run_ok(&["ls", "--ids", "label:bulk"]).lines().count(),
        600
    );
    assert!(
        loose_objects(&desk) - loose_before < 10,
        "objects went into a pack"
    );
    let fsck = desk.git_cmd(&["fsck", "--strict"]).output().unwrap();
    assert!(
        fsck.status.success(),
        "{}",
        String::from_utf8_lossy(&fsck.stderr)
    );
    // And a bulk change of the same size is one pack and one commit too.
    let ids = desk.run_ok(&["ls", "--ids"]);
    let commits = desk.commits();
    desk.cmd(&["escalate", "--stdin", "--reason", "bulk"])
        .write_stdin(ids)
        .assert()
        .success();
    assert_eq!(desk.commits(), commits + 1);
    assert!(loose_objects(&desk) - loose_before < 10);
    assert_eq!(
        desk.git(&["for-each-ref", "refs/git-desk"]),
        "",
        "no temporary ref is left behind"
    );
    let fsck = desk.git_cmd(&["fsck", "--strict"]).output().unwrap();
    assert!(fsck.status.success());
    assert_eq!(
        desk.run_ok(&["ls", "--ids", "tier:2", "label:bulk"])
            .lines()
            .count(),
        600
    );
}

fn loose_objects(desk: &TestDesk) -> i64 {
    let out = desk.git(&["count-objects", "-v"]);
    out.lines()
        .find_map(|l| l.strip_prefix("count: "))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}
