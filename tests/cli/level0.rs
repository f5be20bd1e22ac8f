//! Level 0 while filing: the articles offered on a terminal (read one by its number,
//! a deflection only for an article opened), never without one; `new --dry-run`; and
//! the knowledge base's index, which must answer as the articles themselves would.

use crate::common::terminal::{desk_line, screen_lines, Terminal};
use crate::common::TestDesk;

/// The knowledge base's index in the repository's cache directory.
fn index_file(desk: &TestDesk) -> std::path::PathBuf {
    desk.path().join(".git/desk/cache/desk/kb.index")
}

/// A desk with two printer articles; their slugs.
fn printer_desk() -> (TestDesk, String, String) {
    let desk = TestDesk::new();
    let jam = desk.run_ok(&[
        "kb",
        "new",
        "Printer paper jam",
        "-m",
        "Open tray 2 and pull the crumpled sheet out slowly.",
    ]);
    let offline = desk.run_ok(&[
        "kb",
        "new",
        "Printer offline",
        "-t",
        "printer",
        "-m",
        "Switch the printer off and on; then print a test page.",
    ]);
    (desk, jam.trim().to_string(), offline.trim().to_string())
}

fn deflections(desk: &TestDesk, slug: &str) -> Vec<serde_json::Value> {
    let article: serde_json::Value =
        serde_json::from_str(&desk.run_ok(&["kb", "show", slug, "--json"])).unwrap();
    article["deflections"].as_array().unwrap().clone()
}

fn on_terminal(desk: &TestDesk, args: &[&str], keys: &[&str]) -> String {
    Terminal::new()
        .columns(100)
        .keys(keys)
        .run(|cmd| desk.setup(cmd), args)
}

#[test]
fn the_prompt_shows_an_article_by_its_number_and_the_one_read_is_the_deflection() {
    let (desk, jam, offline) = printer_desk();
    // 1 shows the best match's text; "n" then records that the person read it instead.
    let screen = on_terminal(&desk, &["new", "printer paper jam"], &["1\r", "n\r"]);
    let lines = screen_lines(&screen);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("1  kb ") && l.contains(&jam)),
        "numbered: {screen}"
    );
    assert!(
        screen.contains("Open tray 2 and pull the crumpled sheet out slowly."),
        "the article's text is shown: {screen}"
    );
    assert!(screen.contains("1-2 to read an article"), "{screen}");
    assert_eq!(
        desk.run_ok(&["ls", "--ids", "--all"]).trim(),
        "",
        "{screen}"
    );
    let recorded = deflections(&desk, &jam);
    assert_eq!(recorded.len(), 1, "{screen}");
    assert_eq!(recorded[0]["query"], "printer paper jam");
    assert_eq!(recorded[0]["by"], "alice@example.com");
    assert!(deflections(&desk, &offline).is_empty());
    assert!(desk
        .last_message()
        .starts_with(&format!("kb deflect {jam}")));

    // Read the second, then the first: the last one read is the one that answered it.
    let commits = desk.commits();
    let screen = on_terminal(&desk, &["new", "printer paper jam"], &["2\r", "1\r", "n\r"]);
    assert!(screen.contains("Switch the printer off and on"), "{screen}");
    assert_eq!(desk.commits(), commits + 1, "one deflection: {screen}");
    assert_eq!(deflections(&desk, &jam).len(), 2, "{screen}");
    assert!(deflections(&desk, &offline).is_empty(), "{screen}");
}

#[test]
fn no_without_opening_an_article_records_nothing() {
    let (desk, jam, offline) = printer_desk();
    let commits = desk.commits();
    let screen = on_terminal(&desk, &["new", "printer paper jam"], &["n\r"]);
    assert!(screen.contains("may already answer it"), "{screen}");
    assert!(
        !screen.contains("crumpled sheet"),
        "nothing opened: {screen}"
    );
    assert!(screen.contains("no deflection is recorded"), "{screen}");
    assert_eq!(desk.commits(), commits, "nothing written: {screen}");
    assert_eq!(desk.run_ok(&["ls", "--ids", "--all"]).trim(), "");
    assert!(deflections(&desk, &jam).is_empty());
    assert!(deflections(&desk, &offline).is_empty());

    // Something that is not an answer is said so and asked again; reading an article and
    // filing anyway records no deflection either.
    let screen = on_terminal(&desk, &["new", "printer paper jam"], &["7\r", "2\r", "y\r"]);
    assert!(screen.contains("'7' is not an answer"), "{screen}");
    assert!(screen.contains("Switch the printer off and on"), "{screen}");
    assert_eq!(
        desk.run_ok(&["ls", "--ids"]).lines().count(),
        1,
        "filed: {screen}"
    );
    assert!(deflections(&desk, &jam).is_empty());
    assert!(deflections(&desk, &offline).is_empty());
}

