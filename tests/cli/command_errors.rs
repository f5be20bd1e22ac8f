//! Errors as the CLI prints them: the exit code says whose fault it is (2: the input, 1: an
//! operation), and the one line says what is wrong and, from the CLI, which flag or
//! command fixes it.

use crate::common::TestDesk;

/// Runs `cmd` and returns its exit code and stderr.
fn failed(cmd: &mut assert_cmd::Command) -> (Option<i32>, String) {
    let output = cmd.output().expect("run git-desk");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).to_string(),
    )
}

#[test]
fn an_editor_that_is_not_installed_is_bad_input() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Printer jams", &[]);
    let stderr = desk.refused(
        desk.cmd(&["edit", &id])
            .env("EDITOR", "/nonexistent/editor --wait"),
        &[],
    );
    assert_eq!(
        stderr,
        "git-desk: cannot find the editor '/nonexistent/editor': set EDITOR or VISUAL to an editor that is installed\n"
    );
}

#[test]
fn an_editor_that_fails_is_a_failed_operation_and_changes_nothing() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Printer jams", &[]);
    let before = desk.tip();
    let editor = desk.script("quit.sh", "exit 1");
    let (code, stderr) = failed(desk.cmd(&["edit", &id]).env("EDITOR", &editor));
    assert_eq!(code, Some(1), "{stderr}");
    assert_eq!(desk.tip(), before);
    assert_eq!(
        stderr,
        format!(
            "git-desk: the editor '{}' failed (exit status: 1): nothing was changed; set EDITOR or VISUAL to a working editor\n",
            editor.display()
        )
    );
}

#[test]
fn the_merge_driver_on_a_file_that_is_no_ticket_is_bad_input() {
    let desk = TestDesk::new();
    let dir = desk.scratch();
    for name in ["base", "ours", "theirs"] {
        std::fs::write(dir.join(name), "just = \"text\"\n").unwrap();
    }
    let path = |n: &str| dir.join(n).display().to_string();
    let (code, stderr) = failed(&mut desk.cmd(&[
        "merge-driver",
        &path("base"),
        &path("ours"),
        &path("theirs"),
    ]));
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "git-desk: {} is not a ticket file (no id): leave it to git's own merge\n",
            path("ours")
        )
    );
}

#[test]
fn the_merge_driver_on_a_broken_ticket_is_bad_input() {
    let desk = TestDesk::new();
    let dir = desk.scratch();
    let id = "0123456789abcdef";
    std::fs::write(dir.join("base"), "").unwrap();
    std::fs::write(dir.join("ours"), format!("id = \"{id}\"\ntitle = 7\n")).unwrap();
    std::fs::write(dir.join("theirs"), format!("id = \"{id}\"\n")).unwrap();
    let path = |n: &str| dir.join(n).display().to_string();
    let (code, stderr) = failed(&mut desk.cmd(&[
        "merge-driver",
        &path("base"),
        &path("ours"),
        &path("theirs"),
    ]));
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.starts_with(&format!(
            "git-desk: cannot merge our version of ticket {id}: "
        )),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn a_missing_article_gets_the_command_that_lists_them() {
    let desk = TestDesk::new();
    let stderr = desk.refused(&mut desk.cmd(&["kb", "show", "no-such-thing"]), &[]);
    assert_eq!(
        stderr,
        "git-desk: no knowledge-base article 'no-such-thing': list them with `git desk kb ls`\n"
    );
}

#[test]
fn a_bad_branch_name_gets_the_flag_that_names_another() {
    let desk = TestDesk::without_desk();
    let (code, stderr) = failed(&mut desk.cmd(&["init", "--branch", "bad..name"]));
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(
        stderr,
        "git-desk: 'bad..name' is not a valid branch name: pick another with --branch\n"
    );
}

#[test]
fn a_branch_that_is_no_desk_gets_the_flag_for_another() {
    let desk = TestDesk::without_desk();
    desk.git(&["commit", "--allow-empty", "-q", "-m", "first"]);
    desk.git(&["branch", "taken"]);
    let (code, stderr) = failed(&mut desk.cmd(&["init", "--branch", "taken"]));
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(
        stderr,
        "git-desk: branch 'taken' already exists and is not a desk: create the desk on another branch with --branch NAME\n"
    );
}

#[test]
fn a_bad_ticket_prefix_points_at_the_list() {
    let desk = TestDesk::new();
    let stderr = desk.refused(&mut desk.cmd(&["show", "zz!"]), &[]);
    assert_eq!(
        stderr,
        "git-desk: 'zz!' is not a ticket id: ids use 0-9 and a-z without i, l, o, u (see `git desk ls`)\n"
    );
}

#[test]
fn a_taken_slug_gets_the_flag_and_the_command() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("VPN drops", &[]);
    desk.run_ok(&["resolve", &id, "--resolution", "Rekeyed the tunnel"]);
    desk.run_ok(&["kb", "publish", &id, "--slug", "vpn-rekey"]);
    let other = desk.new_ticket("VPN drops again", &[]);
    desk.run_ok(&["resolve", &other, "--resolution", "Rekeyed again"]);
    let stderr = desk.refused(
        &mut desk.cmd(&["kb", "publish", &other, "--slug", "vpn-rekey"]),
        &[],
    );
    assert_eq!(
        stderr,
        "git-desk: a knowledge-base article 'vpn-rekey' already exists (kb/vpn-rekey.md): choose another slug with --slug, or change it with `git desk kb edit vpn-rekey`\n"
    );
}

#[test]
fn a_remote_branch_that_is_no_desk_gets_the_flag_for_another() {
    let desk = TestDesk::new();
    let other = desk.scratch().join("other");
    std::fs::create_dir_all(&other).unwrap();
    let git = |args: &[&str]| {
        let mut cmd = desk.git_cmd(args);
        cmd.current_dir(&other);
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q", "-b", "desk"]);
    std::fs::write(other.join("README"), "not a desk\n").unwrap();
    git(&["add", "README"]);
    git(&["commit", "-q", "-m", "readme"]);
    let before = desk.tip();
    let (code, stderr) = failed(&mut desk.cmd(&["pull", other.to_str().unwrap()]));
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "git-desk: the 'desk' branch of remote '{}' is not a desk (it has no desk.toml): sync with another branch using --branch\n",
            other.display()
        )
    );
    assert_eq!(desk.tip(), before);
}
