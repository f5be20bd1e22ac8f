//! The desk branch under hostile conditions: checked out in another worktree, a stale
//! lock, leftovers of killed writers, a dangling symbolic ref, text that would reorder a
//! terminal, many writers at once.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::common::{bin, comment_texts, run_writers, stderr_of, ticket_path, TestDesk};

/// The path git records for a worktree (symlinks resolved, as `git worktree add` does).
fn real(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).expect("the path exists")
}

fn assert_fsck(desk: &TestDesk, dir: &Path) {
    let out = desk
        .git_cmd(&["fsck", "--strict"])
        .current_dir(dir)
        .output()
        .expect("run git fsck");
    assert!(
        out.status.success(),
        "git fsck --strict: {}{}",
        String::from_utf8_lossy(&out.stdout),
        stderr_of(&out)
    );
}

// ---------------------------------------------------------------------------------------
// The desk branch checked out in a linked worktree.
// ---------------------------------------------------------------------------------------

#[test]
fn a_desk_branch_checked_out_in_a_linked_worktree_is_not_written() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Printer offline", &[]);
    let wt = desk.scratch().join("linked-wt");
    desk.git(&["worktree", "add", "-q", wt.to_str().unwrap(), "desk"]);
    let wt_path = real(&wt).display().to_string();

    // From the main worktree, which has `main` checked out.
    desk.refused(
        &mut desk.cmd(&["comment", &id, "-m", "lost"]),
        &[&wt_path, "desk"],
    );
    desk.refused(&mut desk.cmd(&["new", "Never filed"]), &[&wt_path, "desk"]);
    // From inside the linked worktree itself.
    desk.refused(
        desk.cmd(&["comment", &id, "-m", "lost"]).current_dir(&wt),
        &[&wt_path],
    );
    // Reading is fine.
    desk.run_ok(&["show", &id]);
    assert_eq!(
        desk.git(&["-C", wt.to_str().unwrap(), "status", "--porcelain"]),
        "",
        "the worktree's index and files still match the branch"
    );

    // Once the worktree leaves the branch, writing works again.
    desk.git(&["-C", wt.to_str().unwrap(), "switch", "-q", "--detach"]);
    desk.run_ok(&["comment", &id, "-m", "now it lands"]);
    assert!(desk.ticket_file(&id).contains("now it lands"));
}

#[test]
fn the_main_worktree_is_protected_when_run_from_a_linked_one() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("VPN drops", &[]);
    let wt = desk.scratch().join("side");
    desk.git(&[
        "worktree",
        "add",
        "-q",
        "--detach",
        wt.to_str().unwrap(),
        "desk",
    ]);
    desk.git(&["switch", "-q", "desk"]);
    let main_path = real(desk.path()).display().to_string();
    desk.refused(
        desk.cmd(&["comment", &id, "-m", "lost"]).current_dir(&wt),
        &[&main_path],
    );
    desk.refused(
        &mut desk.cmd(&["comment", &id, "-m", "lost"]),
        &[&main_path],
    );
}

#[test]
fn a_bare_repository_with_the_desk_in_a_linked_worktree_is_not_written() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Laptop will not boot", &[]);
    let bare = desk.scratch().join("shared.git");
    let bare_s = bare.to_str().unwrap();
    desk.git(&[
        "clone",
        "-q",
        "--bare",
        desk.path().to_str().unwrap(),
        bare_s,
    ]);
    // Without a worktree, a bare repository takes writes.
    desk.run_ok(&["-C", bare_s, "comment", &id, "-m", "bare write"]);

    let wt = desk.scratch().join("bare-wt");
    desk.git(&[
        "-C",
        bare_s,
        "worktree",
        "add",
        "-q",
        wt.to_str().unwrap(),
        "desk",
    ]);
    let wt_path = real(&wt).display().to_string();
    let tip = |dir: &str| desk.git(&["-C", dir, "rev-parse", "desk"]);
    let before = tip(bare_s);
    for dir in [bare_s, wt.to_str().unwrap()] {
        let out = desk
            .cmd(&["-C", dir, "comment", &id, "-m", "lost"])
            .output()
            .unwrap();
        let stderr = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "from {dir}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains(&wt_path), "names the worktree: {stderr}");
        assert_eq!(tip(bare_s), before, "nothing written");
    }
}

// ---------------------------------------------------------------------------------------
// A stale lock on the desk branch.
// ---------------------------------------------------------------------------------------

