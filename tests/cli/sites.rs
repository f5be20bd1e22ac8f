//! Sites (SPEC 14): `[sites.NAME]` and the catalogue's cost, category and sites in
//! desk.toml, the ticket's `site`, SLA clocks on a site's calendar, `report --by site`,
//! and public or internal KB articles.

use crate::common::TestDesk;

/// Two offices on their own working hours (Berlin and New York, 09:00-17:00 local), a
/// service offered at both with a cost, and a P3 policy that runs on the site's calendar.
const SITES: &str = r#"
[calendars.berlin]
timezone = "Europe/Berlin"
days = ["mon", "tue", "wed", "thu", "fri"]
hours = "09:00-17:00"

[calendars.newyork]
timezone = "America/New_York"
days = ["mon", "tue", "wed", "thu", "fri"]
hours = "09:00-17:00"

[sites.berlin]
name = "Berlin office"
calendar = "berlin"
address = "Unter den Linden 1, 10117 Berlin"

[sites.nyc]
name = "New York office"
calendar = "newyork"

[services.laptop]
description = "A laptop, set up and kept up to date"
category = "Hardware"
cost = "40 EUR per month"
sites = ["berlin", "nyc"]
"#;

/// A desk whose desk.toml is the default one with [`SITES`] added.
fn sites_desk() -> TestDesk {
    let desk = TestDesk::new();
    let toml = format!("{}\n{SITES}", desk.desk_toml());
    let editor = desk.editor_writing("sites", &toml);
    desk.cmd(&["config", "edit"])
        .env("EDITOR", &editor)
        .assert()
        .success();
    desk
}

#[test]
fn sites_and_costs_are_kept_in_desk_toml() {
    let desk = sites_desk();
    let toml = desk.desk_toml();
    assert!(toml.contains("[sites.berlin]") && toml.contains("cost = \"40 EUR per month\""));
    // `config edit` refuses keys it does not know, so these are read, not kept blindly.
    let ls = desk.cmd(&["ls"]).assert().success();
    let stderr = String::from_utf8_lossy(&ls.get_output().stderr).to_string();
    assert!(!stderr.contains("not known"), "no warning: {stderr}");
}

