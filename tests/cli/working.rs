//! Working tickets: every command is one event per ticket and exactly one commit, with
//! machine-readable trailers.

use serde_json::Value;

use crate::common::{TestDesk, ALICE};

/// Runs `git-desk ARGS`, checks it made exactly one commit on the desk with a
/// `Desk-Ticket` trailer for each of `tickets` and `Desk-Action: verb`, and returns the
/// commit message.
fn one_commit(desk: &TestDesk, args: &[&str], tickets: &[&str], verb: &str) -> String {
    let before = desk.commits();
    desk.run_ok(args);
    assert_eq!(
        desk.commits(),
        before + 1,
        "{args:?} makes exactly one commit"
    );
    let message = desk.last_message();
    for id in tickets {
        assert!(
            message.contains(&format!("\nDesk-Ticket: {id}\n")),
            "{args:?}: trailer for {id}: {message}"
        );
    }
    assert_eq!(
        message.matches("Desk-Ticket: ").count(),
        tickets.len(),
        "{args:?}: {message}"
    );
    assert!(
        message.contains(&format!("\nDesk-Action: {verb}\n")),
        "{args:?}: Desk-Action: {verb}: {message}"
    );
    message
}

fn kinds(t: &Value) -> Vec<String> {
    t["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

fn labels(t: &Value) -> Vec<&str> {
    t["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect()
}

#[test]
fn comments_public_and_internal() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Printer jams", &[]);
    one_commit(
        &desk,
        &["comment", &id, "-m", "Cleared tray 2"],
        &[&id],
        "comment",
    );
    one_commit(
        &desk,
        &["comment", &id, "-m", "Toner is a fake", "--internal"],
        &[&id],
        "note",
    );
    let t = desk.show_json(&id);
    let events = t["events"].as_array().unwrap();
    assert_eq!(events.len(), 3);
    assert_eq!(events[1]["kind"], "commented");
    assert_eq!(events[1]["text"], "Cleared tray 2");
    assert!(events[1].get("internal").is_none());
    assert_eq!(events[2]["kind"], "commented");
    assert_eq!(events[2]["internal"], true);
    assert_eq!(events[2]["text"], "Toner is a fake");
}

#[test]
fn assign_and_take() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Screen flickers", &[]);
    one_commit(
        &desk,
        &["assign", &id, "--team", "engineering"],
        &[&id],
        "assign",
    );
    assert_eq!(desk.show_json(&id)["team"], "engineering");
    one_commit(
        &desk,
        &["assign", &id, "--to", "carol@example.com"],
        &[&id],
        "assign",
    );
    let t = desk.show_json(&id);
    assert_eq!(t["assignee"], "carol@example.com");
    assert_eq!(t["status"], "open", "assignment is the first response");
    assert_eq!(t["owner"], "carol@example.com", "first L1 assignee owns it");

    let other = desk.new_ticket("Keyboard", &[]);
    let message = one_commit(&desk, &["take", &other], &[&other], "take");
    assert!(message.starts_with("take "), "{message}");
    let t = desk.show_json(&other);
    assert_eq!(t["assignee"], ALICE);
    assert_eq!(t["owner"], ALICE);
}

#[test]
fn status_moves() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Mail bounces", &[]);
    let status = |desk: &TestDesk| desk.show_json(&id)["status"].as_str().unwrap().to_string();

    one_commit(&desk, &["status", &id, "in-progress"], &[&id], "status");
    assert_eq!(status(&desk), "in-progress");

    one_commit(
        &desk,
        &["pend", &id, "--reason", "customer"],
        &[&id],
        "pend",
    );
    let t = desk.show_json(&id);
    assert_eq!(t["status"], "pending");
    assert_eq!(t["pending_reason"], "customer");

    one_commit(
        &desk,
        &["status", &id, "pending", "--reason", "vendor"],
        &[&id],
        "status",
    );
    assert_eq!(desk.show_json(&id)["pending_reason"], "vendor");

    one_commit(&desk, &["start", &id], &[&id], "start");
    let t = desk.show_json(&id);
    assert_eq!(t["status"], "in-progress");
    assert!(t.get("pending_reason").is_none());

    one_commit(
        &desk,
        &[
            "resolve",
            &id,
            "--resolution",
            "Mailbox was full",
            "--code",
            "fixed",
        ],
        &[&id],
        "resolve",
    );
    let t = desk.show_json(&id);
    assert_eq!(t["status"], "resolved");
    assert_eq!(t["resolution"], "Mailbox was full");
    assert_eq!(t["resolution_code"], "fixed");

    one_commit(&desk, &["close", &id], &[&id], "close");
    assert_eq!(status(&desk), "closed");

    one_commit(
        &desk,
        &["reopen", &id, "--reason", "bounces again"],
        &[&id],
        "reopen",
    );
    let t = desk.show_json(&id);
    assert_eq!(t["status"], "open");
    assert!(t.get("resolution").is_none());
    assert_eq!(
        kinds(&t),
        ["created", "status", "status", "status", "status", "resolved", "status", "reopened"]
    );
}

