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
