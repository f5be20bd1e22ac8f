//! Bulk changes: many tickets, one commit, all or nothing, never a prompt without a
//! terminal.

use std::time::Duration;

use crate::common::TestDesk;

/// A desk with `n` tickets at Level 1; returns their ids.
fn desk_with(n: usize) -> (TestDesk, Vec<String>) {
    let desk = TestDesk::new();
    let ids = (0..n)
        .map(|i| desk.new_ticket(&format!("Bulk ticket {i}"), &[]))
        .collect();
    (desk, ids)
}

fn changed_files(desk: &TestDesk) -> Vec<String> {
    desk.git(&["diff", "--name-only", "desk~1", "desk"])
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn escalating_35_piped_tickets_is_one_commit() {
    let (desk, ids) = desk_with(35);
    let listed = desk.run_ok(&["ls", "--ids", "tier:1"]);
    assert_eq!(listed.lines().count(), 35);
    let before = desk.commits();
    // No terminal and no --yes: more than 20 tickets must not prompt (or hang).
    desk.cmd(&["escalate", "--stdin", "--reason", "bulk"])
        .write_stdin(listed)
        .timeout(Duration::from_secs(30))
        .assert()
        .success();
    assert_eq!(desk.commits(), before + 1);
    assert_eq!(changed_files(&desk).len(), 35);
    let message = desk.last_message();
    assert_eq!(
        message.lines().next(),
        Some("escalate 35 tickets: L1 -> L2"),
        "{message}"
    );
    assert_eq!(message.matches("Desk-Ticket: ").count(), 35, "{message}");
    for id in &ids {
        assert!(message.contains(&format!("Desk-Ticket: {id}\n")), "{id}");
    }
    assert!(message.contains("\nDesk-Action: escalate\n"), "{message}");
    assert!(message.contains("\nDesk-Tier: 1 -> 2\n"), "{message}");
    assert_eq!(desk.run_ok(&["ls", "--ids", "tier:2"]).lines().count(), 35);
    assert_eq!(desk.run_ok(&["ls", "--ids", "tier:1"]).lines().count(), 0);
}

#[test]
fn dry_run_writes_nothing_and_says_what_would_happen() {
    let (desk, _) = desk_with(25);
    let listed = desk.run_ok(&["ls", "--ids", "tier:1"]);
    let before = desk.tip();
    let out = desk
        .cmd(&["escalate", "--stdin", "--reason", "bulk", "--dry-run"])
        .write_stdin(listed)
        .timeout(Duration::from_secs(30))
        .assert()
        .success();
    let stdout = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(stdout.contains("would"), "{stdout}");
    assert!(stdout.contains("25 tickets"), "{stdout}");
    assert_eq!(desk.tip(), before, "a dry run writes nothing");
    assert_eq!(desk.run_ok(&["ls", "--ids", "tier:1"]).lines().count(), 25);
}

#[test]
fn several_ids_on_the_command_line_are_one_commit() {
    let (desk, ids) = desk_with(3);
    let before = desk.commits();
    let args = [
        "comment",
        &ids[0],
        &ids[1][..6],
        &ids[2],
        "-m",
        "Maintenance tonight",
    ];
    desk.run_ok(&args);
    assert_eq!(desk.commits(), before + 1);
    assert_eq!(changed_files(&desk).len(), 3);
    let message = desk.last_message();
    assert!(message.starts_with("comment 3 tickets"), "{message}");
    for id in &ids {
        assert!(
            message.contains(&format!("Desk-Ticket: {id}\n")),
            "{message}"
        );
        assert!(desk.ticket_file(id).contains("Maintenance tonight"));
    }
}

#[test]
fn the_same_ticket_twice_is_changed_once() {
    let (desk, ids) = desk_with(1);
    desk.run_ok(&["comment", &ids[0], &ids[0][..6], "-m", "once"]);
    let t = desk.show_json(&ids[0]);
    assert_eq!(t["events"].as_array().unwrap().len(), 2);
}

#[test]
fn more_than_20_without_a_terminal_never_prompts() {
    let (desk, ids) = desk_with(22);
    let before = desk.commits();
    let mut args = vec!["comment", "-m", "all of you"];
    args.extend(ids.iter().map(String::as_str));
    desk.cmd(&args)
        .timeout(Duration::from_secs(30))
        .assert()
        .success();
    assert_eq!(desk.commits(), before + 1);
    assert_eq!(changed_files(&desk).len(), 22);
}

#[test]
fn a_bulk_change_is_all_or_nothing() {
    let (desk, ids) = desk_with(3);
    let top = desk.new_ticket("Already with the vendor", &["--tier", "4"]);
    let mut cmd = desk.cmd(&["escalate", &ids[0], &ids[1], &top, &ids[2], "--reason", "r"]);
    desk.refused(&mut cmd, &["highest tier"]);
    for id in &ids {
        assert_eq!(desk.show_json(id)["tier"], 1, "nothing was escalated");
    }
}

#[test]
fn ls_table_output_can_be_piped() {
    let (desk, ids) = desk_with(2);
    // `collect_ids` says "Accept `ls` table lines too: the id is the first word".
    let table = desk.run_ok(&["ls"]);
    let out = desk
        .cmd(&["comment", "--stdin", "-m", "from a table"])
        .write_stdin(table)
        .assert();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(out.get_output().status.success(), "{stderr}");
    for id in &ids {
        assert!(desk.ticket_file(id).contains("from a table"));
    }
}
