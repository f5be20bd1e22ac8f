use super::*;
use crate::model::{Action, Filing, PriorityMatrix};

const ID: &str = "k3m9x2q7wd4hb8fz";

fn at(text: &str) -> DateTime<Utc> {
    crate::time::parse_time(text).unwrap()
}

fn now() -> DateTime<Utc> {
    at("2026-11-22T09:00:00Z")
}

/// A ticket filed an hour before now, with a comment half an hour later: its file.
fn ticket_text() -> String {
    commented_at("2026-11-22T08:30:00Z")
}

/// A ticket filed an hour before now, with a comment at `when`: its file.
fn commented_at(when: &str) -> String {
    let matrix = PriorityMatrix::default();
    let id = TicketId::parse(ID).unwrap();
    let mut ids = crate::model::IdSource::seeded(7, "doctor");
    let mut ticket = Ticket::file_with(
        &mut ids,
        id,
        Filing::new("VPN drops", "carol@example.com"),
        "alice@example.com",
        at("2026-11-22T08:00:00Z"),
        &matrix,
    );
    ticket.record_with(
        &mut ids,
        Action::Commented {
            text: "looking".into(),
            internal: false,
        },
        "alice@example.com",
        at(when),
        &matrix,
    );
    ticket.to_toml()
}

/// The problems of a ticket file at its own path: (check, fixable).
fn problems_of(text: &str) -> Vec<(Check, bool)> {
    problems_at(&TicketId::parse(ID).unwrap().path(), text)
}

fn problems_at(path: &str, text: &str) -> Vec<(Check, bool)> {
    let matrix = PriorityMatrix::default();
    let id = TicketId::parse(ID).unwrap();
    let parsed = Ticket::from_toml(&id, text, &matrix);
    let file = TicketFile {
        path,
        bytes: text.as_bytes(),
        parsed: parsed.as_ref().map_err(String::as_str),
    };
    check_ticket(&file, now())
        .into_iter()
        .map(|p| (p.check, p.fixable))
        .collect()
}

fn last_event(text: &str) -> &str {
    &text[text.rfind("[[events]]").unwrap()..]
}

fn rewrite(text: &str) -> Option<Ticket> {
    let id = TicketId::parse(ID).unwrap();
    canonical_rewrite(&id, text.as_bytes(), &PriorityMatrix::default())
}

#[test]
fn a_canonical_ticket_has_no_problems() {
    let text = ticket_text();
    assert_eq!(problems_of(&text), []);
    assert!(rewrite(&text).is_none(), "nothing to rewrite");
}

#[test]
fn a_file_that_does_not_parse_or_names_another_id_is_for_a_person() {
    assert_eq!(problems_of("id = [\n"), [(Check::Parse, false)]);
    let other = ticket_text().replace(ID, "p8c2hv0nq3xk7r1m");
    assert_eq!(problems_of(&other), [(Check::Id, false)]);
}

#[test]
fn a_non_canonical_file_is_rewritten_with_every_event() {
    let text = format!("# edited by hand\n{}", ticket_text());
    assert_eq!(problems_of(&text), [(Check::Canonical, true)]);
    let ticket = rewrite(&text).expect("safe to rewrite");
    assert_eq!(ticket.events.len(), 2);
    assert_eq!(ticket.to_toml(), ticket_text());
}

#[test]
fn an_identical_copy_of_an_event_is_dropped_by_the_rewrite() {
    let text = ticket_text();
    let copied = format!("{text}\n{}", last_event(&text));
    assert_eq!(
        problems_of(&copied),
        [(Check::EventIds, true), (Check::Canonical, true)]
    );
    assert_eq!(rewrite(&copied).unwrap().to_toml(), text);
}

#[test]
fn different_events_sharing_an_id_are_left_for_a_person() {
    let text = ticket_text();
    // Same clock and id: the fold sees only one of them.
    let same_clock = format!(
        "{text}\n{}",
        last_event(&text).replace("looking", "something else")
    );
    assert_eq!(
        problems_of(&same_clock),
        [(Check::EventIds, false), (Check::Canonical, false)]
    );
    assert!(rewrite(&same_clock).is_none());
    // Another clock: the fold still sees one of them (they are neighbours in its order).
    let event = last_event(&text)
        .replace("clock = 2", "clock = 3")
        .replace("looking", "something else");
    let both = format!("{text}\n{event}");
    assert_eq!(
        problems_of(&both),
        [(Check::EventIds, false), (Check::Canonical, false)]
    );
    assert!(rewrite(&both).is_none());
}