#[test]
fn escalation_moves_tiers_and_teams_with_tier_trailers() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Database slow", &[]);
    assert_eq!(desk.show_json(&id)["team"], "service-desk");

    let message = one_commit(
        &desk,
        &["escalate", &id, "--reason", "needs a DBA"],
        &[&id],
        "escalate",
    );
    assert!(message.contains("\nDesk-Tier: 1 -> 2\n"), "{message}");
    assert!(message.starts_with("escalate "), "{message}");
    assert!(
        message.lines().next().unwrap().contains("L1 -> L2"),
        "{message}"
    );
    let t = desk.show_json(&id);
    assert_eq!(t["tier"], 2);
    assert_eq!(t["team"], "tech-support");

    let message = one_commit(
        &desk,
        &[
            "escalate",
            &id,
            "--to",
            "3",
            "--reason",
            "a bug in the driver",
        ],
        &[&id],
        "escalate",
    );
    assert!(message.contains("\nDesk-Tier: 2 -> 3\n"), "{message}");
    let t = desk.show_json(&id);
    assert_eq!(t["tier"], 3);
    assert_eq!(t["team"], "engineering");

    let message = one_commit(
        &desk,
        &[
            "deescalate",
            &id,
            "--to",
            "1",
            "--reason",
            "workaround known",
        ],
        &[&id],
        "deescalate",
    );
    assert!(message.contains("\nDesk-Tier: 3 -> 1\n"), "{message}");
    let t = desk.show_json(&id);
    assert_eq!(t["tier"], 1);
    assert_eq!(t["team"], "service-desk");
    assert_eq!(
        kinds(&t),
        ["created", "escalated", "escalated", "deescalated"]
    );
    assert_eq!(t["events"][1]["reason"], "needs a DBA");
}

#[test]
fn the_level_1_owner_is_kept_through_escalation() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("VPN drops", &[]);
    desk.run_ok(&["take", &id]);
    assert_eq!(desk.show_json(&id)["owner"], ALICE);
    desk.run_ok(&["escalate", &id, "--reason", "network"]);
    desk.run_ok(&["escalate", &id, "--reason", "firmware bug"]);
    desk.run_ok(&["assign", &id, "--to", "bob@example.com"]);
    let t = desk.show_json(&id);
    assert_eq!(t["tier"], 3);
    assert_eq!(t["assignee"], "bob@example.com");
    assert_eq!(
        t["owner"], ALICE,
        "escalation and assignment keep the owner"
    );
    // Someone at Level 3 taking it does not make them the owner either.
    desk.as_user("Carol", "carol@example.com", &["take", &id])
        .assert()
        .success();
    let t = desk.show_json(&id);
    assert_eq!(t["assignee"], "carol@example.com");
    assert_eq!(t["owner"], ALICE);

    one_commit(
        &desk,
        &["assign", &id, "--owner", "dave@example.com"],
        &[&id],
        "assign",
    );
    assert_eq!(desk.show_json(&id)["owner"], "dave@example.com");
}

#[test]
fn another_user_is_recorded_as_author() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Badge reader", &[]);
    desk.as_user(
        "Bob Builder",
        "bob@example.com",
        &["comment", &id, "-m", "on it"],
    )
    .assert()
    .success();
    let t = desk.show_json(&id);
    assert_eq!(t["events"][1]["by"], "bob@example.com");
    assert_eq!(
        desk.git(&["log", "-1", "--format=%an <%ae>", "desk"])
            .trim(),
        "Bob Builder <bob@example.com>"
    );
    assert_eq!(
        desk.git(&["log", "-1", "--format=%cn <%ce>", "desk"])
            .trim(),
        "Bob Builder <bob@example.com>"
    );
}

