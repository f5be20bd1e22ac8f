//! On a terminal as people use one: tables, prose and charts sized to 80 and 200
//! columns, times in the reader's zone, git's `color.ui`, `report --html` and
//! `ls --format`.

use crate::common::terminal::{assert_fits, screen_lines, Terminal};
use crate::common::{stderr_of, TestDesk};

const LONG_TITLE: &str =
    "VPN drops every few minutes when connected from the Lyon office over the guest wifi";
const LONG_EMAIL: &str = "bartholomew.smithson@example.com";

/// What `git-desk ARGS` shows on a terminal `columns` wide (no colour, times in UTC).
fn screen(desk: &TestDesk, columns: u16, args: &[&str]) -> String {
    Terminal::new()
        .columns(columns)
        .env("TZ", "UTC")
        .run(|c| desk.setup(c), args)
}

/// The shown line that starts with `start`.
fn line_of(screen: &str, start: &str) -> String {
    screen_lines(screen)
        .into_iter()
        .find(|l| l.trim_start().starts_with(start))
        .unwrap_or_else(|| panic!("no line starts with {start:?}:\n{screen}"))
}

/// A desk with a long-titled ticket in progress assigned by a long email, and a short one.
fn desk_with_long_ticket() -> (TestDesk, String, String) {
    let desk = TestDesk::new();
    let id = desk.new_ticket(LONG_TITLE, &[]);
    desk.run_ok(&["assign", &id, "--to", LONG_EMAIL]);
    desk.run_ok(&["start", &id]);
    desk.new_ticket("Printer jam", &[]);
    let short = desk.show_json(&id)["short_id"]
        .as_str()
        .unwrap()
        .to_string();
    (desk, id, short)
}

#[test]
fn ls_gives_the_title_the_width_at_80_columns_and_cuts_nothing_at_200() {
    let (desk, _, short) = desk_with_long_ticket();
    let narrow = screen(&desk, 80, &["ls"]);
    assert_fits(&narrow, 80);
    let row = line_of(&narrow, &short);
    assert!(
        row.contains(&LONG_TITLE[..28]),
        "the title keeps 28 characters or more at 80 columns: {row:?}\n{narrow}"
    );
    assert!(row.contains("barthol"), "{row:?}");
    assert!(!row.contains("@example.com"), "the email gave way: {row:?}");
    assert!(line_of(&narrow, "ID").contains("TITLE"), "{narrow}");

    let wide = screen(&desk, 200, &["ls"]);
    assert_fits(&wide, 200);
    let row = line_of(&wide, &short);
    assert!(row.contains(LONG_TITLE), "{row:?}");
    assert!(row.contains(LONG_EMAIL), "{row:?}");
}

#[test]
fn ls_piped_prints_every_cell_whole_whatever_columns_says() {
    let (desk, _, short) = desk_with_long_ticket();
    let out = desk.cmd(&["ls"]).env("COLUMNS", "80").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let row = line_of(&text, &short);
    assert!(
        row.contains(LONG_TITLE) && row.contains(LONG_EMAIL),
        "{row:?}"
    );
}

#[test]
fn sla_keeps_each_clock_state_and_due_time_at_80_columns() {
    let (desk, _, short) = desk_with_long_ticket();
    // DESK_NOW is Sunday 2026-11-22 09:00 UTC; P3 runs on the business calendar: the
    // response is due Monday 13:00 and the resolution Wednesday 17:00.
    let narrow = screen(&desk, 80, &["sla"]);
    assert_fits(&narrow, 80);
    let row = line_of(&narrow, &short);
    assert!(row.contains("Mon 13:00"), "response due time kept: {row:?}");
    assert!(
        row.contains("Wed 17:00"),
        "resolution due time kept: {row:?}"
    );
    assert!(
        !row.contains('…') || row.contains(&LONG_TITLE[..20]),
        "{row:?}"
    );
    assert!(
        row.contains(&LONG_TITLE[..20]),
        "the title keeps 20 characters or more: {row:?}"
    );

    let wide = screen(&desk, 200, &["sla"]);
    assert_fits(&wide, 200);
    let row = line_of(&wide, &short);
    for whole in ["due 11-23 13:00", "due 11-25 17:00", LONG_TITLE] {
        assert!(
            row.contains(whole),
            "{whole:?} whole at 200 columns: {row:?}"
        );
    }
}

