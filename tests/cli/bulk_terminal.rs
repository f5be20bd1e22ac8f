//! Terminal habits of editors and bulk changes: a refused edit reopened with its error,
//! the editor chosen as git chooses it, questions before bulk changes typed at a terminal
//! (also when ids come through a pipe) and never in cron, refused tickets left out with
//! --skip-invalid, progress bars on a terminal only, summary lines, `sweep --dry-run
//! --json`.

use std::fs;
use std::process::Command as StdCommand;

use assert_cmd::Command;

use crate::common::terminal::{desk_line, screen_lines, Terminal};
use crate::common::TestDesk;

/// Five hours after the tests' fixed time: the default rule escalates tickets open at
/// Level 1 for more than 4 hours.
const LATER: &str = "2026-11-22T14:00:00Z";

/// A desk with `n` tickets at Level 1.
fn desk_with(n: usize) -> (TestDesk, Vec<String>) {
    let desk = TestDesk::new();
    let ids = (0..n)
        .map(|i| desk.new_ticket(&format!("Printer {i} offline"), &[]))
        .collect();
    (desk, ids)
}

/// A command with no terminal at all, as cron runs it: a session of its own, so not even
/// /dev/tty can be opened.
fn without_terminal(desk: &TestDesk, args: &[&str]) -> Command {
    let mut cmd = StdCommand::new("setsid");
    desk.setup(&mut cmd);
    cmd.arg("-w").arg(crate::common::bin()).args(args);
    Command::from_std(cmd)
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// An editor script that counts its runs in `NAME.runs` and runs `first` on its first
/// run, `then` on the later ones (`$1` is the file).
fn counting_editor(desk: &TestDesk, name: &str, first: &str, then: &str) -> String {
    let runs = desk.scratch().join(format!("{name}.runs"));
    desk.script(
        name,
        &format!(
            "echo x >> '{runs}'\nif [ $(wc -l < '{runs}') -eq 1 ]; then\n{first}\nelse\n{then}\nfi",
            runs = runs.display()
        ),
    )
    .display()
    .to_string()
}

fn runs(desk: &TestDesk, name: &str) -> usize {
    fs::read_to_string(desk.scratch().join(format!("{name}.runs")))
        .map(|t| t.lines().count())
        .unwrap_or(0)
}

#[test]
fn a_refused_edit_is_reopened_with_the_error_on_top_and_written_once_fixed() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("VPN drops", &[]);
    let seen = desk.scratch().join("second-round.toml");
    let editor = counting_editor(
        &desk,
        "fixer",
        "sed -i 's/^impact = .*/impact = \"enormous\"/' \"$1\"",
        &format!(
            "cp \"$1\" '{}'\nsed -i 's/^impact = .*/impact = \"high\"/' \"$1\"",
            seen.display()
        ),
    );
    let before = desk.commits();
    // EDITOR fails: GIT_EDITOR comes first.
    let screen = Terminal::new()
        .env("GIT_EDITOR", &editor)
        .env("EDITOR", "false")
        .run(|c| desk.setup(c), &["edit", &id]);
    assert!(screen.contains("edited"), "{screen}");
    assert_eq!(runs(&desk, "fixer"), 2);
    let second = fs::read_to_string(&seen).unwrap();
    let first_line = second.lines().next().unwrap();
    assert!(
        first_line.starts_with("# git-desk: error:") && first_line.contains("enormous"),
        "{second}"
    );
    // The person's text is what was reopened, not the template again.
    assert!(second.contains("impact = \"enormous\""), "{second}");
    assert_eq!(desk.show_json(&id)["impact"], "high");
    assert_eq!(desk.commits(), before + 1);
    assert!(
        !desk.last_message().contains("git-desk:"),
        "the notes never reach the ticket"
    );
    let drafts = desk.path().join(".git/desk");
    assert!(
        !fs::read_dir(&drafts).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .starts_with("edit-")),
        "the draft is removed once written"
    );
}

