//! The desk's lists of ticket fields as people meet them: sort keys, query fields, CSV
//! columns and report groups, each named in full where a wrong one is refused, and each
//! field read the same way wherever it is listed.

use crate::common::TestDesk;

/// Files a ticket at `at` and gives its id.
fn file_at(desk: &TestDesk, at: &str, title: &str, extra: &[&str]) -> String {
    let mut args = vec!["new", title];
    args.extend_from_slice(extra);
    let out = desk.cmd(&args).env("DESK_NOW", at).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_string()
}

/// Three tickets that every sort key tells apart.
fn three(desk: &TestDesk) -> [String; 3] {
    let a = file_at(
        desk,
        "2026-11-20T09:00:00Z",
        "a printer jams",
        &["--impact", "low", "--urgency", "high", "--service", "print"],
    );
    let b = file_at(
        desk,
        "2026-11-21T09:00:00Z",
        "B vpn drops",
        &["--impact", "high", "--urgency", "low", "--tier", "2"],
    );
    let c = file_at(
        desk,
        "2026-11-22T09:00:00Z",
        "c mail bounces",
        &["--priority", "P1", "--reason", "CEO", "--service", "mail"],
    );
    [a, b, c]
}

fn sorted(desk: &TestDesk, key: &str) -> String {
    desk.run_ok(&["ls", "--sort", key, "--ids"])
}

#[test]
fn every_sort_key_orders_by_its_field() {
    let desk = TestDesk::new();
    let [a, b, c] = three(&desk);
    let order =
        |ids: &[&String]| -> String { ids.iter().map(|id| format!("{id}\n")).collect::<String>() };
    // P1 (by hand), then P3 twice (high x low, low x high): the tie falls to creation.
    assert_eq!(sorted(&desk, "priority"), order(&[&c, &a, &b]));
    assert_eq!(sorted(&desk, "created"), order(&[&a, &b, &c]));
    assert_eq!(sorted(&desk, "-updated"), order(&[&c, &b, &a]));
    assert_eq!(sorted(&desk, "-tier"), order(&[&b, &c, &a]));
    // Titles without regard to case: "a printer", "B vpn", "c mail".
    assert_eq!(sorted(&desk, "title"), order(&[&a, &b, &c]));
    // The highest impact and urgency first.
    assert_eq!(sorted(&desk, "impact"), order(&[&b, &c, &a]));
    assert_eq!(sorted(&desk, "urgency"), order(&[&a, &c, &b]));
    // No service sorts first.
    assert_eq!(sorted(&desk, "service"), order(&[&b, &c, &a]));
    assert_eq!(
        desk.run_ok(&["ls", "--ids"]),
        sorted(&desk, "priority"),
        "priority is the default"
    );
}

#[test]
fn a_wrong_field_is_refused_naming_every_right_one() {
    let desk = TestDesk::new();
    let err = desk.refused(&mut desk.cmd(&["ls", "--sort", "colour"]), &[]);
    assert_eq!(
        err,
        "git-desk: cannot sort by 'colour': use one of priority, created, updated, tier, \
         status, id, title, type, impact, urgency, assignee, owner, team, service, \
         customer_updated, site (prefix - to reverse)\n"
    );
    let err = desk.refused(&mut desk.cmd(&["ls", "colour:red"]), &[]);
    assert_eq!(
        err,
        "git-desk: bad query: unknown field 'colour': use one of id, title, type, status, \
         tier, priority, impact, urgency, service, team, owner, assignee, reporter, label, \
         major, known_error, problem, vendor, site, is, sla, followup, age, updated, created, \
         customer_updated\n"
    );
    let err = desk.refused(&mut desk.cmd(&["report", "--by", "colour"]), &[]);
    assert_eq!(
        err,
        "git-desk: cannot group by 'colour': use one of tier, team, service, priority, site, week\n"
    );
    let file = desk.scratch().join("colour.csv");
    std::fs::write(&file, "title,colour\nVPN drops,red\n").unwrap();
    let err = desk.refused(&mut desk.cmd(&["import", file.to_str().unwrap()]), &[]);
    assert_eq!(
        err,
        "git-desk: row 1: colour: is not a column git-desk knows: use id, title, type, status, \
         pending_reason, tier, priority, priority_reason, impact, urgency, service, team, \
         owner, assignee, reporter, labels, major, created, updated, resolution, \
         external_ref, description, site; nothing was imported (fix the row and import again)\n"
    );
}

#[test]
fn the_csv_export_has_every_column_in_order() {
    let desk = TestDesk::new();
    let [_, _, c] = three(&desk);
    desk.run_ok(&["assign", &c, "--to", "alice@example.com"]);
    let csv = desk.run_ok(&["export", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "id,title,type,status,pending_reason,tier,priority,priority_reason,impact,urgency,\
         service,team,owner,assignee,reporter,labels,major,created,updated,resolution,\
         external_ref,description,site"
    );
    let row = lines.find(|l| l.starts_with(&c)).unwrap();
    let cells: Vec<&str> = row.split(',').collect();
    assert_eq!(
        &cells[1..],
        [
            "c mail bounces",
            "incident",
            "open",
            "",
            "1",
            "P1",
            "CEO",
            "medium",
            "medium",
            "mail",
            "service-desk",
            "alice@example.com",
            "alice@example.com",
            "alice@example.com",
            "",
            "false",
            "2026-11-22T09:00:00Z",
            "2026-11-22T09:00:00Z",
            "",
            "",
            "",
            "",
        ],
        "{row}"
    );
}

#[test]
fn report_groups_read_the_field_and_name_an_empty_one() {
    let desk = TestDesk::new();
    three(&desk);
    let report = |by: &str| -> serde_json::Value {
        let json = desk.run_ok(&[
            "report",
            "--by",
            by,
            "--since",
            "2026-11-01",
            "--until",
            "2026-11-30",
            "--json",
        ]);
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        let groups = json["groups"].as_object().unwrap();
        serde_json::Value::Array(groups.keys().map(|k| k.clone().into()).collect())
    };
    assert_eq!(
        report("service"),
        serde_json::json!(["(none)", "mail", "print"])
    );
    assert_eq!(report("tier"), serde_json::json!(["L1", "L2"]));
    assert_eq!(report("priority"), serde_json::json!(["P1", "P3"]));
}
