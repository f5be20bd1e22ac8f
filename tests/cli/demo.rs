//! `git desk demo`: a working desk for a newcomer, with no setup at all.

use crate::common::TestDesk;

#[test]
fn demo_builds_a_desk_with_every_tier_without_a_git_identity() {
    let desk = TestDesk::without_desk();
    std::fs::write(desk.gitconfig(), "").unwrap();
    let dir = desk.scratch().join("demo");
    let out = desk
        .cmd(&["demo", dir.to_str().unwrap()])
        .assert()
        .success();
    let listing = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(listing.lines().count() > 30, "{listing}");

    let json = desk
        .cmd(&["-C", dir.to_str().unwrap(), "ls", "--all", "--json"])
        .assert()
        .success();
    let tickets: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    let tickets = tickets.as_array().unwrap();
    assert!(tickets.len() >= 30, "a few dozen tickets");
    for tier in 0..=4 {
        assert!(
            tickets.iter().any(|t| t["tier"] == tier),
            "a ticket at tier {tier}"
        );
    }
    for status in ["new", "in-progress", "pending", "resolved", "closed"] {
        assert!(tickets.iter().any(|t| t["status"] == status), "{status}");
    }
    let log = std::process::Command::new("git")
        .args(["-C", dir.to_str().unwrap(), "log", "--format=%B", "desk"])
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&log.stdout);
    assert!(log.contains("Desk-Action: escalate") && log.contains("Desk-Tier: 1 -> 2"));
    let fsck = std::process::Command::new("git")
        .args(["-C", dir.to_str().unwrap(), "fsck", "--strict"])
        .output()
        .unwrap();
    assert!(fsck.status.success());
}

#[test]
fn demo_refuses_a_directory_that_is_not_empty() {
    let desk = TestDesk::without_desk();
    let dir = desk.scratch().join("full");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("keep.txt"), "mine").unwrap();
    let out = desk.cmd(&["demo", dir.to_str().unwrap()]).assert().code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(
        stderr.starts_with("git-desk: ") && stderr.contains("not empty"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("keep.txt")).unwrap(),
        "mine"
    );
    assert!(!dir.join(".git").exists());
}
