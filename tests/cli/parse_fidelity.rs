//! Reading ticket files: every event kind and unknown field survives the file and the
//! cache, and broken files are reported in the same words, whichever path reads them
//! (`show` from git, a cold `ls` building the cache, `doctor`).

use std::fs;

use chrono::{DateTime, NaiveDate, Utc};
use git_desk::model::{
    Action, Attachment, Event, Filing, Notice, PriorityMatrix, Rca, Received, Relation, Status,
    Ticket, TicketId, Tier, Vendor,
};
use toml::{Table, Value};

use crate::common::{stderr_of, ticket_path, TestDesk};

fn at(minute: i64) -> DateTime<Utc> {
    "2026-11-22T09:00:00Z".parse::<DateTime<Utc>>().unwrap() + chrono::Duration::minutes(minute)
}

/// Removes the cache, so the next command builds it cold from the ticket files.
fn drop_cache(desk: &TestDesk) {
    let dir = desk.path().join(".git/desk");
    if dir.exists() {
        fs::remove_dir_all(dir).unwrap();
    }
}

/// A ticket holding one event of every kind this version writes, one it does not, and
/// fields it does not know at both levels.
fn every_kind(id: &str) -> Ticket {
    let mut n = 0;
    let mut event = |action: Action| {
        n += 1;
        Event {
            id: format!("ev{n:03}"),
            lamport: n,
            at: at(n as i64 * 5),
            by: if n % 3 == 0 {
                "carol@example.com"
            } else {
                "alice@example.com"
            }
            .into(),
            action,
            extra: Table::new(),
        }
    };
    let tier = |n| Tier::new(n).unwrap();
    let mut events = vec![
        event(Action::Created(Box::new(Filing {
            description: "Since Monday.\nBerlin \"office\".\n".into(),
            labels: vec!["vpn".into(), "remote".into()],
            service: Some("vpn".into()),
            external_ref: Some("github#12".into()),
            ..Filing::new("VPN drops every 10 minutes", "carol@example.com")
        }))),
        event(Action::Assigned {
            assignee: Some("alice@example.com".into()),
            team: Some("service-desk".into()),
        }),
        event(Action::Commented {
            text: "Rebooted the router.".into(),
            internal: false,
        }),
        event(Action::Commented {
            text: "Looks like IKE.".into(),
            internal: true,
        }),
        event(Action::OwnerChanged {
            owner: "dave@example.com".into(),
        }),
        event(Action::StatusChanged {
            to: Status::Pending,
            pending_reason: Some(git_desk::model::PendingReason::Vendor),
            reason: Some("waiting on VPNCo".into()),
        }),
        event(Action::TierChanged {
            from: tier(1),
            to: tier(3),
            reason: "needs engineering".into(),
            team: Some("network".into()),
        }),
        event(Action::TierChanged {
            from: tier(3),
            to: tier(2),
            reason: "workaround found".into(),
            team: None,
        }),
        event(Action::FieldSet {
            field: "priority".into(),
            value: Value::String("P1".into()),
            reason: Some("the CEO's laptop".into()),
        }),
        event(Action::FieldSet {
            field: "major".into(),
            value: Value::Boolean(true),
            reason: None,
        }),
        event(Action::Labeled {
            add: vec!["ike".into()],
            remove: vec!["remote".into()],
        }),
        event(Action::Linked {
            relation: Relation::Related,
            target: "abcdefabcdefabcd".into(),
        }),
        event(Action::Linked {
            relation: Relation::Kb,
            target: "vpn-rekey".into(),
        }),
        event(Action::Unlinked {
            relation: Relation::Related,
            target: "abcdefabcdefabcd".into(),
        }),
        event(Action::Swept {
            rule: "status:pending age:>2d -> escalate".into(),
        }),
        event(Action::RcaRecorded(Rca {
            method: Some("log analysis".into()),
            root_cause: Some("IKE rekey timer".into()),
            reproduced: Some(true),
            ..Rca::default()
        })),
        event(Action::VendorHandoff(Vendor {
            name: Some("VPNCo".into()),
            reference: Some("VC-88123".into()),
            contract: Some("gold".into()),
            follow_up: NaiveDate::from_ymd_opt(2026, 11, 25),
        })),
        event(Action::Received(Box::new(Received {
            message_id: "m1@mail.example.com".into(),
            from: "carol@example.com".into(),
            name: Some("Carol".into()),
            subject: "Re: VPN".into(),
            original: "mail/ev018/1.eml".into(),
            attachments: vec![
                Attachment {
                    name: "shot.png".into(),
                    content_type: "image/png".into(),
                    size: 2048,
                    path: Some("attachments/ev018/1-shot.png".into()),
                },
                Attachment {
                    name: "huge.iso".into(),
                    content_type: "application/octet-stream".into(),
                    size: 900_000_000,
                    path: None,
                },
            ],
            note: None,
        }))),
        event(Action::Notified(Box::new(Notice {
            notice: "public-comment".into(),
            about: "ev003".into(),
            to: vec!["carol@example.com".into()],
            message_id: "n1@desk.example.com".into(),
            attempt: 2,
        }))),
        event(Action::Delivery {
            message_id: "n1@desk.example.com".into(),
            failure: Some("550 no such user".into()),
        }),
        event(Action::Resolved {
            resolution: "Set the IKE lifetime to 8h.".into(),
            code: Some("fixed".into()),
            kb: Some("vpn-rekey".into()),
        }),
        event(Action::Rated {
            score: 4,
            comment: Some("quick".into()),
        }),
        event(Action::Reopened {
            reason: "back again".into(),
        }),
        event(Action::Other("teleported".into())),
    ];
    let last = events.last_mut().unwrap();
    last.extra
        .insert("where".into(), Value::String("moon".into()));
    events[2]
        .extra
        .insert("mood".into(), Value::Array(vec![Value::Integer(3)]));
    let mut extra = Table::new();
    extra.insert("sentiment".into(), Value::String("angry".into()));
    let mut survey = Table::new();
    survey.insert("score".into(), Value::Float(4.5));
    survey.insert("due".into(), Value::Datetime("2026-12-01".parse().unwrap()));
    extra.insert("survey".into(), Value::Table(survey));
    let id = TicketId::parse(id).unwrap();
    Ticket::fold(id, events, extra, &PriorityMatrix::default()).unwrap()
}

