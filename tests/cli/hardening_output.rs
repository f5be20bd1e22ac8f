//! Full and closed output streams: a quiet exit (0 for a closed pipe, 1 for a failed
//! write, the command's own code when only stderr is lost), never a panic.

use std::fs::OpenOptions;
use std::process::Command;

use crate::common::{bin, read_then_close, TestDesk};

/// A desk whose export and listings are far larger than a 64 KiB pipe buffer.
fn large_desk() -> TestDesk {
    let desk = TestDesk::new();
    let mut csv = String::from("title,description\n");
    let text = "words ".repeat(100);
    for i in 0..300 {
        csv.push_str(&format!("Ticket {i},{text}\n"));
    }
    let file = desk.scratch().join("many.csv");
    std::fs::write(&file, csv).unwrap();
    desk.run_ok(&["import", file.to_str().unwrap()]);
    desk
}

fn dev_full() -> std::fs::File {
    OpenOptions::new().write(true).open("/dev/full").unwrap()
}

fn std_cmd(desk: &TestDesk, args: &[&str]) -> Command {
    let mut cmd = Command::new(bin());
    desk.setup(&mut cmd);
    cmd.args(args);
    cmd
}

#[test]
fn a_closed_pipe_ends_every_writer_quietly() {
    let desk = large_desk();
    assert!(desk.run_ok(&["export"]).len() > 64 * 1024);
    assert!(desk.run_ok(&["export", "--format", "csv"]).len() > 64 * 1024);
    for args in [
        &["export"][..],
        &["export", "--format", "csv"],
        &["completions", "bash"],
        &["completions", "fish"],
        &["man"],
        &["ls", "--all", "--json"],
    ] {
        let (start, out) = read_then_close(&desk, args, 10);
        assert!(!start.is_empty());
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{args:?} says nothing: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn a_full_stderr_keeps_the_exit_code_and_never_panics() {
    let desk = TestDesk::new();
    let out = std_cmd(&desk, &["show", "zzzz"])
        .stderr(dev_full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "unknown ticket, not a panic");
    // Warnings and confirmations to a full stderr don't fail a command that worked.
    let out = std_cmd(&desk, &["new", "Printer jam", "--no-kb"])
        .stderr(dev_full())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(desk.run_ok(&["ls", "--ids"]).lines().count(), 1);
}

#[test]
fn a_full_stdout_is_a_failed_operation() {
    let desk = large_desk();
    for args in [
        &["export"][..],
        &["ls", "--all"],
        &["ls", "--all", "--json"],
        &["completions", "bash"],
    ] {
        let out = std_cmd(&desk, args).stdout(dev_full()).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.starts_with("git-desk: "), "{args:?}: {stderr}");
        assert!(stderr.contains("No space left"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
}
