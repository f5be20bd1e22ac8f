//! `git desk doctor`: it finds each kind of problem in a prepared desk, `--fix` repairs
//! the safe ones in one commit without dropping an event, and a healthy desk says so.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{ticket_path, TestDesk};

/// `doctor ARGS`: exit code, stdout, stderr.
fn doctor(desk: &TestDesk, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["doctor"];
    all.extend_from_slice(args);
    let out = desk.cmd(&all).output().expect("run git-desk doctor");
    (
        out.status.code().expect("an exit code"),
        String::from_utf8(out.stdout).expect("UTF-8 stdout"),
        String::from_utf8(out.stderr).expect("UTF-8 stderr"),
    )
}

/// `doctor --json` (plus ARGS), parsed, with its exit code.
fn doctor_json(desk: &TestDesk, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = doctor(desk, &all);
    let value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("doctor --json is JSON ({e}): {stdout}; stderr: {stderr}"));
    (code, value)
}

/// The (path, check) of every problem found, and whether --fix can repair it.
fn found(report: &Value) -> Vec<(String, String, bool)> {
    report["problems"]
        .as_array()
        .expect("problems is a list")
        .iter()
        .map(|p| {
            (
                p["path"].as_str().unwrap().to_string(),
                p["check"].as_str().unwrap().to_string(),
                p["fixable"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// True when a problem of `check` about `path` (or a path ending so) was found.
fn has(report: &Value, path: &str, check: &str) -> bool {
    found(report)
        .iter()
        .any(|(p, c, _)| c == check && (p == path || p.ends_with(path)))
}

/// The events of every ticket file on the branch, as written: `[[events]]` tables.
fn events_on_branch(desk: &TestDesk) -> Vec<(String, usize)> {
    desk.git(&["ls-tree", "-r", "--name-only", "desk", "tickets/"])
        .lines()
        .map(|path| {
            let text = desk.git(&["show", &format!("desk:{path}")]);
            let events = match text.parse::<toml::Table>() {
                Ok(t) => t["events"].as_array().map_or(0, Vec::len),
                Err(_) => 0,
            };
            (path.to_string(), events)
        })
        .collect()
}

/// The git directory of the test repository.
fn git_dir(desk: &TestDesk) -> PathBuf {
    desk.path().join(".git")
}

/// Makes a file look as old as one left by a process killed long ago.
fn age(path: &Path) {
    let status = std::process::Command::new("touch")
        .args(["-d", "2020-01-01T00:00:00"])
        .arg(path)
        .status()
        .expect("run touch");
    assert!(status.success());
}

/// The text of a ticket's last `[[events]]` table.
fn last_event(file: &str) -> String {
    let at = file.rfind("[[events]]").expect("a ticket has events");
    file[at..].to_string()
}

#[test]
fn a_healthy_desk_exits_0_and_says_so() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("VPN drops", &[]);
    desk.new_ticket("Printer jams", &[]);
    desk.run_ok(&["comment", &id, "-m", "looking"]);
    desk.run_ok(&["kb", "new", "Reset your password", "-m", "Use the portal."]);

    let (code, stdout, stderr) = doctor(&desk, &[]);
    assert_eq!(code, 0, "stdout: {stdout}; stderr: {stderr}");
    assert_eq!(
        stdout,
        "desk is healthy: 2 tickets, 3 events, 1 KB article\n"
    );
    assert_eq!(stderr, "");

    let (code, report) = doctor_json(&desk, &[]);
    assert_eq!(code, 0);
    assert_eq!(report["healthy"], true);
    assert_eq!(report["problems"], serde_json::json!([]));
    assert_eq!(report["summary"]["tickets"], 2);
    assert_eq!(report["summary"]["events"], 3);

    // --fix on a healthy desk writes nothing.
    let tip = desk.tip();
    let (code, stdout, _) = doctor(&desk, &["--fix"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("desk is healthy"), "{stdout}");
    assert_eq!(desk.tip(), tip);
}

/// A desk with one of each problem doctor knows.
struct Prepared {
    desk: TestDesk,
    corrupt: String,
    hand_edited: String,
    copied_event: String,
    shared_id: String,
    future: String,
}

fn prepared() -> Prepared {
    let desk = TestDesk::new();
    let corrupt = desk.new_ticket("Corrupt", &[]);
    let hand_edited = desk.new_ticket("Edited by hand", &[]);
    let copied_event = desk.new_ticket("Event pasted twice", &[]);
    let shared_id = desk.new_ticket("Two events, one id", &[]);
    let future = desk
        .cmd(&["new", "Filed by a machine with a fast clock"])
        .env("DESK_NOW", "2026-12-25T09:00:00Z")
        .output()
        .expect("run git-desk new");
    assert!(future.status.success());
    let future = String::from_utf8(future.stdout).unwrap().trim().to_string();
    for id in [&hand_edited, &copied_event, &shared_id] {
        desk.run_ok(&["comment", id, "-m", "first look"]);
    }
    // The summary cache is current now; every hand-made commit below makes it stale.
    desk.run_ok(&["ls"]);

    desk.commit_on_desk(&ticket_path(&corrupt), "schema = 1\nid = [unclosed\n");
    let file = desk.ticket_file(&hand_edited);
    desk.commit_on_desk(
        &ticket_path(&hand_edited),
        &format!("# edited in a text editor\n{file}\n"),
    );
    let file = desk.ticket_file(&copied_event);
    let copy = last_event(&file);
    desk.commit_on_desk(&ticket_path(&copied_event), &format!("{file}\n{copy}"));
    let file = desk.ticket_file(&shared_id);
    let other = last_event(&file)
        .replace("clock = 2", "clock = 3")
        .replace("first look", "a different comment");
    desk.commit_on_desk(&ticket_path(&shared_id), &format!("{file}\n{other}"));
    desk.commit_on_desk(
        "desk.conflict-0badf00d.toml",
        &fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/config/default.toml"))
            .unwrap(),
    );

    // The branch checked out in another worktree (before the lock: git locks it too).
    desk.git(&["worktree", "add", "-q", "../on-desk", "desk"]);
    let tip = desk.tip().unwrap();
    desk.git(&["update-ref", "refs/git-desk/pack-999999999-0badf00d", &tip]);
    desk.git(&[
        "update-ref",
        "refs/desk/fetch/1000-999999999-0badf00d",
        &tip,
    ]);
    // A lock left by a writer killed long ago (the last step: it blocks every write).
    let lock = git_dir(&desk).join("refs/heads/desk.lock");
    fs::write(&lock, format!("{tip}\n")).unwrap();
    age(&lock);
    Prepared {
        desk,
        corrupt,
        hand_edited,
        copied_event,
        shared_id,
        future,
    }
}

#[test]
fn doctor_finds_each_problem_in_a_prepared_desk() {
    let p = prepared();
    let desk = &p.desk;
    let tip = desk.tip();
    let (code, report) = doctor_json(desk, &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(report["healthy"], false);
    assert_eq!(desk.tip(), tip, "doctor alone writes nothing");
    let expect = [
        (ticket_path(&p.corrupt), "parse", false),
        (ticket_path(&p.hand_edited), "canonical", true),
        (ticket_path(&p.copied_event), "event-ids", true),
        (ticket_path(&p.copied_event), "canonical", true),
        (ticket_path(&p.shared_id), "event-ids", false),
        (ticket_path(&p.shared_id), "canonical", false),
        (ticket_path(&p.future), "timestamps", false),
        ("desk.conflict-0badf00d.toml".into(), "conflict", false),
        ("refs/heads/desk.lock".into(), "lock", true),
        (
            "refs/git-desk/pack-999999999-0badf00d".into(),
            "temp-ref",
            true,
        ),
        (
            "refs/desk/fetch/1000-999999999-0badf00d".into(),
            "temp-ref",
            true,
        ),
        ("on-desk".into(), "worktree", false),
    ];
    for (path, check, fixable) in &expect {
        let hit = found(&report)
            .into_iter()
            .find(|(p, c, _)| c == check && (p == path || p.ends_with(path.as_str())));
        let (_, _, can) = hit.unwrap_or_else(|| panic!("{check} of {path} found: {report}"));
        assert_eq!(can, *fixable, "{check} of {path}: fixable");
    }
    let stale = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["check"] == "cache")
        .unwrap_or_else(|| panic!("the stale cache is found: {report}"));
    assert!(stale["path"].as_str().unwrap().contains("desk/cache/desk/"));
    assert_eq!(
        stale["severity"], "warning",
        "the next read brings it up to date"
    );
    assert_eq!(stale["fixable"], true);
    // Each problem says what fixes it.
    for problem in report["problems"].as_array().unwrap() {
        assert!(!problem["fix"].as_str().unwrap().is_empty(), "{problem}");
        assert_eq!(problem["fixed"], false);
    }

    // The text report: every problem with its path and fix, and the count.
    let (code, stdout, stderr) = doctor(desk, &[]);
    assert_eq!(code, 1);
    assert!(
        stdout.contains(&format!(
            "{}: parse [problem]: it cannot be read",
            ticket_path(&p.corrupt)
        )),
        "{stdout}"
    );
    assert!(stdout.contains("    fix: "), "{stdout}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("git-desk: doctor found "), "{stderr}");
    assert!(stderr.contains("git desk doctor --fix"), "{stderr}");
}

#[test]
fn fix_repairs_the_safe_problems_in_one_commit_without_dropping_an_event() {
    let p = prepared();
    let desk = &p.desk;
    let before = events_on_branch(desk);
    let events = |list: &[(String, usize)], id: &str| {
        list.iter()
            .find(|(path, _)| *path == ticket_path(id))
            .map(|(_, n)| *n)
            .unwrap()
    };

    // While the branch is checked out in a worktree, no commit is made; the rest is fixed.
    let tip = desk.tip();
    let (code, report) = doctor_json(desk, &["--fix"]);
    assert_eq!(code, 1);
    assert_eq!(desk.tip(), tip, "no commit while the branch is checked out");
    let canonical = report["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["check"] == "canonical" && x["path"] == ticket_path(&p.hand_edited))
        .unwrap();
    assert_eq!(canonical["fixed"], false);
    assert!(
        canonical["fix"].as_str().unwrap().contains("worktree"),
        "{canonical}"
    );
    assert!(
        !git_dir(desk).join("refs/heads/desk.lock").exists(),
        "the stale lock is gone"
    );
    desk.git(&["worktree", "remove", "--force", "../on-desk"]);

    let commits = desk.commits();
    let (code, stdout, stderr) = doctor(desk, &["--fix"]);
    assert_eq!(code, 1, "some problems need a person: {stdout} {stderr}");
    assert_eq!(desk.commits(), commits + 1, "one commit: {stdout}");
    assert!(
        stdout.contains("rewrote the non-canonical ticket files in commit"),
        "{stdout}"
    );
    assert!(stderr.contains("need a person"), "{stderr}");
    let message = desk.last_message();
    assert!(
        message.starts_with("doctor: rewrite 2 ticket files canonically"),
        "{message}"
    );
    assert!(
        message.contains(&format!("Desk-Ticket: {}", p.hand_edited)),
        "{message}"
    );
    assert!(message.contains("Desk-Action: doctor"), "{message}");

    // Every event is kept: the identical copy of one event is the only one gone.
    let after = events_on_branch(desk);
    assert_eq!(before.len(), after.len());
    for (path, n) in &before {
        let now = after.iter().find(|(p, _)| p == path).unwrap().1;
        if *path == ticket_path(&p.copied_event) {
            assert_eq!(now, n - 1, "{path}: one of two identical copies dropped");
        } else {
            assert_eq!(now, *n, "{path}: events kept");
        }
    }
    assert_eq!(events(&after, &p.hand_edited), 2);
    assert_eq!(
        events(&after, &p.shared_id),
        3,
        "two events with one id are left alone"
    );
    assert!(!desk.ticket_file(&p.hand_edited).starts_with("# edited"));
    assert_eq!(desk.show_json(&p.hand_edited)["title"], "Edited by hand");
    assert!(desk
        .git(&["for-each-ref", "refs/git-desk/", "refs/desk/fetch/"])
        .is_empty());
    desk.git(&["fsck", "--no-progress"]);

    // What is left needs a person, and nothing is fixable any more.
    let (code, report) = doctor_json(desk, &[]);
    assert_eq!(code, 1);
    let left = found(&report);
    assert!(left.iter().all(|(_, _, fixable)| !fixable), "{report}");
    assert!(has(&report, &ticket_path(&p.corrupt), "parse"));
    assert!(has(&report, &ticket_path(&p.shared_id), "event-ids"));
    assert!(has(&report, &ticket_path(&p.future), "timestamps"));
    assert!(has(&report, "desk.conflict-0badf00d.toml", "conflict"));
    assert!(!has(&report, &ticket_path(&p.hand_edited), "canonical"));
    assert!(
        left.iter().all(|(_, check, _)| check != "cache"),
        "{report}"
    );
}

#[test]
fn a_corrupt_cache_file_is_found_and_rebuilt() {
    let desk = TestDesk::new();
    desk.new_ticket("VPN drops", &[]);
    desk.run_ok(&["ls"]);
    let dir = git_dir(&desk).join("desk/cache/desk");
    let bucket = fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "bucket"))
        .expect("a cache file");
    let mut bytes = fs::read(&bucket).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xff;
    fs::write(&bucket, &bytes).unwrap();

    let (code, report) = doctor_json(&desk, &[]);
    assert_eq!(code, 1);
    let problem = &report["problems"][0];
    assert_eq!(problem["check"], "cache");
    assert!(
        problem["message"].as_str().unwrap().contains("corrupt"),
        "{problem}"
    );

    let (code, report) = doctor_json(&desk, &["--fix"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["problems"][0]["fixed"], true);
    assert_eq!(
        report["summary"]["commit"],
        Value::Null,
        "nothing to commit"
    );
    let (code, stdout, _) = doctor(&desk, &[]);
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn json_lists_problems_with_their_fields_and_a_summary() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("VPN drops", &[]);
    let file = desk.ticket_file(&id);
    desk.commit_on_desk(&ticket_path(&id), &format!("{file}\n\n"));
    let config = desk.git(&["show", "desk:desk.toml"]);
    desk.commit_on_desk("desk.toml", &format!("colour = \"blue\"\n{config}"));
    // The cache is brought up to date with the hand-made commits: no warning about it.
    desk.run_ok(&["ls"]);

    let (code, report) = doctor_json(&desk, &[]);
    assert_eq!(code, 1);
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(keys(&report), ["healthy", "problems", "summary"]);
    assert_eq!(
        keys(&report["summary"]),
        ["articles", "commit", "events", "fixable", "fixed", "problems", "tickets", "warnings"]
    );
    let problems = report["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 2, "{report}");
    for problem in problems {
        assert_eq!(
            keys(problem),
            ["check", "fix", "fixable", "fixed", "message", "path", "severity"]
        );
    }
    assert_eq!(problems[0]["path"], "desk.toml");
    assert_eq!(problems[0]["check"], "config");
    assert_eq!(problems[0]["severity"], "warning");
    assert!(problems[0]["message"]
        .as_str()
        .unwrap()
        .contains("'colour'"));
    assert_eq!(problems[1]["path"], ticket_path(&id));
    assert_eq!(problems[1]["check"], "canonical");
    assert_eq!(problems[1]["severity"], "problem");
    assert_eq!(report["summary"]["problems"], 1);
    assert_eq!(report["summary"]["warnings"], 1);
    assert_eq!(report["summary"]["fixable"], 1);

    // Fixed, only the warning is left: healthy.
    let (code, report) = doctor_json(&desk, &["--fix"]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["healthy"], true);
    assert_eq!(report["summary"]["fixed"], 1);
    assert_eq!(report["summary"]["commit"].as_str().map(str::len), Some(40));
    assert_eq!(desk.ticket_file(&id), file);
}

#[test]
fn a_broken_desk_toml_and_kb_article_are_problems_for_a_person() {
    let desk = TestDesk::new();
    desk.commit_on_desk("desk.toml", "[tiers\n");
    desk.commit_on_desk("kb/vpn.md", "no front matter here\n");
    let (code, report) = doctor_json(&desk, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        found(&report),
        [
            ("desk.toml".to_string(), "config".to_string(), false),
            ("kb/vpn.md".to_string(), "kb".to_string(), false),
        ]
    );
}

/// Runs a command that must be refused as bad input: exit 2, stderr naming `mention`,
/// nothing written.
fn refused(desk: &TestDesk, args: &[&str], mention: &str) {
    let tip = desk.tip();
    let out = desk.cmd(args).output().expect("run git-desk");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(stderr.contains(mention), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?}");
    assert_eq!(desk.tip(), tip, "{args:?} wrote nothing");
}

#[test]
fn bad_input_exits_2_and_writes_nothing() {
    let desk = TestDesk::new();
    refused(&desk, &["doctor", "--frobnicate"], "--frobnicate");
    refused(&desk, &["doctor", "extra"], "extra");
    refused(&desk, &["doctor", "--fix=yes"], "--fix");
    let bare = TestDesk::without_desk();
    bare.refused(&mut bare.cmd(&["doctor"]), &["desk"]);
    bare.refused(&mut bare.cmd(&["doctor", "--fix"]), &["desk"]);
}

#[test]
fn files_found_clean_before_are_still_checked_against_the_day_and_changes() {
    let desk = TestDesk::new();
    let ahead = desk
        .cmd(&["new", "Filed by a machine with a fast clock"])
        .env("DESK_NOW", "2026-12-25T09:00:00Z")
        .output()
        .expect("run git-desk new");
    let ahead = String::from_utf8(ahead.stdout).unwrap().trim().to_string();
    let edited = desk.new_ticket("Edited later", &[]);

    // On the 25th of December nothing is wrong; the files are remembered as clean.
    let out = desk
        .cmd(&["doctor"])
        .env("DESK_NOW", "2026-12-25T10:00:00Z")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(git_dir(&desk).join("desk/cache/desk/audit").exists());

    // A month earlier, the remembered file is dated ahead; a changed file is read again.
    let file = desk.ticket_file(&edited);
    desk.commit_on_desk(&ticket_path(&edited), &format!("{file}\n"));
    desk.run_ok(&["ls"]);
    let (code, report) = doctor_json(&desk, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        found(&report),
        [
            (ticket_path(&ahead), "timestamps".to_string(), false),
            (ticket_path(&edited), "canonical".to_string(), true),
        ]
        .into_iter()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
    );
    assert_eq!(report["summary"]["events"], 2);
}

#[test]
fn fix_without_a_git_identity_repairs_nothing() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("VPN drops", &[]);
    let file = desk.ticket_file(&id);
    desk.commit_on_desk(&ticket_path(&id), &format!("{file}\n"));
    let tip = desk.tip().unwrap();
    desk.git(&["update-ref", "refs/git-desk/pack-999999999-0badf00d", &tip]);
    let empty_home = tempfile::TempDir::new().unwrap();
    let config = empty_home.path().join(".gitconfig");
    fs::write(&config, "").unwrap();
    let mut cmd = desk.cmd(&["doctor", "--fix"]);
    cmd.env("HOME", empty_home.path())
        .env("XDG_CONFIG_HOME", empty_home.path())
        .env("GIT_CONFIG_GLOBAL", &config);
    desk.refused(&mut cmd, &["identity", "user.email"]);
    assert_eq!(desk.tip().unwrap(), tip);
    assert!(
        !desk.git(&["for-each-ref", "refs/git-desk/"]).is_empty(),
        "the leftover is still there"
    );
}