#[test]
fn a_refused_config_edit_given_up_keeps_the_text_and_writes_nothing() {
    let desk = TestDesk::new();
    let bad = desk
        .desk_toml()
        .replace("by_tier = false", "by_tier = \"maybe\"");
    let kept = desk.path().join(".git/desk/config-edit.toml");
    // Writes the same bad text every time.
    let editor = counting_editor(
        &desk,
        "stubborn",
        &format!("cp '{}' \"$1\"", desk.scratch().join("bad.toml").display()),
        &format!("cp '{}' \"$1\"", desk.scratch().join("bad.toml").display()),
    );
    fs::write(desk.scratch().join("bad.toml"), &bad).unwrap();
    let before = desk.tip();
    // Nobody at a terminal to fix it (a script): refused at once, the text kept.
    let out = desk
        .cmd(&["config", "edit"])
        .env("EDITOR", &editor)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("by_tier") && err.contains("nothing was committed"),
        "{err}"
    );
    assert!(
        err.contains(&format!("your text is kept in {}", kept.display())),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_eq!(runs(&desk, "stubborn"), 1);
    assert_eq!(fs::read_to_string(&kept).unwrap(), bad);
    assert_eq!(desk.tip(), before);

    // At a terminal it is reopened; saved unchanged after the error, it is given up.
    fs::remove_file(&kept).unwrap();
    let screen = Terminal::new()
        .env("EDITOR", &editor)
        .run(|c| desk.setup(c), &["config", "edit"]);
    assert_eq!(runs(&desk, "stubborn"), 3, "{screen}");
    assert!(screen.contains("your text is kept in"), "{screen}");
    assert!(fs::read_to_string(&kept).unwrap().ends_with(&bad));
    assert_eq!(desk.tip(), before);

    // Emptied after the error: given up, nothing written.
    let editor = counting_editor(
        &desk,
        "emptier",
        &format!("cp '{}' \"$1\"", desk.scratch().join("bad.toml").display()),
        ": > \"$1\"",
    );
    let screen = Terminal::new()
        .env("EDITOR", &editor)
        .run(|c| desk.setup(c), &["config", "edit"]);
    assert!(screen.contains("emptied: nothing was written"), "{screen}");
    assert_eq!(runs(&desk, "emptier"), 2);
    assert_eq!(desk.tip(), before);
}

#[test]
fn the_editor_is_chosen_as_git_chooses_it() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("VPN drops", &[]);
    // Each editor retitles the ticket with its name and how many arguments it got; the
    // file is the last.
    let editor = |name: &str| {
        desk.script(
            name,
            &format!(
                "for f; do :; done\nsed -i \"s/^title = .*/title = \\\"{name} $#\\\"/\" \"$f\""
            ),
        )
        .display()
        .to_string()
    };
    let (git, desk_editor, core, visual, plain) = (
        editor("git-editor"),
        editor("desk-editor"),
        editor("core-editor"),
        editor("visual"),
        editor("plain"),
    );
    desk.git(&["config", "desk.editor", &format!("{desk_editor} --wait")]);
    desk.git(&["config", "core.editor", &core]);
    let title = |envs: &[(&str, &str)]| {
        let mut cmd = desk.cmd(&["edit", &id]);
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        desk.show_json(&id)["title"].as_str().unwrap().to_string()
    };
    let all = [
        ("GIT_EDITOR", git.as_str()),
        ("VISUAL", visual.as_str()),
        ("EDITOR", plain.as_str()),
    ];
    assert!(title(&all).starts_with("git-editor"));
    // desk.editor comes next, with its argument passed through the shell.
    assert_eq!(title(&all[1..]), "desk-editor 2");
    desk.git(&["config", "--unset", "desk.editor"]);
    assert!(title(&all[1..]).starts_with("core-editor"));
    desk.git(&["config", "--unset", "core.editor"]);
    assert!(title(&all[1..]).starts_with("visual"));
    assert!(title(&all[2..]).starts_with("plain"));
}

