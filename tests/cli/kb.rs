//! The knowledge base (Level 0): `kb new`, `ls`, `show`, `edit` and `search` through the
//! binary, on a real desk branch.

use serde_json::Value;

use crate::common::{TestDesk, ALICE, NOW};

/// `kb new ARGS`, checked to make exactly one commit; returns the printed slug.
fn kb_new(desk: &TestDesk, args: &[&str]) -> String {
    let before = desk.commits();
    let mut all = vec!["kb", "new"];
    all.extend_from_slice(args);
    let slug = desk.run_ok(&all).trim().to_string();
    assert_eq!(desk.commits(), before + 1, "{args:?} makes one commit");
    slug
}

/// The article file as it is on the desk branch.
fn article(desk: &TestDesk, slug: &str) -> String {
    desk.git(&["show", &format!("desk:kb/{slug}.md")])
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

/// An EDITOR that runs `sed` expressions on the file.
fn sed_editor(desk: &TestDesk, name: &str, expressions: &str) -> String {
    desk.script(name, &format!("sed -i {expressions} \"$1\""))
        .display()
        .to_string()
}

#[test]
fn new_writes_one_article_in_one_commit() {
    let desk = TestDesk::new();
    let slug = kb_new(
        &desk,
        &[
            "VPN drops after rekey",
            "--tag",
            "vpn",
            "-t",
            "Network",
            "-m",
            "Update the client to 6.2.",
        ],
    );
    assert_eq!(slug, "vpn-drops-after-rekey");
    let message = desk.last_message();
    assert!(
        message.starts_with("kb new vpn-drops-after-rekey: VPN drops after rekey\n"),
        "{message}"
    );
    assert!(message.contains("\nDesk-Action: kb\n"), "{message}");
    assert!(!message.contains("Desk-Ticket"), "{message}");
    let text = article(&desk, &slug);
    assert!(
        text.starts_with("+++\ntitle = \"VPN drops after rekey\"\n"),
        "{text}"
    );
    assert!(text.contains("tags = [\"vpn\", \"network\"]\n"), "{text}");
    assert!(text.contains("tier = 0\n"), "{text}");
    assert!(text.contains(&format!("author = \"{ALICE}\"\n")), "{text}");
    assert!(text.contains(&format!("created = {NOW}\n")), "{text}");
    assert!(
        text.ends_with("\n+++\n\nUpdate the client to 6.2.\n"),
        "{text}"
    );
    let names = desk.git(&["ls-tree", "-r", "--name-only", "desk"]);
    assert!(
        names.lines().any(|l| l == "kb/vpn-drops-after-rekey.md"),
        "{names}"
    );
    // The user's work tree and HEAD are left alone.
    assert_eq!(
        desk.git(&["symbolic-ref", "HEAD"]).trim(),
        "refs/heads/main"
    );
    assert!(!desk.path().join("kb").exists());
}

#[test]
fn new_takes_a_slug_and_a_tier() {
    let desk = TestDesk::new();
    let slug = kb_new(
        &desk,
        &["Outlook search", "--slug", "outlook-idx", "--tier", "2"],
    );
    assert_eq!(slug, "outlook-idx");
    let shown = json(&desk.run_ok(&["kb", "show", "outlook-idx", "--json"]));
    assert_eq!(shown["tier"], 2);
    assert_eq!(shown["body"], "");
}

#[test]
fn new_refuses_bad_input_and_writes_nothing() {
    let desk = TestDesk::new();
    kb_new(&desk, &["Printer paper jam", "-m", "Open tray 2."]);
    let before = article(&desk, "printer-paper-jam");
    desk.refused(
        &mut desk.cmd(&["kb", "new", "Printer: paper jam!", "-m", "other text"]),
        &["printer-paper-jam", "already exists", "--slug"],
    );
    desk.refused(
        &mut desk.cmd(&["kb", "new", "Another", "--slug", "printer-paper-jam"]),
        &["printer-paper-jam", "--slug"],
    );
    assert_eq!(article(&desk, "printer-paper-jam"), before);
    desk.refused(
        &mut desk.cmd(&["kb", "new", "Title", "--slug", "Bad_Slug"]),
        &["Bad_Slug", "slug"],
    );
    desk.refused(&mut desk.cmd(&["kb", "new"]), &["title"]);
    desk.refused(&mut desk.cmd(&["kb", "new", "  "]), &["title"]);
    desk.refused(&mut desk.cmd(&["kb", "new", "x", "--tier", "9"]), &["tier"]);
    desk.refused(
        &mut desk.cmd(&["kb", "new", "x", "--tag", "two words"]),
        &["two words"],
    );
}

#[test]
fn new_with_the_editor() {
    let desk = TestDesk::new();
    let editor = sed_editor(
        &desk,
        "write-article",
        "-e 's/^title = \"\"/title = \"Guest Wi-Fi vouchers\"/' -e '$a Ask reception for a voucher.'",
    );
    let before = desk.commits();
    let out = desk
        .cmd(&["kb", "new", "--edit", "--tag", "wifi"])
        .env("EDITOR", &editor)
        .assert()
        .success();
    let slug = String::from_utf8_lossy(&out.get_output().stdout)
        .trim()
        .to_string();
    assert_eq!(slug, "guest-wi-fi-vouchers");
    assert_eq!(desk.commits(), before + 1);
    let text = article(&desk, &slug);
    assert!(
        !text.contains("# Fill in"),
        "help lines are left out: {text}"
    );
    assert!(text.contains("tags = [\"wifi\"]"), "{text}");
    assert!(
        text.ends_with("+++\n\nAsk reception for a voucher.\n"),
        "{text}"
    );
    // An editor that leaves the title empty writes nothing.
    let keep = sed_editor(&desk, "keep", "-e ''");
    let mut cmd = desk.cmd(&["kb", "new", "--edit"]);
    cmd.env("EDITOR", &keep);
    desk.refused(&mut cmd, &["title", "nothing was written"]);
}

#[test]
fn ls_lists_articles_with_counts_and_json() {
    let desk = TestDesk::new();
    assert_eq!(desk.run_ok(&["kb", "ls"]), "");
    assert_eq!(json(&desk.run_ok(&["kb", "ls", "--json"])), json("[]"));
    kb_new(
        &desk,
        &[
            "VPN drops after rekey",
            "--tag",
            "vpn,network",
            "-m",
            "Update it.",
        ],
    );
    kb_new(&desk, &["Printer paper jam", "--tag", "printer"]);
    let table = desk.run_ok(&["kb", "ls"]);
    let lines: Vec<&str> = table.lines().map(str::trim).collect();
    assert_eq!(lines.len(), 3, "{table}");
    for header in ["SLUG", "TIER", "TAGS", "TICKETS", "DEFLECTED", "TITLE"] {
        assert!(lines[0].contains(header), "{table}");
    }
    assert!(
        lines[1].starts_with("printer-paper-jam"),
        "sorted by slug: {table}"
    );
    assert!(
        lines[2].contains("vpn,network") && lines[2].contains("L0"),
        "{table}"
    );
    assert!(lines[2].ends_with("VPN drops after rekey"), "{table}");

    let list = json(&desk.run_ok(&["kb", "ls", "--json"]));
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let vpn = &list[1];
    assert_eq!(vpn["slug"], "vpn-drops-after-rekey");
    assert_eq!(vpn["title"], "VPN drops after rekey");
    assert_eq!(vpn["tags"], json(r#"["vpn","network"]"#));
    assert_eq!(vpn["tier"], 0);
    assert_eq!(vpn["tickets"], json("[]"));
    assert_eq!(vpn["author"], ALICE);
    assert_eq!(vpn["created"], NOW);
    assert_eq!(vpn["updated"], NOW);
    assert_eq!(vpn["deflections"], json("[]"));
    assert_eq!(vpn["body"], "Update it.\n");

    let tagged = json(&desk.run_ok(&["kb", "ls", "--tag", "Printer", "--json"]));
    assert_eq!(tagged.as_array().unwrap().len(), 1);
    assert_eq!(tagged[0]["slug"], "printer-paper-jam");
    assert_eq!(desk.run_ok(&["kb", "ls", "--tag", "nothing"]), "");
}

#[test]
fn show_prints_front_matter_then_the_text() {
    let desk = TestDesk::new();
    kb_new(
        &desk,
        &[
            "MFA on a new phone",
            "--tag",
            "mfa",
            "-m",
            "Add the app first.\x1b[31m\n\nThen remove the old phone.",
        ],
    );
    let text = desk.run_ok(&["kb", "show", "mfa-on-a-new-phone"]);
    assert!(
        text.starts_with("mfa-on-a-new-phone  MFA on a new phone\n"),
        "{text}"
    );
    assert!(text.contains("\ntags       mfa\n"), "{text}");
    assert!(text.contains(&format!("\nauthor     {ALICE}\n")), "{text}");
    assert!(
        text.contains("\ncreated    2026-11-22 09:00 UTC\n"),
        "{text}"
    );
    assert!(text.contains("\ntier       L0"), "{text}");
    assert!(
        text.ends_with("\n\nAdd the app first.[31m\n\nThen remove the old phone.\n"),
        "{text}"
    );
    assert!(!text.contains('\x1b'), "escapes are stripped: {text:?}");
    let j = json(&desk.run_ok(&["kb", "show", "mfa-on-a-new-phone", "--json"]));
    assert_eq!(j["slug"], "mfa-on-a-new-phone");
    assert_eq!(j["tags"], json(r#"["mfa"]"#));
    assert!(
        j["body"].as_str().unwrap().contains("\x1b"),
        "JSON keeps the text as written"
    );
}

#[test]
fn show_of_a_missing_or_invalid_slug_is_bad_input() {
    let desk = TestDesk::new();
    desk.refused(
        &mut desk.cmd(&["kb", "show", "no-such-article"]),
        &["no-such-article", "kb ls"],
    );
    desk.refused(
        &mut desk.cmd(&["kb", "show", "../desk"]),
        &["../desk", "slug"],
    );
    desk.refused(&mut desk.cmd(&["kb", "show", "nope", "--json"]), &["nope"]);
}

#[test]
fn edit_commits_the_change_once() {
    let desk = TestDesk::new();
    kb_new(&desk, &["Printer offline", "-m", "Remove the printer."]);
    let editor = sed_editor(
        &desk,
        "edit-article",
        "-e 's/^tags = \\[\\]/tags = [\"printer\"]/' -e 's/Remove the printer./Remove the printer and add it again./'",
    );
    let before = desk.commits();
    desk.cmd(&["kb", "edit", "printer-offline"])
        .env("EDITOR", &editor)
        .env("DESK_NOW", "2026-11-23T10:00:00Z")
        .assert()
        .success();
    assert_eq!(desk.commits(), before + 1);
    let message = desk.last_message();
    assert!(
        message.starts_with("kb edit printer-offline: Printer offline\n"),
        "{message}"
    );
    assert!(message.contains("\nDesk-Action: kb\n"), "{message}");
    let j = json(&desk.run_ok(&["kb", "show", "printer-offline", "--json"]));
    assert_eq!(j["tags"], json(r#"["printer"]"#));
    assert_eq!(j["body"], "Remove the printer and add it again.\n");
    assert_eq!(j["created"], NOW);
    assert_eq!(j["updated"], "2026-11-23T10:00:00Z");

    // Saving it unchanged writes nothing.
    let keep = sed_editor(&desk, "keep", "-e ''");
    let tip = desk.tip();
    desk.cmd(&["kb", "edit", "printer-offline"])
        .env("EDITOR", &keep)
        .assert()
        .success();
    assert_eq!(desk.tip(), tip);
}

#[test]
fn an_invalid_edit_writes_nothing() {
    let desk = TestDesk::new();
    kb_new(&desk, &["Printer offline", "-m", "Remove the printer."]);
    let file = article(&desk, "printer-offline");
    for (name, expressions, mentions) in [
        (
            "no-title",
            "-e '/^title/d'",
            vec!["title", "nothing was written"],
        ),
        ("bad-toml", "-e 's/^tier = 0/tier = /'", vec!["line 4"]),
        ("bad-tier", "-e 's/^tier = 0/tier = 9/'", vec!["tier"]),
        ("no-fence", "-e '1d'", vec!["+++"]),
    ] {
        let editor = sed_editor(&desk, name, expressions);
        let mut cmd = desk.cmd(&["kb", "edit", "printer-offline"]);
        cmd.env("EDITOR", &editor);
        let mut all = mentions;
        all.push("printer-offline");
        desk.refused(&mut cmd, &all);
    }
    // A failing editor changes nothing either.
    let mut cmd = desk.cmd(&["kb", "edit", "printer-offline"]);
    cmd.env("EDITOR", "false");
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(article(&desk, "printer-offline"), file);
    let mut cmd = desk.cmd(&["kb", "edit", "missing"]);
    cmd.env("EDITOR", "true");
    desk.refused(&mut cmd, &["missing"]);
}

#[test]
fn search_ranks_the_right_article_first() {
    let desk = TestDesk::new();
    for args in [
        &[
            "Reset your password",
            "--tag",
            "password",
            "-m",
            "Use the self-service page to reset a forgotten password.",
        ][..],
        &[
            "Account locked out",
            "--tag",
            "account",
            "-m",
            "Five wrong passwords lock the account for 30 minutes.",
        ],
        &[
            "Clear a paper jam on the floor printers",
            "--tag",
            "printer",
            "-m",
            "Open tray 2 and pull the jammed paper out.",
        ],
        &[
            "Printer shows as offline",
            "--tag",
            "printer",
            "-m",
            "Remove the printer and add it again.",
        ],
        &[
            "VPN disconnects every few minutes",
            "--tag",
            "vpn",
            "-m",
            "Update the VPN client; the rekey fails on old versions.",
        ],
        &[
            "Outlook calendar not syncing with phone",
            "--tag",
            "outlook",
            "-m",
            "Remove the account from the phone and add it again.",
        ],
        &[
            "Move MFA to a new phone",
            "--tag",
            "mfa",
            "-m",
            "Add the authenticator on the new phone before wiping the old one.",
        ],
    ] {
        kb_new(&desk, args);
    }
    let first = |words: &[&str]| -> String {
        let mut args = vec!["kb", "search", "--json"];
        args.extend_from_slice(words);
        let hits = json(&desk.run_ok(&args));
        hits[0]["slug"].as_str().unwrap_or_default().to_string()
    };
    assert_eq!(
        first(&["printer", "paper", "jam"]),
        "clear-a-paper-jam-on-the-floor-printers"
    );
    assert_eq!(first(&["reset", "password"]), "reset-your-password");
    assert_eq!(
        first(&["vpn disconnects"]),
        "vpn-disconnects-every-few-minutes"
    );
    assert_eq!(
        first(&["outlook", "calendar", "sync"]),
        "outlook-calendar-not-syncing-with-phone"
    );
    assert_eq!(first(&["mfa", "new", "phone"]), "move-mfa-to-a-new-phone");
    // Word forms match: "printing" finds the two printer articles, and only those.
    let printing = json(&desk.run_ok(&["kb", "search", "printing", "--json"]));
    let mut slugs: Vec<&str> = printing
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["slug"].as_str().unwrap())
        .collect();
    slugs.sort();
    assert_eq!(
        slugs,
        [
            "clear-a-paper-jam-on-the-floor-printers",
            "printer-shows-as-offline"
        ]
    );

    let hits = json(&desk.run_ok(&["kb", "search", "phone", "--json", "--limit", "1"]));
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(
        hits[0].as_object().unwrap().len(),
        3,
        "slug, title, score: {hits:?}"
    );
    assert!(hits[0]["score"].as_f64().unwrap() > 0.0);

    let table = desk.run_ok(&["kb", "search", "printer"]);
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].contains("SCORE") && lines[0].contains("SLUG") && lines[0].contains("TITLE"),
        "{table}"
    );
    assert_eq!(lines.len(), 3, "two printer articles: {table}");
}

#[test]
fn search_without_hits_says_so_and_succeeds() {
    let desk = TestDesk::new();
    kb_new(&desk, &["Printer offline"]);
    let out = desk.cmd(&["kb", "search", "zyxwvut"]).assert().success();
    let output = out.get_output();
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("no knowledge-base article matches"));
    assert_eq!(
        json(&desk.run_ok(&["kb", "search", "zyxwvut", "--json"])),
        json("[]")
    );
    desk.refused(&mut desk.cmd(&["kb", "search", " "]), &["search words"]);
    desk.refused(
        &mut desk.cmd(&["kb", "search", "x", "--limit", "0"]),
        &["--limit"],
    );
}

#[test]
fn broken_articles_are_reported_not_fatal() {
    let desk = TestDesk::new();
    kb_new(&desk, &["Printer offline"]);
    desk.commit_on_desk("kb/broken.md", "no front matter here\n");
    desk.commit_on_desk("kb/README.txt", "not an article\n");
    let out = desk.cmd(&["kb", "ls"]).assert().success();
    let output = out.get_output();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stdout.contains("printer-offline"), "{stdout}");
    assert!(stderr.contains("kb/broken.md is broken"), "{stderr}");
    assert!(!stderr.contains("README"), "{stderr}");
    desk.refused(
        &mut desk.cmd(&["kb", "show", "broken"]),
        &["kb/broken.md", "+++"],
    );
    // A hand-written article with only the essentials is read.
    desk.commit_on_desk(
        "kb/by-hand.md",
        "+++\ntitle = \"Written by hand\"\nauthor = \"carol@example.com\"\ncreated = 2026-01-01T00:00:00Z\nfuture = 1\n+++\nText.\n",
    );
    let j = json(&desk.run_ok(&["kb", "show", "by-hand", "--json"]));
    assert_eq!(j["title"], "Written by hand");
    assert_eq!(j["future"], 1, "unknown keys are kept");
    assert_eq!(j["tier"], 0);
}

/// An EDITOR that first runs `git desk kb edit SLUG` with `inner` as its editor (another
/// person editing at the same time), then applies `expressions` to its own file.
fn racing_editor(
    desk: &TestDesk,
    name: &str,
    inner: &str,
    slug: &str,
    expressions: &str,
) -> String {
    let bin = crate::common::bin();
    desk.script(
        name,
        &format!(
            "EDITOR='{inner}' '{}' kb edit {slug} || exit 1\nsed -i {expressions} \"$1\"",
            bin.display()
        ),
    )
    .display()
    .to_string()
}

#[test]
fn an_edit_keeps_deflections_recorded_meanwhile_and_refuses_other_changes() {
    let desk = TestDesk::new();
    kb_new(&desk, &["Printer offline", "-m", "Remove the printer."]);
    let original = article(&desk, "printer-offline");
    // Meanwhile someone records a deflection (and nothing else).
    let with_deflection = original.replacen(
        "\n+++\n",
        "\n\n[[deflections]]\nat = 2026-11-22T09:30:00Z\nby = \"bob@example.com\"\nquery = \"printer offline\"\n+++\n",
        1,
    );
    let file = desk.scratch().join("deflected.md");
    std::fs::write(&file, &with_deflection).unwrap();
    let inner = desk.script("deflect", &format!("cp '{}' \"$1\"", file.display()));
    let outer = racing_editor(
        &desk,
        "outer",
        &inner.display().to_string(),
        "printer-offline",
        "-e 's/Remove the printer./Remove it and add it again./'",
    );
    desk.cmd(&["kb", "edit", "printer-offline"])
        .env("EDITOR", &outer)
        .assert()
        .success();
    let j = json(&desk.run_ok(&["kb", "show", "printer-offline", "--json"]));
    assert_eq!(j["body"], "Remove it and add it again.\n");
    assert_eq!(j["deflections"][0]["by"], "bob@example.com", "{j}");

    // Someone else changes the text meanwhile: this edit is refused, theirs is kept.
    let inner = sed_editor(&desk, "theirs", "-e 's/Remove it/Restart it/'");
    let outer = racing_editor(
        &desk,
        "outer2",
        &inner,
        "printer-offline",
        "-e 's/Remove it/Replace it/'",
    );
    let mut cmd = desk.cmd(&["kb", "edit", "printer-offline"]);
    cmd.env("EDITOR", &outer);
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("changed while you were editing"),
        "{stderr}"
    );
    let j = json(&desk.run_ok(&["kb", "show", "printer-offline", "--json"]));
    assert_eq!(j["body"], "Restart it and add it again.\n");
}