/// A lock file as a killed writer leaves it: in place, and untouched for a minute.
fn leave_stale_lock(lock: &Path) {
    let file = std::fs::File::create(lock).unwrap();
    let minute_ago = std::time::SystemTime::now() - Duration::from_secs(60);
    file.set_modified(minute_ago).unwrap();
}

#[test]
fn a_fresh_branch_lock_is_waited_for() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Wifi slow", &[]);
    let lock = desk.path().join(".git/refs/heads/desk.lock");
    std::fs::write(&lock, "").unwrap();
    // A writer at work on a loaded machine holds it for seconds; the comment waits, lands.
    let holder = {
        let lock = lock.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_secs(3));
            std::fs::remove_file(lock).unwrap();
        })
    };
    let out = desk
        .cmd(&["comment", &id, "-m", "after the lock"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    holder.join().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(desk.ticket_file(&id).contains("after the lock"));
}

#[test]
fn a_stale_branch_lock_fails_at_once_naming_the_lock_file() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Wifi slow", &[]);
    let lock = desk.path().join(".git/refs/heads/desk.lock");
    leave_stale_lock(&lock);
    let before = desk.tip();
    let commits = desk.commits();

    let out = desk
        .cmd(&["comment", &id, "-m", "blocked"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains(lock.to_str().unwrap()),
        "names the lock file: {stderr}"
    );
    assert!(
        stderr.contains("no other git process"),
        "says when it is safe to remove: {stderr}"
    );
    assert!(!stderr.contains("kept moving"), "{stderr}");
    assert_eq!(desk.tip(), before, "nothing written");
    assert_eq!(desk.commits(), commits);

    std::fs::remove_file(&lock).unwrap();
    desk.run_ok(&["comment", &id, "-m", "unblocked"]);
    assert!(desk.ticket_file(&id).contains("unblocked"));
}

#[test]
fn a_stale_branch_lock_stops_a_pull_naming_the_lock_file() {
    let desk = TestDesk::new();
    desk.new_ticket("Shared drive full", &[]);
    let other = desk.scratch().join("other");
    let other_s = other.to_str().unwrap();
    desk.git(&["clone", "-q", desk.path().to_str().unwrap(), other_s]);
    desk.new_ticket("Only on the origin", &[]);
    // The clone has no desk branch yet; its pull must create one.
    let lock = other.join(".git/refs/heads/desk.lock");
    std::fs::create_dir_all(lock.parent().unwrap()).unwrap();
    leave_stale_lock(&lock);
    let out = desk
        .cmd(&["-C", other_s, "pull"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains(lock.to_str().unwrap()), "{stderr}");
    std::fs::remove_file(&lock).unwrap();
    desk.run_ok(&["-C", other_s, "pull"]);
    let listed = desk.run_ok(&["-C", other_s, "ls"]);
    assert!(listed.contains("Only on the origin"), "{listed}");
}

// ---------------------------------------------------------------------------------------
// Leftovers of killed writers.
// ---------------------------------------------------------------------------------------

/// A process id that is certainly not running: a child that has been waited for.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().expect("run true");
    let pid = child.id();
    child.wait().expect("wait for true");
    pid
}

fn desk_refs(desk: &TestDesk) -> String {
    desk.git(&["for-each-ref", "refs/git-desk/"])
}

#[test]
fn a_temporary_ref_left_by_a_killed_writer_is_removed_by_the_next_write() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Monitor flickers", &[]);
    let orphan = desk
        .git(&[
            "commit-tree",
            "-p",
            "desk",
            "-m",
            "half-written import",
            "desk^{tree}",
        ])
        .trim()
        .to_string();
    let dead = format!("refs/git-desk/pack-{}-0badf00d", dead_pid());
    // A writer still running (this test) keeps its own.
    let live = format!("refs/git-desk/pack-{}-0000beef", std::process::id());
    desk.git(&["update-ref", &dead, &orphan]);
    desk.git(&["update-ref", &live, &orphan]);

    desk.run_ok(&["comment", &id, "-m", "next write"]);
    let left = desk_refs(&desk);
    assert!(
        !left.contains(&dead),
        "the dead writer's ref is gone: {left}"
    );
    assert!(left.contains(&live), "the live writer's ref stays: {left}");
    desk.git(&["update-ref", "-d", &live]);
}

fn csv_of(round: usize, n: usize) -> String {
    let mut csv = String::from("title,impact,urgency,labels,status\n");
    for i in 0..n {
        csv.push_str(&format!("Round {round} ticket {i},high,medium,bulk,new\n"));
    }
    csv
}