#[test]
fn the_committer_follows_git_committer_variables() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Badge reader", &[]);
    desk.cmd(&["comment", &id, "-m", "synced from the phone queue"])
        .env("GIT_COMMITTER_NAME", "Desk Bot")
        .env("GIT_COMMITTER_EMAIL", "bot@example.com")
        .assert()
        .success();
    assert_eq!(
        desk.git(&["log", "-1", "--format=%an|%cn <%ce>", "desk"])
            .trim(),
        "Alice Agent|Desk Bot <bot@example.com>"
    );
}

#[test]
fn set_changes_fields() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Slow laptop", &["-l", "hardware"]);
    let set = |args: &[&str]| {
        let mut all = vec!["set", id.as_str()];
        all.extend_from_slice(args);
        one_commit(&desk, &all, &[&id], "set");
        desk.show_json(&id)
    };

    let t = set(&["impact=high"]);
    assert_eq!(t["impact"], "high");
    assert_eq!(t["priority"], "P2", "recomputed from the matrix");

    let t = set(&["labels=+x"]);
    assert_eq!(labels(&t), ["hardware", "x"]);
    let t = set(&["labels=-x"]);
    assert_eq!(labels(&t), ["hardware"]);
    let t = set(&["labels=a,b"]);
    assert_eq!(labels(&t), ["a", "b"]);

    let t = set(&["priority=P1", "--reason", "CEO is waiting"]);
    assert_eq!(t["priority"], "P1");
    assert_eq!(t["priority_reason"], "CEO is waiting");
    let t = set(&["priority=auto"]);
    assert_eq!(t["priority"], "P2");
    assert!(t.get("priority_reason").is_none());

    let t = set(&["title=Very slow laptop"]);
    assert_eq!(t["title"], "Very slow laptop");
    let t = set(&["major=true"]);
    assert_eq!(t["major"], true);

    // Two assignments at once are still one commit.
    let t = set(&["urgency=high", "service=laptops"]);
    assert_eq!(t["priority"], "P1");
    assert_eq!(t["service"], "laptops");
}

#[test]
fn links_are_recorded_on_both_sides() {
    let desk = TestDesk::new();
    let a = desk.new_ticket("Outlook crashes", &[]);
    let b = desk.new_ticket("Outlook crashes too", &[]);
    let c = desk.new_ticket("Same as the first", &[]);
    let problem = desk.new_ticket("Add-in leaks memory", &["--type", "problem"]);

    one_commit(&desk, &["link", &a, "--related", &b], &[&a, &b], "link");
    assert_eq!(desk.show_json(&a)["related"], serde_json::json!([b]));
    assert_eq!(desk.show_json(&b)["related"], serde_json::json!([a]));

    one_commit(
        &desk,
        &["link", &c, "--duplicate-of", &a],
        &[&a, &c],
        "link",
    );
    assert_eq!(desk.show_json(&c)["duplicate_of"], a.as_str());
    assert_eq!(desk.show_json(&a)["duplicates"], serde_json::json!([c]));

    one_commit(
        &desk,
        &["link", &a, "--problem", &problem[..8]],
        &[&a, &problem],
        "link",
    );
    assert_eq!(desk.show_json(&a)["problem"], problem.as_str());
    assert_eq!(
        desk.show_json(&problem)["incidents"],
        serde_json::json!([a])
    );
}

#[test]
fn edit_in_editor_makes_one_commit() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Monitor dead", &[]);
    // `sleep` first: the editor must not save within the same file-time tick as the
    // template was written, or the edit counts as "closed without saving".
    let editor = desk.script(
        "raise-impact.sh",
        "sleep 0.02\nsed -i 's/impact = \"medium\"/impact = \"high\"/' \"$1\"",
    );
    let before = desk.commits();
    desk.cmd(&["edit", &id])
        .env("EDITOR", &editor)
        .assert()
        .success();
    assert_eq!(desk.commits(), before + 1);
    let message = desk.last_message();
    assert!(message.contains(&format!("Desk-Ticket: {id}")), "{message}");
    assert!(message.contains("Desk-Action: edit"), "{message}");
    let t = desk.show_json(&id);
    assert_eq!(t["impact"], "high");
    assert_eq!(t["priority"], "P2");
}