#[test]
fn clocks_must_be_positive() {
    let text = ticket_text().replace("clock = 2", "clock = 0");
    let found = problems_of(&text);
    assert!(found.contains(&(Check::Clocks, false)), "{found:?}");
}

#[test]
fn timestamps_far_ahead_or_before_the_filing_are_clock_anomalies() {
    let ahead = commented_at("2026-11-23T09:00:01Z");
    assert_eq!(problems_of(&ahead), [(Check::Timestamps, false)]);
    // Up to a day ahead is drift, not an anomaly.
    let drift = commented_at("2026-11-23T09:00:00Z");
    assert_eq!(problems_of(&drift), []);
    let early = commented_at("2026-11-21T08:30:00Z");
    assert_eq!(problems_of(&early), [(Check::Timestamps, false)]);
}

#[test]
fn a_newer_schema_is_reported_and_never_rewritten() {
    let text = format!(
        "# note\n{}",
        ticket_text().replace("schema = 1", "schema = 2")
    );
    assert_eq!(
        problems_of(&text),
        [(Check::Schema, false), (Check::Canonical, false)]
    );
    assert!(rewrite(&text).is_none());
}

#[test]
fn a_misplaced_ticket_is_not_rewritten_where_it_is() {
    let text = format!("# note\n{}", ticket_text());
    let path = format!("tickets/zz/{ID}.toml");
    assert_eq!(problems_at(&path, &text), [(Check::Canonical, false)]);
    let placed = check_placement(&path).unwrap();
    assert_eq!(placed.check, Check::Path);
    assert!(placed.message.contains(&format!("tickets/k3/{ID}.toml")));
}

#[test]
fn placement_knows_tickets_strays_and_conflict_copies() {
    assert!(check_placement(&format!("tickets/k3/{ID}.toml")).is_none());
    assert!(check_placement("desk.toml").is_none());
    assert!(check_placement("kb/vpn.md").is_none());
    assert_eq!(
        check_placement("tickets/k3/notes.txt").map(|p| p.check),
        Some(Check::Path)
    );
    let conflict = check_placement(&format!("tickets/k3/{ID}.conflict-0badf00d.toml")).unwrap();
    assert_eq!(conflict.check, Check::Conflict);
    assert!(conflict.message.contains(&format!("tickets/k3/{ID}.toml")));
    assert_eq!(
        conflict_original("desk.conflict-x.toml").as_deref(),
        Some("desk.toml")
    );
    assert_eq!(
        conflict_original("kb/vpn-rekey.conflict-x.md").as_deref(),
        Some("kb/vpn-rekey.md")
    );
    assert_eq!(
        conflict_original("README.conflict-x").as_deref(),
        Some("README")
    );
    assert_eq!(conflict_original("kb/vpn.md"), None);
}

#[test]
fn desk_toml_problems_and_unknown_keys() {
    assert_eq!(
        check_config(crate::config::DEFAULT_CONFIG.as_bytes()).len(),
        0
    );
    let broken = check_config(b"[tiers\n");
    assert_eq!(broken.len(), 1);
    assert_eq!(broken[0].severity, Severity::Problem);
    let unknown = format!("colour = 1\n{}", crate::config::DEFAULT_CONFIG);
    let found = check_config(unknown.as_bytes());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(found[0].message.contains("'colour'"));
    assert_eq!(check_config(b"\xff").len(), 1);
}

#[test]
fn a_checkup_is_healthy_when_only_warnings_or_fixed_problems_remain() {
    let mut checkup = Checkup::default();
    assert!(checkup.healthy());
    checkup
        .problems
        .push(Problem::new("desk.toml", Check::Config, "m".into(), "f".into()).warning());
    assert!(checkup.healthy());
    checkup
        .problems
        .push(Problem::new("x", Check::Canonical, "m".into(), "f".into()));
    assert!(!checkup.healthy());
    checkup.problems[1].fixed = true;
    assert!(checkup.healthy());
    assert_eq!((checkup.problem_count(), checkup.fixed()), (1, 1));
}
