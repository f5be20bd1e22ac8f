//! Input that used to be let through: unknown teams, empty values, loosely typed imports,
//! NUL bytes, branch names git refuses, GitHub exports read as something else or twice,
//! invalid UTF-8 on standard input, signed label lists, and what `assign` confirms.

use std::fs;

use crate::common::TestDesk;

/// Writes `text` into the scratch directory and returns its path as a string.
fn scratch_file(desk: &TestDesk, name: &str, text: &[u8]) -> String {
    let path = desk.scratch().join(name);
    fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

fn all_tickets(desk: &TestDesk) -> Vec<serde_json::Value> {
    let listed: serde_json::Value =
        serde_json::from_str(&desk.run_ok(&["ls", "--all", "--json"])).unwrap();
    listed.as_array().unwrap().clone()
}

#[test]
fn assigning_a_team_that_desk_toml_does_not_name_is_refused() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Screen flickers", &[]);
    desk.refused(
        &mut desk.cmd(&["assign", &id, "--team", "no-such-team"]),
        &[
            "no-such-team",
            "service-desk",
            "tech-support",
            "engineering",
            "desk.toml",
        ],
    );
    desk.run_ok(&["assign", &id, "--team", "engineering"]);
    assert_eq!(desk.show_json(&id)["team"], "engineering");
    // `none` still clears it.
    desk.run_ok(&["assign", &id, "--team", "none"]);
    assert!(desk.show_json(&id)["team"].is_null());
}

#[test]
fn empty_people_teams_and_services_are_refused() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Screen flickers", &[]);
    let rows: &[(&[&str], &[&str])] = &[
        (&["assign", &id, "--owner", ""], &["--owner", "empty"]),
        (&["assign", &id, "--owner", "  "], &["--owner", "empty"]),
        (&["assign", &id, "--to", ""], &["--to", "empty", "none"]),
        (
            &["assign", &id, "--team", " "],
            &["--team", "empty", "none"],
        ),
        (&["new", "x", "--reporter", ""], &["--reporter", "empty"]),
        (&["new", "x", "--service", " "], &["--service", "empty"]),
        (&["new", "x", "--assignee", ""], &["--assignee", "empty"]),
        (&["new", "x", "--owner", "\t"], &["--owner", "empty"]),
        (
            &["new", "x", "--priority", "P1", "--reason", " "],
            &["--reason", "empty"],
        ),
        (&["new", "x", "--label", " "], &["--label", "empty"]),
        (
            &["set", &id, "service="],
            &["service=", "empty", "service=none"],
        ),
        (&["set", &id, "labels=,"], &["names no labels"]),
    ];
    for (args, mentions) in rows {
        desk.refused(&mut desk.cmd(args), mentions);
    }
    let t = desk.show_json(&id);
    assert!(t["owner"].is_null() && t["assignee"].is_null(), "{t}");
    assert_eq!(all_tickets(&desk).len(), 1, "nothing filed");
}

#[test]
fn set_checks_the_service_catalogue_as_new_does() {
    let desk = TestDesk::new();
    let toml = desk.git(&["show", "desk:desk.toml"]);
    desk.commit_on_desk(
        "desk.toml",
        &format!("{toml}\n[services.vpn]\ndescription = \"Remote access\"\n"),
    );
    let id = desk.new_ticket("VPN drops", &["--service", "vpn"]);
    desk.refused(
        &mut desk.cmd(&["set", &id, "service=printing"]),
        &["printing", "catalogue", "vpn"],
    );
    desk.run_ok(&["set", &id, "service=none"]);
    assert!(desk.show_json(&id)["service"].is_null());
    desk.run_ok(&["set", &id, "service=vpn"]);
    assert_eq!(desk.show_json(&id)["service"], "vpn");
}