#[test]
fn no_editor_and_no_terminal_is_bad_input() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("VPN drops", &[]);
    let before = desk.tip();
    // The timeout only stops a vi left waiting for a terminal that is not there.
    let out = without_terminal(&desk, &["edit", &id])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("no editor is configured and there is no terminal"),
        "{}",
        stderr(&out)
    );
    assert_eq!(desk.tip(), before);
}

#[test]
fn ids_piped_in_at_a_terminal_are_asked_about_on_the_terminal() {
    let (desk, ids) = desk_with(21);
    let before = desk.tip();
    let line = format!(
        "{} | {}",
        desk_line(&["ls", "--ids"]),
        desk_line(&["escalate", "--stdin", "--reason", "network"])
    );
    let screen = Terminal::new().keys(&["n"]).shell(|c| desk.setup(c), &line);
    assert!(screen.contains("escalate 21 tickets?"), "{screen}");
    assert!(screen.contains("stopped: nothing was changed"), "{screen}");
    assert_eq!(desk.tip(), before, "answering no writes nothing");

    let screen = Terminal::new().keys(&["y"]).shell(|c| desk.setup(c), &line);
    assert!(screen.contains("escalate 21 tickets?"), "{screen}");
    assert_eq!(desk.show_json(&ids[0])["tier"], 2, "{screen}");
}

#[test]
fn cron_and_yes_are_never_asked() {
    let (desk, ids) = desk_with(21);
    let listed = desk.run_ok(&["ls", "--ids"]);
    let out = without_terminal(&desk, &["escalate", "--stdin", "--reason", "network"])
        .write_stdin(listed)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("tickets?"), "{}", stderr(&out));
    assert_eq!(desk.show_json(&ids[20])["tier"], 2);

    let line = format!(
        "{} | {}",
        desk_line(&["ls", "--ids"]),
        desk_line(&["escalate", "--stdin", "--reason", "more", "--yes"])
    );
    let screen = Terminal::new().shell(|c| desk.setup(c), &line);
    assert!(!screen.contains("tickets?"), "{screen}");
    assert_eq!(desk.show_json(&ids[20])["tier"], 3, "{screen}");
}

#[test]
fn a_sweep_at_a_terminal_asks_before_changing_many() {
    let (desk, ids) = desk_with(21);
    let before = desk.tip();
    let screen = Terminal::new()
        .keys(&["n"])
        .env("DESK_NOW", LATER)
        .run(|c| desk.setup(c), &["sweep"]);
    assert!(screen.contains("would change 21 tickets"), "{screen}");
    assert_eq!(desk.tip(), before, "answering no writes nothing");
    // cron: no terminal, no question.
    let out = without_terminal(&desk, &["sweep"])
        .env("DESK_NOW", LATER)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(desk.show_json(&ids[0])["tier"], 2);
}