#[test]
fn without_a_terminal_nothing_is_offered_or_looked_for() {
    let (desk, _, _) = printer_desk();
    // A script: no prompt, filed at once, and the articles are not even searched (the
    // search would bring the knowledge base's index into being).
    let id = desk.new_ticket("printer paper jam", &["-m", "tray 2"]);
    assert_eq!(desk.show_json(&id)["title"], "printer paper jam");
    assert!(!index_file(&desk).exists(), "no suggestion was computed");

    // On a terminal but reading from a pipe (cron, `... | git desk new`): no prompt.
    let screen = Terminal::new().shell(
        |cmd| desk.setup(cmd),
        &format!("{} </dev/null", desk_line(&["new", "printer paper jam"])),
    );
    assert!(!screen.contains("may already answer"), "{screen}");
    assert_eq!(desk.run_ok(&["ls", "--ids"]).lines().count(), 2, "{screen}");
    assert!(!index_file(&desk).exists(), "no suggestion was computed");

    // --json prints them for whoever reads it: they are looked for then.
    let json: serde_json::Value =
        serde_json::from_str(&desk.run_ok(&["new", "printer paper jam", "--json"])).unwrap();
    assert_eq!(json["suggested_kb"][0]["slug"], "printer-paper-jam");
    assert!(index_file(&desk).exists());
}

/// desk.toml with a routing rule: printer tickets go to L2's hardware team at P2.
fn with_routing(desk: &TestDesk) {
    let config = desk.git(&["show", "desk:desk.toml"]);
    let config = format!(
        "{config}\n[teams.hardware]\nmembers = [\"hw1@example.com\", \"hw2@example.com\"]\ntiers = [2]\n\n[[routing]]\nwhen = \"label:printer\"\ntier = 2\nteam = \"hardware\"\nround_robin = true\npriority = \"P2\"\n"
    );
    desk.commit_on_desk("desk.toml", &config);
}

#[test]
fn dry_run_shows_what_would_be_filed_and_writes_nothing() {
    let desk = TestDesk::new();
    with_routing(&desk);
    let tip = desk.tip();
    let args = ["new", "Printer on fire", "-l", "printer", "--dry-run"];
    let out = desk.cmd(&args).assert().success().get_output().clone();
    let text = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    for expected in [
        "title      Printer on fire",
        "priority   P2 (routing rule #1: label:printer)",
        "tier       L2 ",
        "team       hardware",
        "assignee   hw1@example.com",
        "routing    rule #1 (label:printer)",
        "response   due 2026-",
        "resolution due 2026-",
    ] {
        assert!(text.contains(expected), "{expected:?} in:\n{text}");
    }
    assert!(stderr.contains("nothing filed (--dry-run)"), "{stderr}");
    assert_eq!(desk.tip(), tip, "nothing written");

    let plan: serde_json::Value = serde_json::from_str(&desk.run_ok(&[
        "new",
        "Printer on fire",
        "-l",
        "printer",
        "--dry-run",
        "--json",
    ]))
    .unwrap();
    assert_eq!(plan["dry_run"], true);
    assert_eq!(plan["id"], serde_json::Value::Null);
    assert_eq!(plan["routing"][0]["rule"], 1);
    assert_eq!(plan["routing"][0]["when"], "label:printer");
    assert_eq!(desk.tip(), tip, "nothing written");

    // What is then filed is what the dry run said.
    let id = desk.new_ticket("Printer on fire", &["-l", "printer"]);
    let filed = desk.show_json(&id);
    for key in [
        "title", "tier", "team", "priority", "assignee", "reporter", "labels", "status",
    ] {
        assert_eq!(plan[key], filed[key], "{key}");
    }
    assert_eq!(
        plan["sla"]["response"]["due"],
        filed["sla"]["response"]["due"]
    );
    assert_eq!(
        plan["sla"]["resolution"]["due"],
        filed["sla"]["resolution"]["due"]
    );
    assert!(plan["sla"]["response"]["due"].is_string(), "{plan}");

    // Without a rule: said so.
    let text = desk.run_ok(&["new", "Mouse squeaks", "--dry-run"]);
    assert!(text.contains("routing    no rule matched"), "{text}");
    assert!(text.contains("tier       L1 "), "{text}");
}