#[test]
fn show_wraps_a_long_comment_at_words() {
    let desk = TestDesk::new();
    let id = desk.new_ticket(LONG_TITLE, &["-m", "The tunnel drops. ".repeat(12).trim()]);
    let words: Vec<String> = (0..40)
        .map(|i| format!("word{i}{}", "x".repeat(i % 9)))
        .collect();
    let comment = words.join(" ");
    desk.run_ok(&["comment", &id, "-m", &comment]);
    for columns in [80, 200] {
        let shown = screen(&desk, columns, &["show", &id]);
        assert_fits(&shown, usize::from(columns));
        let lines = screen_lines(&shown);
        for w in &words {
            assert!(
                lines
                    .iter()
                    .any(|l| l.split([' ', ':']).any(|token| token == w)),
                "{w} whole on a line at {columns} columns:\n{shown}"
            );
        }
    }
    let narrow = screen_lines(&screen(&desk, 80, &["show", &id]));
    assert!(
        narrow.iter().filter(|l| l.contains("word")).count() >= 4,
        "the comment wraps over several lines at 80 columns: {narrow:#?}"
    );
}

#[test]
fn report_and_its_chart_fit_the_terminal() {
    let desk = TestDesk::new();
    for (day, title) in [
        ("2026-11-02T10:00:00Z", "Mail down"),
        ("2026-11-10T10:00:00Z", "Printer jam"),
        ("2026-11-18T10:00:00Z", "VPN drops"),
    ] {
        desk.cmd(&["new", title])
            .env("DESK_NOW", day)
            .assert()
            .success();
    }
    let narrow = screen(&desk, 80, &["report"]);
    assert_fits(&narrow, 80);
    assert!(narrow.contains("2026-W46"), "the weekly chart: {narrow}");
    let wide = screen(&desk, 200, &["report"]);
    assert_fits(&wide, 200);
    let widest = screen_lines(&wide)
        .iter()
        .filter(|l| l.starts_with("2026-W"))
        .map(|l| l.chars().count())
        .max()
        .unwrap();
    assert!(
        widest > 150,
        "the chart takes the width of a 200-column terminal ({widest}):\n{wide}"
    );
}