#[test]
fn json_import_takes_each_field_in_its_own_type() {
    let desk = TestDesk::new();
    let rows: &[(&str, &[&str])] = &[
        (r#"[{"title": 5}]"#, &["row 1", "title", "string", "number"]),
        (
            "[\n{\"title\": \"ok\"},\n{\"title\": 5}\n]",
            &["row 2 (line 3): title", "string", "number"],
        ),
        (
            r#"[{"title": "ok"}, {"title": ["VPN", "drops"]}]"#,
            &["row 2", "title", "string", "array"],
        ),
        (
            r#"[{"title": {"text": "VPN"}}]"#,
            &["row 1", "title", "string", "object"],
        ),
        (
            r#"[{"title": "VPN", "tier": "2"}]"#,
            &["row 1", "tier", "integer", "string"],
        ),
        (
            r#"[{"title": "VPN", "tier": 7}]"#,
            &["row 1", "tier", "0, 1, 2, 3 or 4"],
        ),
        (
            r#"[{"title": "VPN", "tier": 1.5}]"#,
            &["row 1", "tier", "integer"],
        ),
        (
            r#"[{"title": "VPN", "labels": "vpn,remote"}]"#,
            &["row 1", "labels", "array of strings"],
        ),
        (
            r#"[{"title": "VPN", "labels": ["vpn", 3]}]"#,
            &["row 1", "labels", "array of strings"],
        ),
        (
            r#"[{"title": "VPN", "major": "yes"}]"#,
            &["row 1", "major", "true or false"],
        ),
        (
            r#"[{"title": "VPN", "impact": true}]"#,
            &["row 1", "impact", "string"],
        ),
    ];
    for (i, (json, mentions)) in rows.iter().enumerate() {
        let file = scratch_file(&desk, &format!("typed-{i}.json"), json.as_bytes());
        desk.refused(&mut desk.cmd(&["import", &file]), mentions);
    }
    // GitHub's export is held to its types too: a title that is not a string is not
    // "missing", a label that is not an object is not dropped.
    let gh = scratch_file(
        &desk,
        "typed-gh.json",
        br#"[{"number": 7, "title": "ok", "labels": ["bug"]}]"#,
    );
    desk.refused(
        &mut desk.cmd(&["import", "--format", "github", &gh]),
        &["row 1", "labels[0]", "object", "string"],
    );
    // The right types go in.
    let file = scratch_file(
        &desk,
        "typed.json",
        br#"[{"title": "VPN drops", "tier": 2, "labels": ["vpn", "remote"], "major": true, "service": null}]"#,
    );
    desk.run_ok(&["import", &file]);
    let t = &all_tickets(&desk)[0];
    assert_eq!(t["tier"], 2);
    assert_eq!(t["labels"], serde_json::json!(["remote", "vpn"]));
    assert_eq!(t["major"], true);
}

#[test]
fn nul_bytes_in_imported_fields_are_refused() {
    let desk = TestDesk::new();
    let json = scratch_file(
        &desk,
        "nul.json",
        br#"[{"title": "ok"}, {"title": "VPN", "description": "a\u0000b"}]"#,
    );
    desk.refused(
        &mut desk.cmd(&["import", &json]),
        &["row 2", "description", "NUL"],
    );
    let csv = scratch_file(&desk, "nul.csv", b"title,service\nok,\nVPN\0drops,vpn\n");
    desk.refused(&mut desk.cmd(&["import", &csv]), &["row 3", "title", "NUL"]);
    let gh = scratch_file(
        &desk,
        "nul-gh.json",
        br#"[{"number": 1, "title": "VPN", "state": "OPEN", "comments": [{"body": "x\u0000y"}]}]"#,
    );
    desk.refused(
        &mut desk.cmd(&["import", "--format", "github", &gh]),
        &["row 1", "comments[0].body", "NUL"],
    );
    assert!(all_tickets(&desk).is_empty());
}

#[test]
fn init_refuses_branch_names_git_refuses() {
    for name in ["HEAD", "-desk", "@"] {
        let desk = TestDesk::without_desk();
        let stderr = desk.refused(
            &mut desk.cmd(&[&format!("--branch={name}"), "init"]),
            &[&format!("'{name}'"), "--branch"],
        );
        assert!(stderr.contains("branch name"), "{stderr}");
        let refs = desk.git(&["for-each-ref", "--format=%(refname)"]);
        assert!(refs.trim().is_empty(), "{name}: no ref created: {refs}");
        let config = desk.git_cmd(&["config", "desk.branch"]).output().unwrap();
        assert!(!config.status.success(), "{name}: nothing recorded");
    }
}

const GH_EXPORT: &str = r#"[{"number": 7, "title": "Login page returns 500", "body": "Since the deploy", "labels": [{"name": "bug"}],
    "state": "CLOSED", "createdAt": "2026-11-20T10:00:00Z", "closedAt": "2026-11-21T10:00:00Z", "author": {"login": "octocat"},
    "comments": [{"author": {"login": "hubot"}, "body": "Seen it too", "createdAt": "2026-11-20T11:00:00Z"}]},
   {"number": 8, "title": "Typo on the pricing page", "body": "", "labels": [], "state": "OPEN",
    "createdAt": "2026-11-19T10:00:00Z", "closedAt": null, "author": {"login": "octocat"}, "comments": []}]"#;

#[test]
fn a_github_export_without_format_is_read_as_github() {
    let desk = TestDesk::new();
    let file = scratch_file(&desk, "gh.json", GH_EXPORT.as_bytes());
    let output = desk.cmd(&["import", &file]).output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--format github"), "{stderr}");
    let tickets = all_tickets(&desk);
    let login = tickets
        .iter()
        .find(|t| t["external_ref"] == "github#7")
        .expect("the issue number is kept");
    assert_eq!(login["status"], "closed");
    let shown = desk.show_json(login["id"].as_str().unwrap());
    assert_eq!(shown["events"][1]["text"], "Seen it too");
    // Asked for git-desk JSON, the same file is refused rather than misread.
    let other = TestDesk::new();
    let file = scratch_file(&other, "gh.json", GH_EXPORT.as_bytes());
    other.refused(
        &mut other.cmd(&["import", "--format", "json", &file]),
        &["row 1", "GitHub", "--format github"],
    );
}