#[test]
fn dry_run_refuses_bad_input_as_filing_does() {
    let desk = TestDesk::new();
    desk.refused(
        &mut desk.cmd(&["new", "Printer", "--priority", "P9", "--dry-run"]),
        &["P9"],
    );
    desk.refused(
        &mut desk.cmd(&["new", "Printer", "--site", "mars", "--dry-run"]),
        &["mars"],
    );
    desk.refused(&mut desk.cmd(&["new", "--dry-run"]), &["no title"]);
    assert_eq!(desk.run_ok(&["ls", "--ids", "--all"]).trim(), "");
}

fn search(desk: &TestDesk, words: &str) -> String {
    desk.run_ok(&["kb", "search", words, "--json"])
}

#[test]
fn the_index_answers_as_the_articles_do_after_any_change() {
    let (desk, jam, _) = printer_desk();
    let first = search(&desk, "printer");
    assert!(index_file(&desk).exists(), "the search keeps an index");
    assert_eq!(search(&desk, "printer"), first, "read back from the index");
    std::fs::remove_file(index_file(&desk)).unwrap();
    assert_eq!(search(&desk, "printer"), first, "deleted: the same results");

    // A new article (a new kb tree): the index is stale, the results are not.
    desk.run_ok(&[
        "kb",
        "new",
        "Printer toner low",
        "-m",
        "Order toner from the catalogue.",
    ]);
    let after = search(&desk, "printer toner");
    assert!(after.contains("printer-toner-low"), "{after}");
    // An article changed by hand with plain git: its new words are found, its old ones not.
    let text = desk.git(&["show", &format!("desk:kb/{jam}.md")]);
    desk.commit_on_desk(
        &format!("kb/{jam}.md"),
        &text.replace("crumpled sheet", "wrinkled envelope"),
    );
    let hits = search(&desk, "envelope");
    assert!(hits.contains(&jam), "{hits}");
    assert!(!search(&desk, "crumpled").contains(&jam));
    let warm = search(&desk, "printer toner");
    std::fs::remove_file(index_file(&desk)).unwrap();
    assert_eq!(search(&desk, "printer toner"), warm, "as if built anew");

    // A corrupt index is rebuilt silently, with the same results.
    let bytes = std::fs::read(index_file(&desk)).unwrap();
    let mut bad = bytes.clone();
    let middle = bad.len() / 2;
    bad[middle] ^= 0xff;
    std::fs::write(index_file(&desk), &bad).unwrap();
    let out = desk
        .cmd(&["kb", "search", "printer toner", "--json"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), warm);
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "silently");
    std::fs::write(index_file(&desk), b"short").unwrap();
    assert_eq!(search(&desk, "printer toner"), warm);

    // An index of another kb tree put back (an older file): stale, not trusted.
    desk.run_ok(&["kb", "new", "Scanner jam", "-m", "Lift the lid."]);
    std::fs::write(index_file(&desk), &bytes).unwrap();
    let hits = search(&desk, "jam");
    assert!(
        hits.contains("scanner-jam") && hits.contains(&jam),
        "{hits}"
    );
}

#[test]
fn a_broken_article_is_warned_about_from_the_index_too() {
    let (desk, _, _) = printer_desk();
    desk.commit_on_desk("kb/broken.md", "no front matter here\n");
    for run in ["cold", "warm"] {
        let out = desk
            .cmd(&["kb", "search", "printer"])
            .assert()
            .success()
            .get_output()
            .clone();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("kb/broken.md is broken"), "{run}: {stderr}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("printer-paper-jam"),
            "{run}"
        );
    }
}