#[test]
fn every_event_kind_round_trips_through_the_cache() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Replaced below", &[]);
    let ticket = every_kind(&id);
    let file = ticket.to_toml();
    desk.commit_on_desk(&ticket_path(&id), &file);

    // Read from the file (`show`), and through the cache both cold and warm (`export`).
    let shown = desk.show_json(&id);
    let short = shown["short_id"].as_str().unwrap().to_string();
    let expected = ticket.to_json(&short, true);
    assert_eq!(shown["events"], expected["events"]);
    assert_eq!(shown["sentiment"], "angry");
    assert_eq!(shown["survey"]["due"], "2026-12-01");
    drop_cache(&desk);
    for run in ["cold", "warm"] {
        let export: serde_json::Value =
            serde_json::from_str(&desk.run_ok(&["export", "--format", "json"])).unwrap();
        assert_eq!(export[0], expected, "{run} cache");
    }

    // The file is canonical as it stands, and a write keeps every byte of it.
    let doctor = desk.cmd(&["doctor"]).assert().success();
    let report = String::from_utf8_lossy(&doctor.get_output().stdout).to_string();
    assert!(!report.contains("canonical"), "{report}");
    desk.run_ok(&["comment", &id, "-m", "one more"]);
    let written = desk.ticket_file(&id);
    let (before, after) = written.split_at(written.rfind("\n[[events]]\n").unwrap());
    assert_eq!(before.trim_end_matches('\n'), file.trim_end_matches('\n'));
    assert!(after.contains("text = \"one more\""), "{after}");
}

/// The id of the first event of `kind` in a ticket file.
fn event_id(file: &str, kind: &str) -> String {
    let before = file.split(&format!("kind = \"{kind}\"\n")).next().unwrap();
    let from = before.rfind("[[events]]\nid = \"").unwrap() + "[[events]]\nid = \"".len();
    before[from..].split('"').next().unwrap().to_string()
}