/// Imports a GitHub export, asserts success, returns what it said on stdout and stderr.
fn import_github(desk: &TestDesk, file: &str) -> String {
    let output = desk
        .cmd(&["import", "--format", "github", file])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn importing_a_github_export_twice_skips_the_issues_already_imported() {
    let desk = TestDesk::new();
    let file = scratch_file(&desk, "gh.json", GH_EXPORT.as_bytes());
    desk.run_ok(&["import", "--format", "github", &file]);
    assert_eq!(all_tickets(&desk).len(), 2);
    let tip = desk.tip();
    let said = import_github(&desk, &file);
    assert!(said.contains("skipped 2"), "{said}");
    assert_eq!(all_tickets(&desk).len(), 2, "no duplicates");
    assert_eq!(desk.tip(), tip, "nothing to write");

    // A later export with one more issue adds only that one, and says which changed.
    let later = GH_EXPORT.replace(
        r#""comments": []}]"#,
        r#""comments": [{"author": {"login": "hubot"}, "body": "Fixed", "createdAt": "2026-11-22T08:00:00Z"}]},
           {"number": 9, "title": "Dark mode", "state": "OPEN", "createdAt": "2026-11-22T10:00:00Z"}]"#,
    );
    let file = scratch_file(&desk, "gh-later.json", later.as_bytes());
    let said = import_github(&desk, &file);
    assert!(said.contains("imported 1"), "{said}");
    assert!(said.contains("skipped 2"), "{said}");
    assert!(
        said.contains("github#8"),
        "the changed issue is named: {said}"
    );
    let refs: Vec<String> = all_tickets(&desk)
        .iter()
        .map(|t| t["external_ref"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(refs.len(), 3, "{refs:?}");
    assert!(refs.contains(&"github#9".to_string()));
}

#[test]
fn invalid_utf8_on_standard_input_is_bad_input_naming_the_line() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("VPN drops", &[]);
    desk.refused(
        desk.cmd(&["comment", "--stdin", "-m", "x"])
            .write_stdin([id.as_bytes(), b"\n\xff\n"].concat()),
        &["stdin line 2", "UTF-8"],
    );
    desk.refused(
        desk.cmd(&["import", "--format", "csv", "-"])
            .write_stdin(b"title\nok\nbad \xff title\n".to_vec()),
        &["stdin line 3", "UTF-8"],
    );
    let file = scratch_file(&desk, "latin1.csv", b"title\ncaf\xe9\n");
    desk.refused(
        &mut desk.cmd(&["import", &file]),
        &["latin1.csv", "line 2", "UTF-8"],
    );
    assert_eq!(desk.show_json(&id)["events"].as_array().unwrap().len(), 1);
}

#[test]
fn each_label_in_a_list_takes_its_own_sign() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("VPN drops", &["-l", "printer"]);
    desk.run_ok(&["set", &id, "labels=+vpn,+wifi"]);
    assert_eq!(
        desk.show_json(&id)["labels"],
        serde_json::json!(["printer", "vpn", "wifi"])
    );
    desk.run_ok(&["set", &id, "labels=-printer,+remote,-wifi"]);
    assert_eq!(
        desk.show_json(&id)["labels"],
        serde_json::json!(["remote", "vpn"])
    );
    desk.refused(
        &mut desk.cmd(&["set", &id, "labels=a,+b"]),
        &["labels=a,+b", "+", "-"],
    );
    desk.run_ok(&["set", &id, "labels=a,b"]);
    assert_eq!(desk.show_json(&id)["labels"], serde_json::json!(["a", "b"]));
}

#[test]
fn assign_confirms_the_change_it_made() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("VPN drops", &[]);
    desk.run_ok(&["assign", &id, "--to", "carol@example.com"]);
    let out = desk.run_ok(&["assign", &id, "--owner", "dave@example.com"]);
    assert!(out.contains("owner -> dave@example.com"), "{out}");
    assert!(!out.contains("carol"), "the assignee did not change: {out}");
    assert!(desk.last_message().contains("owner -> dave@example.com"));
    let out = desk.run_ok(&["assign", &id, "--team", "engineering"]);
    assert!(out.contains("team -> engineering"), "{out}");
    let out = desk.run_ok(&["assign", &id, "--to", "erin@example.com"]);
    assert!(out.contains("-> erin@example.com"), "{out}");
}