fn ticket_count(desk: &TestDesk) -> usize {
    desk.git(&["ls-tree", "-r", "--name-only", "desk", "tickets"])
        .lines()
        .count()
}

#[test]
fn killing_a_bulk_import_leaves_the_old_or_the_new_desk_and_no_leftovers() {
    const TICKETS: usize = 2000;
    let desk = TestDesk::new();
    let id = desk.new_ticket("Survives every kill", &[]);
    // One import left alone says how long one takes here; the kills land from early
    // (reading the file) through the middle (folding, fast-import) to the very end
    // (moving the branch).
    let file = desk.scratch().join("whole.csv");
    std::fs::write(&file, csv_of(99, TICKETS)).unwrap();
    let started = std::time::Instant::now();
    desk.run_ok(&["import", "-q", file.to_str().unwrap()]);
    let whole = started.elapsed();
    let delays = [0.1, 0.2, 0.3, 0.4, 0.5, 0.7].map(|f| whole.mul_f64(f));
    for (round, delay) in delays.iter().enumerate() {
        let file = desk.scratch().join(format!("round{round}.csv"));
        std::fs::write(&file, csv_of(round, TICKETS)).unwrap();
        let old = desk.tip().expect("a desk");
        let old_count = ticket_count(&desk);

        let mut cmd = Command::new(bin());
        desk.setup(&mut cmd);
        let mut child: Child = cmd
            .args(["import", "-q", file.to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the import");
        std::thread::sleep(*delay);
        let _ = child.kill();
        child.wait().expect("reap the import");

        let tip = desk.tip().expect("the desk survives");
        if tip != old {
            let parent = desk.git(&["rev-parse", &format!("{tip}^")]);
            assert_eq!(
                parent.trim(),
                old,
                "round {round}: one commit on the old tip"
            );
            assert_eq!(
                ticket_count(&desk),
                old_count + TICKETS,
                "round {round}: the whole import or nothing"
            );
        } else {
            assert_eq!(ticket_count(&desk), old_count, "round {round}");
        }
        assert_fsck(&desk, desk.path());

        desk.run_ok(&["comment", &id, "-m", &format!("after kill {round}")]);
        assert_eq!(
            desk_refs(&desk),
            "",
            "round {round}: no temporary refs left"
        );
        assert!(desk
            .ticket_file(&id)
            .contains(&format!("after kill {round}")));
    }
    assert_fsck(&desk, desk.path());
}

#[test]
fn a_large_write_leaves_no_temporary_ref() {
    let desk = TestDesk::new();
    let file = desk.scratch().join("many.csv");
    std::fs::write(&file, csv_of(0, 600)).unwrap();
    desk.run_ok(&["import", "-q", file.to_str().unwrap()]);
    assert_eq!(ticket_count(&desk), 600);
    assert_eq!(desk_refs(&desk), "");
    assert_fsck(&desk, desk.path());
}

// ---------------------------------------------------------------------------------------
// A dangling symbolic ref for the desk branch.
// ---------------------------------------------------------------------------------------

#[test]
fn a_dangling_desk_symref_is_explained_in_one_line() {
    let desk = TestDesk::new();
    desk.git(&["update-ref", "-d", "refs/heads/desk"]);
    desk.git(&["symbolic-ref", "refs/heads/desk", "refs/heads/nowhere"]);
    for args in [vec!["ls"], vec!["new", "Anything"]] {
        let out = desk.cmd(&args).output().unwrap();
        let stderr = stderr_of(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: one line: {stderr}");
        assert!(
            stderr.contains("refs/heads/desk") && stderr.contains("refs/heads/nowhere"),
            "{args:?}: says what is wrong: {stderr}"
        );
        assert!(
            stderr.contains("git symbolic-ref"),
            "{args:?}: says what to do: {stderr}"
        );
        assert!(
            !stderr.contains("class="),
            "{args:?}: no raw libgit2: {stderr}"
        );
    }
    assert_eq!(
        desk.git(&["symbolic-ref", "refs/heads/desk"]).trim(),
        "refs/heads/nowhere",
        "nothing written"
    );
}

#[test]
fn a_desk_symref_to_a_branch_moves_that_branch() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Keyboard sticky", &[]);
    desk.git(&["branch", "-m", "desk", "helpdesk"]);
    desk.git(&["symbolic-ref", "refs/heads/desk", "refs/heads/helpdesk"]);
    let out = desk
        .cmd(&["comment", &id, "-m", "through the symref"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert_eq!(
        desk.git(&["symbolic-ref", "refs/heads/desk"]).trim(),
        "refs/heads/helpdesk",
        "the symbolic ref stays"
    );
    let file = desk.git(&["show", &format!("helpdesk:{}", ticket_path(&id))]);
    assert!(file.contains("through the symref"), "{file}");
    // Checked out under its real name, it is protected too.
    desk.git(&["switch", "-q", "helpdesk"]);
    desk.refused(
        &mut desk.cmd(&["comment", &id, "-m", "lost"]),
        &["checked out"],
    );
}

// ---------------------------------------------------------------------------------------
// Bidirectional controls in commit messages.
// ---------------------------------------------------------------------------------------

const BIDI: [char; 13] = [
    '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}',
    '\u{2069}', '\u{200e}', '\u{200f}', '\u{061c}', '\u{1b}',
];

#[test]
fn bidi_controls_never_reach_a_commit_message() {
    let desk = TestDesk::new();
    let title: String = BIDI
        .iter()
        .enumerate()
        .map(|(i, c)| format!("w{i}{c}"))
        .collect::<String>()
        + " invoice.pdf";
    let id = desk.new_ticket(&title, &[]);
    desk.run_ok(&["escalate", &id, "--reason", "\u{202e}fdp.exe"]);
    // The data keeps what was typed; only the commit messages are plain.
    assert_eq!(desk.show_json(&id)["title"], title.as_str());
    let subjects = desk.git(&["log", "--format=%s", "desk"]);
    let messages = desk.git(&["log", "--format=%B", "desk"]);
    let reflog = desk.git(&["reflog", "show", "--format=%gs", "desk"]);
    for text in [&subjects, &messages, &reflog] {
        for c in BIDI {
            assert!(!text.contains(c), "U+{:04X} in {text:?}", c as u32);
        }
    }
    assert!(subjects.contains("w0w1w2"), "{subjects}");
    // And `ls` shows the title without them too.
    let listed = desk.run_ok(&["ls"]);
    for c in BIDI {
        assert!(!listed.contains(c), "U+{:04X} in {listed:?}", c as u32);
    }
    assert!(desk.ticket_file(&id).contains("w0"), "{}", ticket_path(&id));
}

// ---------------------------------------------------------------------------------------
// Many writers on one clone.
// ---------------------------------------------------------------------------------------

#[test]
fn eight_writers_mixing_commands_lose_nothing() {
    const WRITERS: usize = 8;
    const ROUNDS: usize = 3;
    let desk = TestDesk::new();
    let shared = desk.new_ticket("Everyone comments here", &[]);
    let own: Vec<String> = (1..=WRITERS)
        .map(|n| desk.new_ticket(&format!("Writer {n}'s ticket"), &[]))
        .collect();
    let before = desk.commits();
    let body = format!(
        "OWN=$(eval echo \\$T$N); \
         for m in $(seq 1 {ROUNDS}); do \
           \"$DESK\" comment -q {shared} -m \"writer $N comment $m\" || exit 1; \
           \"$DESK\" new -q \"writer $N ticket $m\" >/dev/null || exit 1; \
           if [ $m = 2 ]; then \"$DESK\" escalate -q \"$OWN\" --reason \"writer $N\" || exit 1; fi; \
         done"
    );
    let env: Vec<(String, String)> = own
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("T{}", i + 1), t.clone()))
        .collect();
    run_writers(&desk, WRITERS, &body, &env);

    let t = desk.show_json(&shared);
    let comments = comment_texts(&t);
    assert_eq!(comments.len(), WRITERS * ROUNDS, "{comments:?}");
    let listed: serde_json::Value =
        serde_json::from_str(&desk.run_ok(&["ls", "--all", "--json"])).unwrap();
    let titles: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    for n in 1..=WRITERS {
        for m in 1..=ROUNDS {
            let comment = format!("writer {n} comment {m}");
            assert!(comments.contains(&comment), "{comment} is missing");
            let title = format!("writer {n} ticket {m}");
            assert!(titles.contains(&title.as_str()), "{title} is missing");
        }
        assert_eq!(
            desk.show_json(&own[n - 1])["tier"],
            2,
            "writer {n} escalated"
        );
    }
    // One commit per command, one after another.
    assert_eq!(desk.commits(), before + WRITERS * (2 * ROUNDS + 1));
    let merges = desk.git(&["rev-list", "--min-parents=2", "desk"]);
    assert_eq!(merges, "", "no merges");
    assert_fsck(&desk, desk.path());
}