#[test]
fn skip_invalid_leaves_out_refused_tickets_named_by_their_short_ids() {
    let (desk, ids) = desk_with(3);
    let top = desk.new_ticket("Already with the vendor", &["--tier", "4"]);
    let short = desk.run_ok(&["ls", "--all"]);
    let short = short
        .lines()
        .find(|l| l.contains("Already with the vendor"))
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    assert_eq!(short.len(), 6, "tables print 6 characters");
    let mut args = vec!["escalate", &ids[0], &top, &ids[1], &ids[2], "--reason", "r"];
    let err = desk.refused(
        &mut desk.cmd(&args),
        &[
            "highest tier",
            "git desk ls --ids 'tier:<4' |",
            "--skip-invalid",
        ],
    );
    assert!(err.contains(&format!("{short} is already at L4")), "{err}");
    assert!(!err.contains(&top[..8]), "the id as tables print it: {err}");
    for id in &ids {
        assert_eq!(desk.show_json(id)["tier"], 1, "nothing was escalated");
    }

    args.push("--skip-invalid");
    let out = desk.cmd(&args).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    for id in &ids {
        assert_eq!(desk.show_json(id)["tier"], 2);
    }
    assert!(
        stdout(&out).starts_with("escalate 3 tickets: L1 -> L2"),
        "{}",
        stdout(&out)
    );
    assert!(
        stderr(&out).contains(&format!("{short} is already at L4")),
        "{}",
        stderr(&out)
    );
    // Every ticket refused: nothing to do is an error still.
    let out = desk
        .cmd(&[
            "escalate",
            &top,
            &top[..7],
            "--reason",
            "r",
            "--skip-invalid",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}

#[test]
fn a_progress_bar_shows_on_a_terminal_and_never_in_a_pipe() {
    let (desk, ids) = desk_with(25);
    let mut args = vec!["comment", "-m", "Toner ordered", "--yes"];
    args.extend(ids.iter().map(String::as_str));
    let screen = Terminal::new().run(|c| desk.setup(c), &args);
    assert!(screen.contains("/25 tickets"), "{screen}");
    // The bar is on stderr; the report on stdout is as without it.
    let report: Vec<String> = screen_lines(&screen)
        .into_iter()
        .filter(|l| l.starts_with("  "))
        .collect();
    assert_eq!(
        report,
        ["  25 change(s) on 25 tickets (--verbose lists each)"]
    );

    let out = desk.cmd(&args).output().unwrap();
    assert!(out.status.success());
    assert!(!stderr(&out).contains("tickets"), "{}", stderr(&out));
}

#[test]
fn many_tickets_get_a_summary_line_and_verbose_lists_each() {
    let (desk, ids) = desk_with(25);
    let mut args = vec!["escalate", "--reason", "network"];
    args.extend(ids.iter().map(String::as_str));
    let out = desk
        .cmd(&[&args[..], &["--dry-run"]].concat())
        .output()
        .unwrap();
    let lines: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(
        lines,
        [
            "would escalate 25 tickets: L1 -> L2",
            "  25 change(s) on 25 tickets (--verbose lists each)"
        ]
    );
    let out = desk
        .cmd(&[&args[..], &["--dry-run", "--verbose"]].concat())
        .output()
        .unwrap();
    let text = stdout(&out);
    assert_eq!(text.lines().count(), 26, "{text}");
    assert!(text.contains("Printer 24 offline"), "{text}");

    // Few tickets: a line each, as before.
    let out = desk
        .cmd(&["escalate", &ids[0], &ids[1], "--reason", "r", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(stdout(&out).lines().count(), 3, "{}", stdout(&out));
}

#[test]
fn sweep_dry_run_json_lists_each_firing() {
    let (desk, ids) = desk_with(2);
    let before = desk.tip();
    let out = desk
        .cmd(&["sweep", "--dry-run", "--json"])
        .env("DESK_NOW", LATER)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let firings = json.as_array().unwrap();
    assert_eq!(firings.len(), 2, "{json}");
    let mut seen: Vec<&str> = firings.iter().map(|f| f["id"].as_str().unwrap()).collect();
    seen.sort_unstable();
    let mut want: Vec<&str> = ids.iter().map(String::as_str).collect();
    want.sort_unstable();
    assert_eq!(seen, want);
    let f = &firings[0];
    assert_eq!(f["short_id"].as_str().unwrap().len(), 6);
    assert_eq!(f["rule"], 1);
    assert_eq!(f["when"], "tier:1 is:open age:>4h");
    assert_eq!(f["tier"], serde_json::json!({"from": 1, "to": 2}));
    assert!(f["title"].as_str().unwrap().starts_with("Printer"));
    assert_eq!(desk.tip(), before, "a dry run writes nothing");

    // Nothing to sweep is an empty array.
    let out = desk
        .cmd(&["sweep", "--dry-run", "--json"])
        .output()
        .unwrap();
    assert_eq!(stdout(&out).trim(), "[]");
    // --json is for the dry run.
    assert_eq!(
        desk.cmd(&["sweep", "--json"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
}