/// A change made to a good ticket file.
type Edit = Box<dyn Fn(&str) -> String>;

/// A ticket file of a made-up id, from a real file with `edit` applied.
fn broken(template: &str, template_id: &str, id: &str, edit: &dyn Fn(&str) -> String) -> String {
    edit(&template.replace(template_id, id))
}

#[test]
fn broken_ticket_files_are_reported_in_the_same_words_on_every_path() {
    let desk = TestDesk::new();
    let good = desk.new_ticket("Printer jams", &[]);
    desk.run_ok(&["comment", &good, "-m", "Took the tray out."]);
    let template = desk.ticket_file(&good);
    let created = event_id(&template, "created");
    let commented = event_id(&template, "commented");
    let extra_event = |kind: &str, body: &str| {
        format!("\n[[events]]\nid = \"zz1\"\nclock = 9\nat = 2026-11-22T10:00:00Z\nby = \"a@x\"\nkind = \"{kind}\"\n{body}")
    };
    let appended = |kind: &'static str, body: &'static str| {
        let event = extra_event(kind, body);
        Box::new(move |t: &str| format!("{t}{event}")) as Edit
    };
    let replaced = |from: &'static str, to: &'static str| {
        Box::new(move |t: &str| t.replacen(from, to, 1)) as Edit
    };
    let head_only = |tail: &'static str| {
        Box::new(move |t: &str| format!("{}\n{tail}", t.split("\n[[events]]").next().unwrap()))
            as Edit
    };
    let ev = &created;
    let cases: Vec<(Edit, String)> = vec![
        (
            replaced("title = ", "title = = "),
            "invalid TOML at line 3: extra `=`, expected nothing".into(),
        ),
        (
            replaced("\nstatus = ", "\ntitle = \"again\"\nstatus = "),
            "invalid TOML at line 5: duplicate key".into(),
        ),
        (
            Box::new(|t: &str| {
                t.lines()
                    .filter(|l| !l.starts_with("id = \"pfzz"))
                    .collect::<Vec<_>>()
                    .join("\n")
            }),
            "'id' is missing".into(),
        ),
        (
            Box::new(|t: &str| t.replacen("id = \"pfzz", "id = 3 # \"", 1)),
            "'id' should be a string, not integer".into(),
        ),
        (
            Box::new(|t: &str| t.replacen("id = \"pfzz", "id = \"qfzz", 1)),
            "its id 'qfzz0000000000{}' does not match its file name".into(),
        ),
        (
            replaced("schema = 1", "schema = \"1\""),
            "'schema' should be an integer, not string".into(),
        ),
        (head_only(""), "it has no [[events]]".into()),
        (
            head_only("events = 3\n"),
            "'events' is not a list of tables".into(),
        ),
        (
            head_only("[events]\nid = \"x\"\n"),
            "'events' is not a list of tables".into(),
        ),
        (head_only("events = [1]\n"), "events[0] is not a table".into()),
        (
            head_only("events = [2026-01-01]\n"),
            "events[0] is not a table".into(),
        ),
        (
            replaced("clock = 1\n", "clock = -1\n"),
            format!("event {ev}: 'clock' must not be negative"),
        ),
        (
            replaced("clock = 1\n", "clock = \"1\"\n"),
            "'clock' should be an integer, not string".into(),
        ),
        (
            replaced("\nat = 2026-11-22T09:00:00Z", "\nat = 2026-11-22"),
            "'at' is not a full date and time".into(),
        ),
        (
            replaced("\nat = 2026-11-22T09:00:00Z", "\nat = \"yesterday\""),
            "'at' is not an RFC 3339 time".into(),
        ),
        (
            replaced("\nat = 2026-11-22T09:00:00Z", "\nat = true"),
            "'at' should be a date and time, not boolean".into(),
        ),
        (
            replaced("kind = \"created\"\n", ""),
            "'kind' is missing".into(),
        ),
        (
            replaced("type = \"incident\"\nimpact", "type = \"bogus\"\nimpact"),
            format!("event {ev} (created): 'type': type 'bogus' is not known: use one of incident, request, problem, change"),
        ),
        (
            replaced("kind = \"created\"\n", "kind = \"created\"\nlabels = [1]\n"),
            format!("event {ev} (created): 'labels' should hold strings, not integer"),
        ),
        (
            replaced("kind = \"created\"\n", "kind = \"created\"\nmajor = \"yes\"\n"),
            format!("event {ev} (created): 'major' should be true or false, not string"),
        ),
        (
            replaced("kind = \"commented\"\n", "kind = \"commented\"\ninternal = 1\n"),
            format!("event {commented} (commented): 'internal' should be true or false, not integer"),
        ),
        (
            appended("rated", "score = 9\n"),
            "event zz1 (rated): 'score' 9 is outside 1-5".into(),
        ),
        (
            appended("received", "from = \"c@x\"\noriginal = \"mail/x/1.eml\"\n"),
            "event zz1 (received): 'message_id' is missing".into(),
        ),
        (
            appended("received", "message_id = \"m\"\nfrom = \"c@x\"\noriginal = \"o\"\nattachments = [1]\n"),
            "event zz1 (received): attachments[0] is not a table".into(),
        ),
        (
            appended(
                "received",
                "message_id = \"m\"\nfrom = \"c@x\"\noriginal = \"o\"\n\n[[events.attachments]]\nname = \"a\"\ncontent_type = \"t\"\nsize = -1\n",
            ),
            "event zz1 (received): attachments[0]: 'size' must not be negative".into(),
        ),
        (
            appended("notified", "notice = \"filed\"\nabout = \"x\"\nto = []\nmessage_id = \"m\"\nattempt = 0\n"),
            "event zz1 (notified): 'attempt' 0 must be 1 or more".into(),
        ),
        (
            appended("vendor", "name = \"V\"\nfollow_up = \"soon\"\n"),
            "event zz1 (vendor): 'follow_up' should be a date, e.g. 2026-11-25".into(),
        ),
        (
            appended("rca", "reproduced = \"yes\"\n"),
            "event zz1 (rca): 'reproduced' should be true or false".into(),
        ),
        (
            appended("delivery", "failure = \"x\"\n"),
            "event zz1 (delivery): 'message_id' is missing".into(),
        ),
    ];
    const ALPHABET: &[u8] = b"0123456789abcdefghjkmnpqrstvwxyz";
    let mut files = Vec::new();
    for (i, (edit, reason)) in cases.iter().enumerate() {
        let suffix = format!("{}{}", ALPHABET[i / 32] as char, ALPHABET[i % 32] as char);
        let id = format!("pfzz0000000000{suffix}");
        let text = broken(&template, &good, &id, edit.as_ref());
        desk.commit_on_desk(&ticket_path(&id), &text);
        files.push((id, reason.replace("{}", &suffix), text));
    }

    drop_cache(&desk);
    let ls = desk.cmd(&["ls", "--ids"]).assert().success();
    let ls_err = stderr_of(ls.get_output());
    assert_eq!(
        String::from_utf8_lossy(&ls.get_output().stdout).trim(),
        good,
        "only the good ticket is listed"
    );
    let doctor = desk.cmd(&["doctor"]).assert().code(1);
    let doctor_out = String::from_utf8_lossy(&doctor.get_output().stdout).to_string();
    let mut wrong = Vec::new();
    for (id, reason, text) in &files {
        let path = ticket_path(id);
        let show = desk.cmd(&["show", id]).assert().code(1);
        let said = stderr_of(show.get_output());
        let line = format!("{path} is broken: {reason}; repair it with plain git");
        if !said.contains(&line) {
            wrong.push(format!("show:\n{said}wanted: {line}\n{text}"));
        }
        if !ls_err.contains(&line) {
            wrong.push(format!("cold ls wanted: {line}"));
        }
        // `parse` or, for a file under another ticket's name, `id`.
        let found = format!(" [problem]: it cannot be read: {reason}");
        let listed = doctor_out
            .lines()
            .any(|l| l.starts_with(&format!("{path}: ")) && l.ends_with(&found));
        if !listed {
            wrong.push(format!("doctor:\n{doctor_out}wanted: {path}: ...{found}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
