//! Behaviour on a real terminal: a pseudo-terminal made by `script(1)` runs the binary,
//! another thread types the answers. Prompts, confirmation, colour, and escape sequences
//! from ticket text that must never reach the screen.

use crate::common::terminal::Terminal;
use crate::common::TestDesk;

/// Runs `git-desk ARGS` on an 80-column pseudo-terminal, typing `keys` (after a pause
/// each), and returns everything the terminal showed.
fn on_terminal(desk: &TestDesk, args: &[&str], keys: &[&str], colour: bool) -> String {
    Terminal::new()
        .keys(keys)
        .colour(colour)
        .run(|cmd| desk.setup(cmd), args)
}

#[test]
fn new_asks_for_a_title_on_a_terminal() {
    let desk = TestDesk::new();
    let screen = on_terminal(
        &desk,
        &["new"],
        &["Laptop fan is loud\r", "Since the BIOS update\r"],
        false,
    );
    assert!(screen.contains("Title"), "{screen}");
    let ids = desk.run_ok(&["ls", "--ids"]);
    assert_eq!(ids.lines().count(), 1, "{screen}");
    let ticket = desk.show_json(ids.trim());
    assert_eq!(ticket["title"], "Laptop fan is loud");
    assert_eq!(ticket["description"], "Since the BIOS update");
}

#[test]
fn a_bulk_change_asks_first_on_a_terminal() {
    let desk = TestDesk::new();
    let mut ids = Vec::new();
    for i in 0..21 {
        ids.push(desk.new_ticket(&format!("Printer {i} offline"), &[]));
    }
    let before = desk.tip();
    let mut args = vec!["comment", "-m", "Toner ordered"];
    args.extend(ids.iter().map(String::as_str));
    let screen = on_terminal(&desk, &args, &["n"], false);
    assert!(screen.contains("comment 21 tickets?"), "{screen}");
    assert_eq!(desk.tip(), before, "answering no writes nothing");

    args.push("--yes");
    let screen = on_terminal(&desk, &args, &[], false);
    assert!(!screen.contains("tickets?"), "{screen}");
    assert_ne!(desk.tip(), before);
    assert!(desk.last_message().starts_with("comment 21 tickets"));
}

#[test]
fn escape_sequences_in_ticket_text_never_reach_the_terminal() {
    let desk = TestDesk::new();
    let evil = "Evil \x1b[31mRED\x1b[0m title \x1b]0;pwned\x07 end";
    let id = desk.new_ticket(evil, &["-m", "body \x1b[2J cleared?"]);
    desk.run_ok(&["comment", &id, "-m", "note \x1b[5mblink"]);
    for args in [vec!["ls"], vec!["show", &id], vec!["log", &id], vec!["log"]] {
        let screen = on_terminal(&desk, &args, &[], true);
        assert!(screen.contains("RED"), "{args:?}: {screen}");
        for bad in ["\x1b[31mRED", "\x1b]0;", "\x07", "\x1b[2J", "\x1b[5m"] {
            assert!(
                !screen.contains(bad),
                "{args:?} let {bad:?} through: {screen:?}"
            );
        }
    }
}

#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let desk = TestDesk::new();
    desk.new_ticket(
        "Email down for everyone",
        &["--impact", "high", "--urgency", "high"],
    );
    let coloured = on_terminal(&desk, &["ls"], &[], true);
    assert!(
        coloured.contains("\x1b["),
        "colour on a terminal: {coloured:?}"
    );
    let plain = on_terminal(&desk, &["ls"], &[], false);
    assert!(!plain.contains("\x1b[3"), "NO_COLOR: {plain:?}");
    let piped = desk.cmd(&["ls"]).env_remove("NO_COLOR").output().unwrap();
    assert!(!String::from_utf8_lossy(&piped.stdout).contains('\x1b'));
    let forced = desk.cmd(&["ls", "--color", "always"]).output().unwrap();
    assert!(String::from_utf8_lossy(&forced.stdout).contains("\x1b["));
}

#[test]
fn new_on_a_terminal_offers_articles_and_records_a_deflection() {
    let desk = TestDesk::new();
    let slug = desk.run_ok(&[
        "kb",
        "new",
        "Printer paper jam",
        "-m",
        "Open tray 2 and remove the paper.",
    ]);
    let slug = slug.trim().to_string();
    // The article is read (its number), then "n": it answered it.
    let screen = on_terminal(&desk, &["new", "printer paper jam"], &["1\r", "n\r"], false);
    assert!(screen.contains(&format!("kb {slug}")), "{screen}");
    assert!(
        screen.contains("Open tray 2 and remove the paper."),
        "{screen}"
    );
    assert_eq!(
        desk.run_ok(&["ls", "--ids", "--all"]).trim(),
        "",
        "not filed: {screen}"
    );
    let article: serde_json::Value =
        serde_json::from_str(&desk.run_ok(&["kb", "show", &slug, "--json"])).unwrap();
    assert_eq!(article["deflections"][0]["query"], "printer paper jam");
    assert!(desk
        .last_message()
        .starts_with(&format!("kb deflect {slug}")));

    let screen = on_terminal(&desk, &["new", "printer paper jam"], &["y\r"], false);
    assert_eq!(
        desk.run_ok(&["ls", "--ids"]).lines().count(),
        1,
        "filed: {screen}"
    );
    let screen = on_terminal(&desk, &["new", "printer paper jam", "--no-kb"], &[], false);
    assert!(!screen.contains("may already answer"), "{screen}");
}
