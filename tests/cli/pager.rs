//! Long output through a pager on a terminal, as git pages: on a real pseudo-terminal a
//! fake pager marks every line it is given, so the screen shows which pager ran, if any.

use crate::common::terminal::{desk_line, screen_lines, Terminal};
use crate::common::{bin, TestDesk};

/// A pager script that marks each line it is given with `NAME>` and says what `LESS` it
/// was started with.
fn fake_pager(desk: &TestDesk, name: &str) -> String {
    desk.script(
        name,
        &format!("echo \"{name} LESS=${{LESS:-unset}}\"\nsed 's/^/{name}> /'"),
    )
    .display()
    .to_string()
}

/// A desk with two tickets and pagers `one`..`four` written beside it.
fn desk_with_pagers() -> (TestDesk, [String; 4]) {
    let desk = TestDesk::new();
    desk.new_ticket("VPN drops every 10 minutes", &[]);
    desk.new_ticket("Printer jams on tray 2", &[]);
    let pagers = ["one", "two", "three", "four"].map(|n| fake_pager(&desk, n));
    (desk, pagers)
}

/// The lines shown by `sh` `line` run on an 80-column terminal with `env` set, and the
/// exit code, printed after it.
fn shown(desk: &TestDesk, env: &[(&str, &str)], line: &str) -> Vec<String> {
    let mut terminal = Terminal::new();
    for (k, v) in env {
        terminal = terminal.env(k, v);
    }
    screen_lines(&terminal.shell(|cmd| desk.setup(cmd), &format!("{line}; echo \"exit=$?\"")))
}

fn marked_by(lines: &[String], name: &str) -> usize {
    let mark = format!("{name}> ");
    lines.iter().filter(|l| l.starts_with(&mark)).count()
}

#[test]
fn ls_on_a_terminal_goes_through_the_pager_with_less_options_set() {
    let (desk, [one, ..]) = desk_with_pagers();
    let lines = shown(&desk, &[("PAGER", &one)], &desk_line(&["ls"]));
    assert!(
        marked_by(&lines, "one") >= 3,
        "the header and both tickets went through the pager: {lines:#?}"
    );
    assert!(
        lines.iter().any(|l| l == "one LESS=FRX"),
        "LESS=FRX when LESS is unset: {lines:#?}"
    );
    assert!(lines.iter().any(|l| l == "exit=0"), "{lines:#?}");

    // A LESS of the person's own is left alone.
    let lines = shown(
        &desk,
        &[("PAGER", &one), ("LESS", "-S")],
        &desk_line(&["ls"]),
    );
    assert!(lines.iter().any(|l| l == "one LESS=-S"), "{lines:#?}");
}

#[test]
fn long_output_commands_page_and_writes_do_not() {
    let (desk, [one, ..]) = desk_with_pagers();
    let id = desk
        .run_ok(&["ls", "--ids"])
        .lines()
        .next()
        .unwrap()
        .to_string();
    for args in [
        vec!["show", id.as_str()],
        vec!["log", id.as_str()],
        vec!["log"],
        vec!["sla"],
        vec!["report"],
        vec!["config", "show"],
        vec!["kb", "ls"],
        vec!["ls", "--json"],
    ] {
        let lines = shown(&desk, &[("PAGER", &one)], &desk_line(&args));
        assert!(
            marked_by(&lines, "one") > 0,
            "`{}` pages: {lines:#?}",
            args.join(" ")
        );
    }
    for args in [
        vec!["comment", id.as_str(), "-m", "checked the cable"],
        vec!["new", "Monitor flickers", "--no-kb"],
        vec!["doctor"],
    ] {
        let lines = shown(&desk, &[("PAGER", &one)], &desk_line(&args));
        assert_eq!(
            marked_by(&lines, "one"),
            0,
            "`{}` does not page: {lines:#?}",
            args.join(" ")
        );
        assert!(
            lines.iter().all(|l| !l.starts_with("one LESS")),
            "{lines:#?}"
        );
    }
}

#[test]
fn no_pager_in_a_pipe_or_with_no_pager() {
    let (desk, [one, ..]) = desk_with_pagers();
    for line in [
        format!("{} | cat", desk_line(&["ls"])),
        desk_line(&["ls", "--no-pager"]),
        desk_line(&["-P", "ls"]),
        format!("{} > out.txt; cat out.txt", desk_line(&["ls"])),
    ] {
        let lines = shown(&desk, &[("PAGER", &one)], &line);
        assert_eq!(marked_by(&lines, "one"), 0, "{line}: {lines:#?}");
        assert!(
            lines.iter().any(|l| l.contains("VPN drops")),
            "the output itself is there: {line}: {lines:#?}"
        );
    }
}

