//! Every change goes through one door: the demo's commits are worded as the commands
//! word them, and the library's refusals reach the terminal with the CLI's hints.

use crate::common::TestDesk;

fn subjects(dir: &std::path::Path) -> Vec<String> {
    let log = std::process::Command::new("git")
        .args(["-C", dir.to_str().unwrap(), "log", "--format=%s", "desk"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&log.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_demo_words_its_commits_as_the_commands_do() {
    let desk = TestDesk::new();
    // What the commands write: taking a new ticket at L1 makes the taker its owner too.
    let id = desk.new_ticket("Printer jams", &[]);
    desk.run_ok(&["take", id.trim()]);
    let take = desk.last_message();
    assert!(
        take.contains(": -> alice@example.com, owner -> alice@example.com: Printer jams"),
        "{take}"
    );

    let dir = desk.scratch().join("demo");
    desk.cmd(&["demo", dir.to_str().unwrap()])
        .assert()
        .success();
    let subjects = subjects(&dir);
    let has = |start: &str, part: &str| {
        subjects
            .iter()
            .any(|s| s.starts_with(start) && s.contains(part))
    };
    assert!(
        has(
            "take ",
            ": -> alice@example.com, owner -> alice@example.com: "
        ),
        "a first take at L1 names the new owner, as `git desk take` does: {subjects:#?}"
    );
    assert!(
        has("vendor ", ": -> VPNCo, follow up 20"),
        "a vendor handoff names its follow-up date, as `git desk vendor` does: {subjects:#?}"
    );
    assert!(
        has(
            "kb publish exchange-logs-fill-the-volume: from ",
            ": Exchange transaction logs"
        ),
        "a publication names its ticket, as `git desk kb publish` does: {subjects:#?}"
    );
}

#[test]
fn refusals_of_the_workflow_name_the_option_that_fixes_them() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("VPN drops", &[]);
    let id = id.trim();
    // As tables print it.
    let short = desk.show_json(id)["short_id"].as_str().unwrap().to_string();
    let cases: &[(&[&str], &str)] = &[
        (
            &["comment", id, "-m", " "],
            "the comment must not be empty: give it with -m TEXT",
        ),
        (
            &["escalate", id, "--reason", " "],
            "the escalation reason must not be empty: give it with --reason TEXT",
        ),
        (
            &["status", id, "pending"],
            "pending needs a reason: add --reason with one of",
        ),
        (
            &["set", id, "priority=P1"],
            "priority=P1 overrides the impact x urgency matrix and needs a reason: add --reason TEXT (or use priority=auto)",
        ),
        (
            &["vendor", id, "--ref", "X-1"],
            "is not with a vendor yet: name one with --name VENDOR",
        ),
        (
            &["rca", id, "--fix", "patch"],
            "root-cause analyses belong to problem records; open one with `git desk problem new TITLE --from",
        ),
        (
            &["problem", "new", "Outage", "--from", id],
            "", // filed: the next case names it
        ),
    ];
    for (args, message) in cases {
        if message.is_empty() {
            desk.run_ok(args);
            continue;
        }
        desk.refused(&mut desk.cmd(args), &[message]);
    }
    let problem = desk.run_ok(&["ls", "--ids", "type:problem"]);
    let problem = problem.trim();
    desk.refused(
        &mut desk.cmd(&["problem", "new", "Another", "--from", problem]),
        &["is itself a problem record: --from takes incidents (link problems with `git desk link --related`)"],
    );
    let other = desk.new_ticket("Printer jams", &[]);
    let other = other.trim();
    desk.refused(
        &mut desk.cmd(&["link", id, "--problem", other]),
        &[&format!(
            "{} is an incident, not a problem record: link to a ticket of type problem (or `git desk set {} type=problem`)",
            &other[..8],
            &other[..8]
        )],
    );
    desk.refused(
        &mut desk.cmd(&["problem", "resolve", other, "--fix", "patch"]),
        &[&format!(
            "{} is an incident, not a problem record: resolve it with `git desk resolve`",
            &other[..8]
        )],
    );
    desk.run_ok(&["resolve", id, "--resolution", "fixed"]);
    desk.refused(
        &mut desk.cmd(&["escalate", id, "--reason", "again"]),
        &[&format!(
            "cannot escalate {short}: it is resolved; reopen it first with `git desk reopen {short} --reason TEXT`"
        )],
    );
    desk.refused(
        &mut desk.cmd(&["start", id]),
        &[&format!(
            "{short} is resolved: use `git desk reopen {short} --reason TEXT` to work it again"
        )],
    );
}