#[test]
fn edit_that_touches_status_is_refused() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Monitor dead", &[]);
    let editor = desk.script(
        "close-it.sh",
        "sleep 0.02\nprintf 'status = \"closed\"\\n' >> \"$1\"",
    );
    let stderr = desk.refused(desk.cmd(&["edit", &id]).env("EDITOR", &editor), &["status"]);
    assert!(stderr.contains("nothing was changed"), "{stderr}");
    assert_eq!(desk.show_json(&id)["status"], "new");
}

#[test]
fn new_with_edit_takes_title_and_description_from_the_editor() {
    let desk = TestDesk::new();
    let editor = desk.script(
        "write-ticket.sh",
        "sleep 0.02\nprintf 'Title from editor\\n\\nBody\\n' > \"$1\"",
    );
    let out = desk
        .cmd(&["new", "--edit"])
        .env("EDITOR", &editor)
        .assert()
        .success();
    let id = String::from_utf8_lossy(&out.get_output().stdout)
        .trim()
        .to_string();
    let t = desk.show_json(&id);
    assert_eq!(t["title"], "Title from editor");
    assert_eq!(t["description"], "Body");
}

#[test]
fn a_change_that_changes_nothing_makes_no_commit() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Idempotent", &[]);
    desk.run_ok(&["take", &id]);
    desk.run_ok(&["set", &id, "impact=high", "labels=+x"]);
    desk.run_ok(&["escalate", &id, "--to", "2", "--reason", "r"]);
    let before = desk.tip();
    for args in [
        &["set", &id, "impact=high", "labels=+x"][..],
        &["escalate", &id, "--to", "2", "--reason", "r"],
        &["assign", &id, "--team", "tech-support"],
        &["reopen", &id, "--reason", "not closed"],
        &["set", &id, "priority=auto"],
    ] {
        desk.run_ok(args);
        assert_eq!(desk.tip(), before, "{args:?} changed nothing, so no commit");
    }
}

#[test]
fn an_editor_closed_without_saving_changes_nothing() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Monitor dead", &[]);
    let before = desk.tip();
    desk.cmd(&["edit", &id])
        .env("EDITOR", "true")
        .assert()
        .success();
    assert_eq!(desk.tip(), before);
}

#[test]
fn a_failing_editor_aborts_edit() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Monitor dead", &[]);
    let editor = desk.script(
        "change-then-fail.sh",
        "sleep 0.02\nsed -i 's/impact = \"medium\"/impact = \"high\"/' \"$1\"\nexit 1",
    );
    let before = desk.tip();
    let out = desk.cmd(&["edit", &id]).env("EDITOR", &editor).assert();
    assert_eq!(
        desk.tip(),
        before,
        "like git, a failed editor writes nothing"
    );
    assert!(!out.get_output().status.success());
}

#[test]
fn a_failing_editor_aborts_new() {
    let desk = TestDesk::new();
    let editor = desk.script("fail.sh", "exit 1");
    let before = desk.tip();
    let out = desk
        .cmd(&["new", "Half-written", "--edit"])
        .env("EDITOR", &editor)
        .assert();
    assert_eq!(
        desk.tip(),
        before,
        "like git, a failed editor files nothing"
    );
    assert!(!out.get_output().status.success());
}

#[test]
fn a_missing_editor_is_named() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Monitor dead", &[]);
    let before = desk.tip();
    let out = desk
        .cmd(&["edit", &id])
        .env("EDITOR", "/nonexistent/editor")
        .assert()
        .failure();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert_eq!(desk.tip(), before);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("/nonexistent/editor"),
        "names the editor: {stderr}"
    );
}

#[test]
fn relinking_keeps_both_sides_consistent() {
    let desk = TestDesk::new();
    let incident = desk.new_ticket("Outlook crashes", &[]);
    let p1 = desk.new_ticket("First guess", &["--type", "problem"]);
    let p2 = desk.new_ticket("Real cause", &["--type", "problem"]);
    desk.run_ok(&["link", &incident, "--problem", &p1]);
    // Either refused or moved; in both cases the two sides must agree afterwards.
    let _ = desk.cmd(&["link", &incident, "--problem", &p2]).output();
    let linked = desk.show_json(&incident)["problem"]
        .as_str()
        .unwrap()
        .to_string();
    for p in [&p1, &p2] {
        let lists_it = desk.show_json(p)["incidents"]
            .as_array()
            .is_some_and(|l| l.iter().any(|i| i == incident.as_str()));
        assert_eq!(
            lists_it,
            &linked == p,
            "{p} lists the incident: {lists_it}; the incident's problem is {linked}"
        );
    }
}