#[test]
fn the_pager_is_chosen_in_gits_order() {
    let (desk, [one, two, three, four]) = desk_with_pagers();
    let ls = desk_line(&["ls"]);
    desk.git(&["config", "core.pager", &three]);
    let lines = shown(&desk, &[("PAGER", &four)], &ls);
    assert!(
        marked_by(&lines, "three") > 0,
        "core.pager over PAGER: {lines:#?}"
    );
    desk.git(&["config", "desk.pager", &two]);
    let lines = shown(&desk, &[("PAGER", &four)], &ls);
    assert!(
        marked_by(&lines, "two") > 0,
        "desk.pager over core.pager: {lines:#?}"
    );
    let lines = shown(&desk, &[("PAGER", &four), ("GIT_PAGER", &one)], &ls);
    assert!(
        marked_by(&lines, "one") > 0,
        "GIT_PAGER over desk.pager: {lines:#?}"
    );

    // desk.pager=false turns paging off whatever else says, and so does an empty one.
    for off in ["false", ""] {
        desk.git(&["config", "desk.pager", off]);
        let lines = shown(&desk, &[("PAGER", &four), ("GIT_PAGER", &one)], &ls);
        let paged: usize = ["one", "two", "three", "four"]
            .iter()
            .map(|n| marked_by(&lines, n))
            .sum();
        assert_eq!(paged, 0, "desk.pager={off:?}: {lines:#?}");
        assert!(lines.iter().any(|l| l.contains("VPN drops")), "{lines:#?}");
    }

    // `git -c desk.pager=...` as git runs git-desk: through GIT_CONFIG_PARAMETERS.
    desk.git(&["config", "--unset", "desk.pager"]);
    let dir = bin().parent().unwrap().display().to_string();
    let lines = shown(
        &desk,
        &[("PAGER", &four)],
        &format!("PATH='{dir}':$PATH git -c desk.pager='{two}' desk ls"),
    );
    assert!(
        marked_by(&lines, "two") > 0,
        "git -c desk.pager: {lines:#?}"
    );
    let lines = shown(
        &desk,
        &[("PAGER", &four)],
        &format!("PATH='{dir}':$PATH git -c desk.pager=false desk ls"),
    );
    assert_eq!(
        marked_by(&lines, "four") + marked_by(&lines, "three"),
        0,
        "{lines:#?}"
    );
    assert!(lines.iter().any(|l| l.contains("VPN drops")), "{lines:#?}");
}

#[test]
fn colour_goes_through_the_pager() {
    let (desk, [one, ..]) = desk_with_pagers();
    let screen = Terminal::new()
        .colour(true)
        .env("PAGER", &one)
        .run(|cmd| desk.setup(cmd), &["ls"]);
    assert!(
        screen
            .lines()
            .any(|l| l.starts_with("one> ") && l.contains("\x1b[")),
        "colour codes reach the pager (less -R shows them): {screen:?}"
    );
}

#[test]
fn a_pager_quit_early_ends_the_command_quietly_and_errors_still_show() {
    let desk = TestDesk::new();
    // More than a pipe holds (64 KiB), so writing goes on after the pager has quit.
    let long = "The fan spins up and the screen stays dark. ".repeat(50);
    for i in 0..60 {
        desk.new_ticket(&format!("Laptop {i} will not boot"), &["-m", &long]);
    }
    let quitter = desk
        .script("quitter", "head -n 1 >/dev/null; exit 0")
        .display()
        .to_string();
    for args in [vec!["ls"], vec!["log"], vec!["ls", "--json"]] {
        let lines = shown(&desk, &[("PAGER", &quitter)], &desk_line(&args));
        assert!(
            lines.iter().any(|l| l == "exit=0"),
            "`{}` exits 0 as git does when the pager is quit: {lines:#?}",
            args.join(" ")
        );
        assert!(
            !lines
                .iter()
                .any(|l| l.contains("git-desk:") || l.contains("panicked")),
            "{lines:#?}"
        );
        assert!(
            !lines
                .iter()
                .any(|l| l.contains("Laptop") || l.contains("description")),
            "what the pager did not take never reaches the terminal: {lines:#?}"
        );
    }
    // A command that fails while paging still says why, with its exit code.
    let one = fake_pager(&desk, "one");
    let lines = shown(&desk, &[("PAGER", &one)], &desk_line(&["ls", "colour:red"]));
    assert!(
        lines
            .iter()
            .any(|l| l.contains("git-desk:") && l.contains("colour")),
        "{lines:#?}"
    );
    assert!(lines.iter().any(|l| l == "exit=2"), "{lines:#?}");
}

#[test]
fn a_signal_while_paging_waits_for_the_pager_before_ending() {
    let desk = TestDesk::new();
    desk.new_ticket("VPN drops every 10 minutes", &[]);
    let started = desk.scratch().join("pager-started");
    // A pager that reads to the end, then takes its time, as a person reading does.
    let slow = desk
        .script(
            "slow",
            &format!(
                "touch '{}'\ncat >/dev/null\nsleep 1\necho pager-finished",
                started.display()
            ),
        )
        .display()
        .to_string();
    let line = format!(
        "{} & pid=$!; while [ ! -e '{}' ]; do sleep 0.1; done; kill -TERM $pid; wait $pid; echo \"desk-ended=$?\"",
        desk_line(&["ls"]),
        started.display()
    );
    let lines = shown(&desk, &[("PAGER", &slow)], &line);
    let finished = lines.iter().position(|l| l == "pager-finished");
    let ended = lines.iter().position(|l| l.starts_with("desk-ended="));
    assert!(
        finished.is_some() && ended.is_some() && finished < ended,
        "git-desk ends only after its pager: {lines:#?}"
    );
}