#[test]
fn a_bad_cost_an_unknown_site_or_calendar_is_refused_with_its_line() {
    let desk = sites_desk();
    let base = desk.desk_toml();
    let line_of = |text: &str, needle: &str| {
        let n = text.lines().position(|l| l.contains(needle)).unwrap() + 1;
        format!("line {n}")
    };
    for (name, toml, needle, mentions) in [
        (
            "cost",
            base.replace("40 EUR per month", "€40 a month"),
            "€40 a month",
            vec!["[services.laptop] cost", "EUR per month"],
        ),
        (
            "site",
            base.replace(
                r#"sites = ["berlin", "nyc"]"#,
                r#"sites = ["berlin", "paris"]"#,
            ),
            "paris",
            vec!["site 'paris' is not defined", "berlin, nyc"],
        ),
        (
            "calendar",
            base.replace(r#"calendar = "newyork""#, r#"calendar = "nyc-hours""#),
            "nyc-hours",
            vec!["[sites.nyc] calendar 'nyc-hours' is not defined"],
        ),
    ] {
        let line = line_of(&toml, needle);
        let editor = desk.editor_writing(name, &toml);
        let mut mentions = mentions;
        mentions.push(&line);
        desk.refused(
            desk.cmd(&["config", "edit"]).env("EDITOR", &editor),
            &mentions,
        );
        assert_eq!(desk.desk_toml(), base, "{name}: nothing written");
    }
}

#[test]
fn a_ticket_is_filed_set_and_found_by_site() {
    let desk = sites_desk();
    let a = desk.new_ticket("Laptop will not boot", &["--site", "berlin"]);
    let b = desk.new_ticket("Dock flickers", &["--site", "nyc"]);
    let c = desk.new_ticket("Mail bounces", &[]);
    assert_eq!(desk.show_json(&a)["site"], "berlin");
    assert!(desk.ticket_file(&a).contains("site = \"berlin\""));
    assert!(desk.show_json(&c)["site"].is_null());
    assert!(desk.run_ok(&["show", &a]).contains("berlin"));

    let ids = |args: &[&str]| {
        let mut all = vec!["ls", "--ids"];
        all.extend_from_slice(args);
        desk.run_ok(&all)
    };
    assert_eq!(ids(&["site:nyc"]), format!("{b}\n"));
    assert_eq!(ids(&["-site:berlin", "site:nyc,berlin"]), format!("{b}\n"));
    // No site sorts first.
    assert_eq!(ids(&["--sort", "site"]), format!("{c}\n{a}\n{b}\n"));

    desk.run_ok(&["set", &c, "site=nyc"]);
    assert_eq!(desk.show_json(&c)["site"], "nyc");
    assert_eq!(ids(&["site:nyc", "--sort", "id"]).lines().count(), 2);
    desk.run_ok(&["set", &c, "site=none"]);
    assert!(desk.show_json(&c)["site"].is_null());

    let csv = desk.run_ok(&["export", "--format", "csv"]);
    assert!(csv.lines().next().unwrap().ends_with(",site"), "{csv}");
    let row = csv.lines().find(|l| l.starts_with(&a)).unwrap();
    assert!(row.ends_with(",berlin"), "{row}");
}

#[test]
fn an_unknown_or_empty_site_is_refused_and_nothing_is_written() {
    let desk = sites_desk();
    let id = desk.new_ticket("Laptop will not boot", &["--site", "berlin"]);
    desk.refused(
        &mut desk.cmd(&["new", "Printer jam", "--site", "paris"]),
        &[
            "site 'paris' is not defined",
            "berlin, nyc",
            "[sites.paris]",
        ],
    );
    desk.refused(
        &mut desk.cmd(&["new", "Printer jam", "--site", " "]),
        &["--site is empty"],
    );
    desk.refused(
        &mut desk.cmd(&["set", &id, "site=paris"]),
        &["site 'paris' is not defined", "berlin, nyc"],
    );
    desk.refused(
        &mut desk.cmd(&["set", &id, "site="]),
        &["site= is empty", "site=none"],
    );
    assert_eq!(desk.show_json(&id)["site"], "berlin");

    // A desk with no sites names the fix.
    let plain = TestDesk::new();
    plain.refused(
        &mut plain.cmd(&["new", "Printer jam", "--site", "berlin"]),
        &["no sites", "add [sites.berlin]"],
    );
    let file = plain.scratch().join("sites.csv");
    std::fs::write(&file, "title,site\nPrinter jam,berlin\n").unwrap();
    plain.refused(
        &mut plain.cmd(&["import", file.to_str().unwrap()]),
        &["row 2", "site", "berlin"],
    );
}

#[test]
fn routing_rules_set_a_site_and_match_on_one() {
    let desk = TestDesk::new();
    let toml = format!(
        "{}\n{SITES}\n[[routing]]\nwhen = \"label:us\"\nsite = \"nyc\"\n\n[[routing]]\nwhen = \"site:nyc\"\nlabels = [\"americas\"]\n",
        desk.desk_toml()
    );
    let editor = desk.editor_writing("routing", &toml);
    desk.cmd(&["config", "edit"])
        .env("EDITOR", &editor)
        .assert()
        .success();
    let routed = desk.new_ticket("VPN drops", &["--label", "us"]);
    let t = desk.show_json(&routed);
    assert_eq!(t["site"], "nyc");
    assert!(t["labels"].to_string().contains("americas"), "{t}");
    // A site named at filing wins over the rule, as an explicit tier or assignee does.
    let chosen = desk.new_ticket("VPN drops", &["--label", "us", "--site", "berlin"]);
    assert_eq!(desk.show_json(&chosen)["site"], "berlin");
    let other = desk.new_ticket("VPN drops", &["--site", "berlin"]);
    assert!(!desk.show_json(&other)["labels"]
        .to_string()
        .contains("americas"));

    let bad = toml.replace("site = \"nyc\"", "site = \"paris\"");
    let editor = desk.editor_writing("bad-routing", &bad);
    desk.refused(
        desk.cmd(&["config", "edit"]).env("EDITOR", &editor),
        &["[[routing]] #1", "site 'paris' is not defined"],
    );
}

#[test]
fn report_groups_by_site() {
    let desk = sites_desk();
    desk.new_ticket("Laptop will not boot", &["--site", "berlin"]);
    desk.new_ticket("Dock flickers", &["--site", "nyc"]);
    desk.new_ticket("Screen dim", &["--site", "nyc"]);
    desk.new_ticket("Mail bounces", &[]);
    let json = desk.run_ok(&[
        "report",
        "--by",
        "site",
        "--since",
        "2026-11-01",
        "--until",
        "2026-11-30",
        "--json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let groups = json["groups"].as_object().unwrap();
    let keys: Vec<&str> = groups.keys().map(String::as_str).collect();
    assert_eq!(keys, ["(none)", "berlin", "nyc"]);
    let text = desk.run_ok(&[
        "report",
        "--by",
        "site",
        "--since",
        "2026-11-01",
        "--until",
        "2026-11-30",
    ]);
    let text = text.to_lowercase();
    assert!(
        text.contains("site nyc") && text.contains("site berlin"),
        "{text}"
    );
}

#[test]
fn a_site_policy_counts_in_the_site_s_working_hours() {
    let desk = TestDesk::new();
    let toml = format!("{}\n{SITES}", desk.desk_toml()).replace(
        "[sla.P3]\nresponse = \"4h\"\nresolution = \"3d\"\ncalendar = \"business\"",
        "[sla.P3]\nresponse = \"4h\"\nresolution = \"3d\"\ncalendar = \"site\"",
    );
    assert!(toml.contains("calendar = \"site\""));
    let editor = desk.editor_writing("site-sla", &toml);
    desk.cmd(&["config", "edit"])
        .env("EDITOR", &editor)
        .assert()
        .success();
    // Filed on Sunday 2026-11-22 at P3; 4h of working time from Monday 09:00 local.
    let due = |site: &[&str]| {
        let id = desk.new_ticket("Laptop will not boot", site);
        let t = desk.show_json(&id);
        assert_eq!(t["priority"], "P3");
        t["sla"]["response"]["due"].as_str().unwrap().to_string()
    };
    assert_eq!(
        due(&["--site", "berlin"]),
        "2026-11-23T12:00:00Z",
        "09:00 CET is 08:00Z"
    );
    assert_eq!(
        due(&["--site", "nyc"]),
        "2026-11-23T18:00:00Z",
        "09:00 EST is 14:00Z"
    );
    // No site: the business calendar, 09:00-17:00 UTC.
    assert_eq!(due(&[]), "2026-11-23T13:00:00Z");

    // Moving a ticket to another site moves its clock onto that site's hours.
    let id = desk.new_ticket("Dock flickers", &["--site", "berlin"]);
    desk.run_ok(&["set", &id, "site=nyc"]);
    assert_eq!(
        desk.show_json(&id)["sla"]["response"]["due"],
        "2026-11-23T18:00:00Z"
    );
}

/// `kb show SLUG --json`, parsed.
fn article(desk: &TestDesk, slug: &str) -> serde_json::Value {
    serde_json::from_str(&desk.run_ok(&["kb", "show", slug, "--json"])).unwrap()
}

#[test]
fn articles_are_public_at_tiers_0_1_and_internal_from_an_rca_until_marked_public() {
    let desk = TestDesk::new();
    desk.run_ok(&["kb", "new", "Reset your password", "-m", "Use the portal."]);
    desk.run_ok(&[
        "kb",
        "new",
        "Rekey the VPN",
        "--tier",
        "2",
        "-m",
        "On the concentrator.",
    ]);
    desk.run_ok(&[
        "kb",
        "new",
        "Printer queue",
        "--visibility",
        "internal",
        "-m",
        "Restart the spooler.",
    ]);
    assert_eq!(
        article(&desk, "reset-your-password")["visibility"],
        "public"
    );
    assert_eq!(article(&desk, "rekey-the-vpn")["visibility"], "internal");
    assert_eq!(article(&desk, "printer-queue")["visibility"], "internal");
    let file = desk.git(&["show", "desk:kb/reset-your-password.md"]);
    assert!(file.contains("visibility = \"public\""), "{file}");

    // Level 3's RCA, published: internal, though written for tier 1.
    let pid = desk.new_ticket("Outlook crashes", &["--type", "problem"]);
    desk.run_ok(&[
        "rca",
        &pid,
        "--root-cause",
        "The add-in calls a removed API",
        "--workaround",
        "Disable it",
    ]);
    let slug = desk.run_ok(&["kb", "publish", &pid]).trim().to_string();
    let a = article(&desk, &slug);
    assert_eq!(
        (a["tier"].as_i64(), a["visibility"].as_str()),
        (Some(1), Some("internal"))
    );
    let shown = desk.run_ok(&["kb", "show", &slug]);
    assert!(
        shown
            .lines()
            .any(|l| l.starts_with("visibility") && l.ends_with("internal")),
        "{shown}"
    );
    let listed = desk.run_ok(&["kb", "ls"]);
    assert!(listed.contains("VISIBILITY"), "{listed}");
    let row = listed
        .lines()
        .find(|l| l.trim_start().starts_with(&slug))
        .unwrap();
    assert!(row.contains("internal"), "{row}");

    // Someone reads it through and marks it public.
    let text = desk
        .git(&["show", &format!("desk:kb/{slug}.md")])
        .replace("visibility = \"internal\"", "visibility = \"public\"");
    let editor = desk.editor_writing("public", &text);
    desk.cmd(&["kb", "edit", &slug])
        .env("EDITOR", &editor)
        .assert()
        .success();
    assert_eq!(article(&desk, &slug)["visibility"], "public");

    // Anything else is refused, and the article stays as it was.
    let editor = desk.editor_writing("secret", &text.replace("\"public\"", "\"secret\""));
    desk.refused(
        desk.cmd(&["kb", "edit", &slug]).env("EDITOR", &editor),
        &["visibility 'secret'", "\"public\" or \"internal\""],
    );
    desk.refused(
        &mut desk.cmd(&["kb", "new", "Other", "--visibility", "hidden"]),
        &["visibility 'hidden'"],
    );
    assert_eq!(article(&desk, &slug)["visibility"], "public");
}

#[test]
fn edit_shows_and_changes_the_site() {
    let desk = sites_desk();
    let id = desk.new_ticket("Laptop will not boot", &["--site", "berlin"]);
    // An editor that changes the site line of the file it is given.
    let to = |site: &str| {
        desk.script(
            &format!("edit-{site}"),
            &format!("sed -i 's/^site = .*/site = \"{site}\"/' \"$1\""),
        )
        .display()
        .to_string()
    };
    desk.cmd(&["edit", &id])
        .env("EDITOR", to("nyc"))
        .assert()
        .success();
    assert_eq!(desk.show_json(&id)["site"], "nyc");
    desk.refused(
        desk.cmd(&["edit", &id]).env("EDITOR", to("paris")),
        &["site 'paris' is not defined", "berlin, nyc"],
    );
    assert_eq!(desk.show_json(&id)["site"], "nyc");
}