#[test]
fn times_show_in_tz_and_json_stays_utc() {
    let (desk, id, short) = desk_with_long_ticket();
    let paris = |args: &[&str]| {
        let out = desk.cmd(args).env("TZ", "Europe/Paris").output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    let shown = paris(&["show", &id]);
    assert!(shown.contains("created    2026-11-22 10:00 CET"), "{shown}");
    assert!(
        shown.contains("due 2026-11-23 14:00 CET"),
        "the SLA due time too: {shown}"
    );
    assert!(
        shown.contains("  2026-11-22 10:00  "),
        "events in local time: {shown}"
    );
    let log = paris(&["log", &id]);
    assert!(log.starts_with("2026-11-22 10:00  "), "{log}");
    let commits = paris(&["log"]);
    assert!(commits.contains("  2026-11-22 10:00  "), "{commits}");
    let sla = paris(&["sla"]);
    assert!(line_of(&sla, &short).contains("due 11-23 14:00"), "{sla}");
    let json: serde_json::Value = serde_json::from_str(&paris(&["show", &id, "--json"])).unwrap();
    assert_eq!(json["created"], "2026-11-22T09:00:00Z");
    let list: serde_json::Value = serde_json::from_str(&paris(&["ls", "--json"])).unwrap();
    assert_eq!(list[0]["created"], "2026-11-22T09:00:00Z");

    let utc = String::from_utf8(
        desk.cmd(&["show", &id])
            .env("TZ", "UTC")
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(utc.contains("created    2026-11-22 09:00 UTC"), "{utc}");
}

#[test]
fn the_desk_display_zone_applies_unless_tz_is_set() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Mail down", &[]);
    let toml = format!(
        "{}\n[display]\ntimezone = \"Asia/Tokyo\"\n",
        desk.desk_toml()
    );
    let editor = desk.editor_writing("zone", &toml);
    desk.cmd(&["config", "edit"])
        .env("EDITOR", &editor)
        .assert()
        .success();
    let out = desk.cmd(&["show", &id]).env_remove("TZ").output().unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(shown.contains("created    2026-11-22 18:00 JST"), "{shown}");
    let out = desk.cmd(&["show", &id]).env("TZ", "UTC").output().unwrap();
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(
        shown.contains("created    2026-11-22 09:00 UTC"),
        "TZ wins: {shown}"
    );
    let warned = stderr_of(&desk.cmd(&["ls"]).output().unwrap());
    assert!(
        !warned.contains("display"),
        "[display] is a key this version knows: {warned}"
    );
}

#[test]
fn color_ui_from_git_config_is_followed_and_flags_still_win() {
    let (desk, _, _) = desk_with_long_ticket();
    let coloured = |screen: &str| screen.contains("\x1b[");
    let on_terminal = |args: &[&str], env: &[(&str, &str)]| {
        let mut t = Terminal::new().columns(120).colour(true);
        for (k, v) in env {
            t = t.env(k, v);
        }
        t.run(|c| desk.setup(c), args)
    };
    let piped = |args: &[&str]| {
        let out = desk.cmd(args).env_remove("NO_COLOR").output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(
        coloured(&on_terminal(&["ls"], &[])),
        "auto: colour on a terminal"
    );
    assert!(!coloured(&piped(&["ls"])), "auto: none in a pipe");

    for off in ["never", "false"] {
        desk.git(&["config", "color.ui", off]);
        assert!(!coloured(&on_terminal(&["ls"], &[])), "color.ui={off}");
        assert!(coloured(&on_terminal(&["ls", "--color", "always"], &[])));
    }
    desk.git(&["config", "color.ui", "always"]);
    assert!(coloured(&piped(&["ls"])), "color.ui=always colours a pipe");
    assert!(
        !coloured(&piped(&["ls", "--color", "never"])),
        "--color wins"
    );
    assert!(
        !coloured(&on_terminal(&["ls"], &[("NO_COLOR", "1")])),
        "NO_COLOR wins"
    );
    desk.git(&["config", "color.ui", "auto"]);
    assert!(coloured(&on_terminal(&["ls"], &[])));
    assert!(!coloured(&piped(&["ls"])));
}

#[test]
fn report_html_prints_where_it_wrote_not_the_whole_report() {
    let (desk, _, _) = desk_with_long_ticket();
    let page = desk.path().join("report.html");
    let page_arg = page.display().to_string();
    let out = desk.cmd(&["report", "--html", &page_arg]).output().unwrap();
    assert!(out.status.success());
    assert!(
        std::fs::read_to_string(&page).unwrap().contains("<html"),
        "the page is written"
    );
    let stderr = stderr_of(&out);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout, "", "no text report: {stdout}");
    assert_eq!(stderr.trim(), format!("wrote {page_arg}"));
    let json = desk.run_ok(&["report", "--html", &page_arg, "--json"]);
    assert!(
        json.trim_start().starts_with('{'),
        "--json still prints: {json}"
    );
}

#[test]
fn ls_format_prints_any_json_field_by_a_template() {
    let (desk, id, short) = desk_with_long_ticket();
    desk.run_ok(&["set", &id, "labels=vpn,lyon"]);
    let out = desk.run_ok(&[
        "ls",
        "--sort",
        "created",
        "--format",
        "{short_id}\\t{{{priority}}}\\t{labels}\\t{sla.response.state}\\t{title}",
    ]);
    let row = out.lines().find(|l| l.starts_with(&short)).expect(&out);
    assert_eq!(
        row,
        format!("{short}\t{{P3}}\tlyon,vpn\tok\t{LONG_TITLE}"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 2, "a line per ticket: {out}");

    // Every field `ls --json` gives prints as its value.
    let json: serde_json::Value =
        serde_json::from_str(&desk.run_ok(&["ls", "--json", &short])).unwrap();
    for (key, value) in json[0].as_object().unwrap() {
        let shown = desk.run_ok(&["ls", &short, "--format", &format!("{{{key}}}")]);
        let expected = match value {
            serde_json::Value::String(s) => s.clone(),
            serde_json::Value::Array(a) => a
                .iter()
                .map(|v| v.as_str().map_or(v.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(","),
            other => other.to_string(),
        };
        assert_eq!(shown, format!("{expected}\n"), "{{{key}}}");
    }
}

#[test]
fn ls_format_with_a_bad_placeholder_exits_2_naming_the_fields() {
    let desk = TestDesk::new();
    desk.new_ticket("Mail down", &[]);
    for bad in ["{nope}", "{title", "{short_id} }", "{}"] {
        let out = desk.cmd(&["ls", "--format", bad]).output().unwrap();
        let stderr = stderr_of(&out);
        assert_eq!(out.status.code(), Some(2), "{bad}: {stderr}");
        assert!(out.stdout.is_empty(), "{bad}: nothing printed");
        assert_eq!(stderr.lines().count(), 1, "{bad}: {stderr}");
        assert!(stderr.contains("--format"), "{bad}: {stderr}");
    }
    let stderr = stderr_of(&desk.cmd(&["ls", "--format", "{nope}"]).output().unwrap());
    assert!(
        stderr.contains("no field '{nope}'") && stderr.contains("short_id, title, type"),
        "{stderr}"
    );
    // Fields beyond a ticket's are not there: empty, not an error.
    assert_eq!(desk.run_ok(&["ls", "--format", "[{assignee}]"]), "[]\n");
}
