//! `git desk notify` (SPEC 13, "Notices out"): the notices due worked out from events and
//! the [[notify]] rules, rendered and threaded, delivered to an outbox, a sendmail
//! command or a real SMTP server (aiosmtpd on 127.0.0.1), claimed so that each is sent
//! once, also by two clones at the same moment against one remote.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use mail_parser::{HeaderValue, MessageParser};
use serde_json::Value;

use crate::common::smtp::SmtpServer;
use crate::common::{Cluster, TestDesk, NOW};

const CAROL: &str = "carol@example.org";

/// desk.toml with [mail], a team with an address and a team without one.
fn mail_config(toml: &str) -> String {
    let toml = toml
        .replace(
            "[teams.tech-support]\nmembers = []",
            "[teams.tech-support]\nmembers = [\"tina@example.com\", \"tom@example.com\"]",
        )
        .replace(
            "[teams.engineering]\nmembers = []",
            "[teams.engineering]\nmembers = [\"sam@example.com\"]\nemail = \"eng@example.com\"",
        );
    format!("{toml}\n[mail]\naddress = \"support@example.com\"\nname = \"IT Service Desk\"\ntag = \"desk\"\n")
}

fn mail_desk() -> TestDesk {
    let desk = TestDesk::new();
    desk.commit_on_desk("desk.toml", &mail_config(&desk.desk_toml()));
    desk
}

/// `notify ARGS --json` at `now`, its exit code and its list.
fn notify_json(desk: &TestDesk, now: &str, args: &[&str]) -> (i32, Vec<Value>) {
    let mut all = vec!["notify", "--json"];
    all.extend_from_slice(args);
    let out = desk.cmd(&all).env("DESK_NOW", now).output().unwrap();
    let list: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "notify --json: {e}: {} / {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap(), list.as_array().unwrap().clone())
}

fn outbox(desk: &TestDesk) -> String {
    desk.scratch().join("outbox").display().to_string()
}

/// The .eml files of a directory, by file name.
fn emls(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    match fs::read_dir(dir) {
        Err(_) => BTreeMap::new(),
        Ok(entries) => entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    fs::read(&p).unwrap(),
                )
            })
            .collect(),
    }
}

fn ids(value: &HeaderValue) -> Vec<String> {
    match value {
        HeaderValue::Text(id) => vec![id.to_string()],
        HeaderValue::TextList(ids) => ids.iter().map(|id| id.to_string()).collect(),
        HeaderValue::Empty => Vec::new(),
        other => panic!("not a list of ids: {other:?}"),
    }
}

/// (kind, recipient) of each listed notice, sorted.
fn kinds_and_recipients(list: &[Value]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = list
        .iter()
        .map(|n| {
            (
                n["kind"].as_str().unwrap().to_string(),
                n["to"][0].as_str().unwrap().to_string(),
            )
        })
        .collect();
    pairs.sort();
    pairs
}

fn event_kinds(desk: &TestDesk, id: &str) -> Vec<Value> {
    desk.show_json(id)["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "notified" || e["kind"] == "delivery")
        .cloned()
        .collect()
}

#[test]
fn each_default_notice_goes_to_the_right_people_threaded() {
    let desk = mail_desk();
    let id = desk.new_ticket("VPN drops", &["--reporter", CAROL]);
    desk.run_ok(&["assign", &id, "--to", "bob@example.com"]);
    desk.run_ok(&["comment", &id, "-m", "Please try rebooting the router"]);
    // The reporter's own comment tells nobody (the default rules name only her).
    desk.as_user("Carol", CAROL, &["comment", &id, "-m", "Still broken"])
        .assert()
        .success();
    desk.run_ok(&["assign", &id, "--to", "none"]);
    desk.run_ok(&["escalate", &id, "--reason", "needs the network team"]);
    desk.run_ok(&["pend", &id, "--reason", "customer"]);
    desk.run_ok(&["resolve", &id, "-r", "Replaced the router"]);
    desk.run_ok(&["reopen", &id, "--reason", "it dropped again"]);
    // Work done by the person a notice would go to tells them nothing.
    desk.run_ok(&["assign", &id, "--to", "alice@example.com"]);

    let (code, list) = notify_json(&desk, NOW, &["--outbox", &outbox(&desk)]);
    assert_eq!(code, 0, "{list:?}");
    assert_eq!(
        kinds_and_recipients(&list),
        [
            ("assigned", "bob@example.com"),
            ("escalated", "tina@example.com"),
            ("escalated", "tom@example.com"),
            ("filed", CAROL),
            ("pending-customer", CAROL),
            ("public-comment", CAROL),
            ("reopened", CAROL),
            ("resolved", CAROL),
        ]
        .map(|(k, t)| (k.to_string(), t.to_string()))
    );
    assert!(list
        .iter()
        .all(|n| n["result"] == "sent" && n["attempt"] == 1));

    let short = &id[..6];
    let root = format!("desk.{id}@example.com");
    let files = emls(&desk.scratch().join("outbox"));
    assert_eq!(files.len(), list.len());
    for notice in &list {
        let message_id = notice["message_id"].as_str().unwrap();
        let bytes = &files[&format!("{message_id}.eml")];
        let mail = MessageParser::default().parse(bytes).unwrap();
        assert_eq!(mail.message_id(), Some(message_id));
        assert!(
            message_id.starts_with(&format!("desk.{id}.")),
            "{message_id}"
        );
        let subject = mail.subject().unwrap();
        assert!(
            subject.starts_with(&format!("[desk #{short}] VPN drops")),
            "{subject}"
        );
        assert_eq!(subject, notice["subject"].as_str().unwrap());
        let from = mail.from().unwrap().first().unwrap();
        assert_eq!(from.address(), Some("support@example.com"));
        assert_eq!(from.name(), Some("IT Service Desk"));
        let to = mail.to().unwrap().first().unwrap();
        assert_eq!(to.address(), notice["to"][0].as_str());
        // Each answers the thread's root, or a notice this run sent the same person
        // before it; References start at the root and end with what it answers.
        let answers = ids(mail.in_reply_to());
        let earlier: Vec<&str> = list
            .iter()
            .take_while(|n| n["message_id"] != notice["message_id"])
            .filter(|n| n["to"] == notice["to"])
            .map(|n| n["message_id"].as_str().unwrap())
            .collect();
        assert_eq!(answers.len(), 1);
        assert!(
            answers[0] == root || earlier.last() == Some(&answers[0].as_str()),
            "{message_id} answers {answers:?}, earlier {earlier:?}"
        );
        let references = ids(mail.references());
        assert_eq!(references.first(), Some(&root));
        assert_eq!(references.last(), answers.last());
        let body = mail.body_text(0).unwrap();
        assert!(
            body.contains("Reply to this mail to add to the ticket"),
            "{body}"
        );
        assert!(body.contains(&format!("#{short}")), "{body}");
        match notice["kind"].as_str().unwrap() {
            "public-comment" => assert!(body.contains("Please try rebooting the router")),
            "resolved" => {
                assert!(body.contains("Replaced the router"), "{body}");
                assert!(subject.contains("resolved"), "{subject}");
            }
            "escalated" => assert!(body.contains("needs the network team"), "{body}"),
            "reopened" => assert!(body.contains("it dropped again"), "{body}"),
            _ => {}
        }
    }
    // Each notice is on the ticket: claimed, then delivered.
    let events = event_kinds(&desk, &id);
    assert_eq!(events.iter().filter(|e| e["kind"] == "notified").count(), 8);
    assert_eq!(events.iter().filter(|e| e["kind"] == "delivery").count(), 8);
    assert!(events
        .iter()
        .filter(|e| e["kind"] == "delivery")
        .all(|e| e.get("failure").is_none()));
}

#[test]
fn notices_are_sent_once_and_a_dry_run_claims_nothing() {
    let desk = mail_desk();
    let id = desk.new_ticket("Printer jam", &["--reporter", CAROL]);
    let commits = desk.commits();

    let out = desk.run_ok(&["notify", "--dry-run", "--outbox", &outbox(&desk)]);
    assert!(out.contains("would-send") && out.contains("filed"), "{out}");
    assert!(out.contains("Your request has been logged"), "{out}");
    assert_eq!(desk.commits(), commits, "a dry run writes nothing");
    assert!(emls(&desk.scratch().join("outbox")).is_empty(), "nor sends");

    let (_, first) = notify_json(&desk, NOW, &["--outbox", &outbox(&desk)]);
    assert_eq!(first.len(), 1);
    assert_eq!(desk.commits(), commits + 2, "claims, then outcomes");
    let (_, second) = notify_json(&desk, NOW, &["--outbox", &outbox(&desk)]);
    assert_eq!(second, Vec::<Value>::new(), "sent once");
    // An hour later too: the claim has its outcome.
    let (_, later) = notify_json(&desk, "2026-11-22T12:00:00Z", &["--outbox", &outbox(&desk)]);
    assert_eq!(later, Vec::<Value>::new());
    assert_eq!(emls(&desk.scratch().join("outbox")).len(), 1);

    // A new event is a new notice, threaded on the same ticket.
    desk.run_ok(&["resolve", &id, "-r", "Cleared the tray"]);
    let (_, third) = notify_json(&desk, NOW, &["--outbox", &outbox(&desk)]);
    assert_eq!(
        kinds_and_recipients(&third),
        [("resolved".into(), CAROL.into())]
    );
}

#[test]
fn notices_go_through_a_sendmail_command() {
    let desk = mail_desk();
    desk.new_ticket("Laptop will not boot", &["--reporter", CAROL]);
    let spool = desk.scratch().join("spool");
    fs::create_dir(&spool).unwrap();
    let script = desk.script(
        "fake-sendmail",
        &format!(
            "echo \"$@\" > '{0}/args'\ncat > '{0}/message.eml'",
            spool.display()
        ),
    );
    let command = format!("{} -t -i", script.display());
    let (code, list) = notify_json(&desk, NOW, &["--sendmail", &command]);
    assert_eq!(code, 0);
    assert_eq!(list.len(), 1);
    assert_eq!(
        fs::read_to_string(spool.join("args")).unwrap().trim(),
        "-t -i"
    );
    let bytes = fs::read(spool.join("message.eml")).unwrap();
    let mail = MessageParser::default().parse(&bytes[..]).unwrap();
    assert_eq!(mail.to().unwrap().first().unwrap().address(), Some(CAROL));
    assert_eq!(mail.message_id(), list[0]["message_id"].as_str());

    // A command that fails is a failed delivery: recorded, exit 1.
    desk.new_ticket("Screen flickers", &["--reporter", CAROL]);
    let failing = desk.script(
        "failing-sendmail",
        "cat >/dev/null\necho 'queue full' >&2\nexit 75",
    );
    let out = desk
        .cmd(&["notify", "--sendmail", &failing.display().to_string()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("could not be sent") && stderr.contains("next run"),
        "{stderr}"
    );
}

#[test]
fn notices_go_through_a_real_smtp_server() {
    let server = SmtpServer::start();
    let desk = mail_desk();
    let id = desk.new_ticket("Mailbox full", &["--reporter", CAROL]);
    desk.run_ok(&["comment", &id, "-m", "Archived last year's mail"]);
    let (code, list) = notify_json(&desk, NOW, &["--smtp", &server.url()]);
    assert_eq!(code, 0, "{list:?}");
    let received = server.received();
    assert_eq!(received.len(), 2);
    let mut got: Vec<String> = received
        .iter()
        .map(|r| {
            assert_eq!(r.mail_from, "support@example.com");
            assert_eq!(r.recipients, [CAROL]);
            let mail = MessageParser::default().parse(&r.data[..]).unwrap();
            mail.message_id().unwrap().to_string()
        })
        .collect();
    let mut listed: Vec<String> = list
        .iter()
        .map(|n| n["message_id"].as_str().unwrap().to_string())
        .collect();
    got.sort();
    listed.sort();
    assert_eq!(got, listed);
    let (_, again) = notify_json(&desk, NOW, &["--smtp", &server.url()]);
    assert!(again.is_empty());
    assert_eq!(server.received().len(), 2, "sent once");
}

#[test]
fn a_failed_delivery_is_recorded_and_retried_by_the_next_run() {
    let desk = mail_desk();
    let id = desk.new_ticket("VPN drops", &["--reporter", CAROL]);
    let refusing = SmtpServer::builder()
        .reject(CAROL, "451 4.3.0 try again later")
        .start();
    let (code, list) = notify_json(&desk, NOW, &["--smtp", &refusing.url()]);
    assert_eq!(code, 1, "a failed delivery is exit 1");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["result"], "failed");
    assert!(
        list[0]["failure"].as_str().unwrap().contains("451"),
        "{list:?}"
    );
    assert!(refusing.received().is_empty());
    let events = event_kinds(&desk, &id);
    let failure = events.iter().find(|e| e["kind"] == "delivery").unwrap();
    assert!(
        failure["failure"].as_str().unwrap().contains("451"),
        "{failure}"
    );
    drop(refusing);

    // The server is down: still failed, still recorded, the attempt counted.
    let down = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let (code, list) = notify_json(&desk, NOW, &["--smtp", &format!("smtp://127.0.0.1:{down}")]);
    assert_eq!(code, 1);
    assert_eq!((list.len(), list[0]["attempt"].as_u64()), (1, Some(2)));
    assert_eq!(list[0]["result"], "failed");

    let server = SmtpServer::start();
    let (code, list) = notify_json(&desk, NOW, &["--smtp", &server.url()]);
    assert_eq!(code, 0);
    assert_eq!((list.len(), list[0]["attempt"].as_u64()), (1, Some(3)));
    assert_eq!(list[0]["result"], "sent");
    assert_eq!(server.received().len(), 1);
    let (_, after) = notify_json(&desk, NOW, &["--smtp", &server.url()]);
    assert!(after.is_empty(), "delivered: not due again");
    assert_eq!(server.received().len(), 1);
}

#[test]
fn a_claim_left_by_a_run_that_died_is_sent_again_after_an_hour() {
    let desk = mail_desk();
    desk.new_ticket("Keyboard missing keys", &["--reporter", CAROL]);
    // The "sendmail" kills notify between claiming and recording: the crash window.
    let killer = desk.script(
        "killing-sendmail",
        "cat >/dev/null\nkill -9 $(ps -o ppid= -p $PPID)",
    );
    let out = desk
        .cmd(&["notify", "--sendmail", &killer.display().to_string()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let outbox = outbox(&desk);
    let (_, soon) = notify_json(&desk, "2026-11-22T09:30:00Z", &["--outbox", &outbox]);
    assert!(
        soon.is_empty(),
        "within the hour the claim may still be at work"
    );
    let (_, later) = notify_json(&desk, "2026-11-22T10:01:00Z", &["--outbox", &outbox]);
    assert_eq!(later.len(), 1);
    assert_eq!(later[0]["attempt"], 2);
    assert_eq!(later[0]["result"], "sent");
}

#[test]
fn sla_notices_go_to_the_assignee_once_per_target() {
    let desk = mail_desk();
    let id = desk.new_ticket(
        "Payroll down",
        &["--reporter", CAROL, "--impact", "high", "--urgency", "high"],
    );
    desk.run_ok(&["assign", &id, "--to", "bob@example.com"]);
    let outbox = outbox(&desk);
    notify_json(&desk, NOW, &["--outbox", &outbox]);
    // P1: resolution in 4 h around the clock; 3.5 h on, past the 75% warning.
    let (_, warned) = notify_json(&desk, "2026-11-22T12:30:00Z", &["--outbox", &outbox]);
    assert_eq!(
        kinds_and_recipients(&warned),
        [("sla-warning".into(), "bob@example.com".into())],
        "{warned:?}"
    );
    assert!(
        warned[0]["subject"]
            .as_str()
            .unwrap()
            .contains("resolution"),
        "{warned:?}"
    );
    let (_, same) = notify_json(&desk, "2026-11-22T12:40:00Z", &["--outbox", &outbox]);
    assert!(same.is_empty(), "once per target: {same:?}");
    let (_, breached) = notify_json(&desk, "2026-11-22T14:00:00Z", &["--outbox", &outbox]);
    assert_eq!(
        kinds_and_recipients(&breached),
        [("sla-breached".into(), "bob@example.com".into())]
    );
    let (_, again) = notify_json(&desk, "2026-11-22T18:00:00Z", &["--outbox", &outbox]);
    assert!(again.is_empty(), "{again:?}");
}

#[test]
fn old_events_get_no_notice() {
    let desk = mail_desk();
    desk.new_ticket("Old request", &["--reporter", CAROL]);
    let (_, list) = notify_json(&desk, "2026-12-01T09:00:00Z", &["--outbox", &outbox(&desk)]);
    assert!(list.is_empty(), "past the 7-day window: {list:?}");
}

#[test]
fn customer_updated_follows_notices_in_ls_and_escalation_rules() {
    let desk = mail_desk();
    let a = desk.new_ticket("Wifi slow", &["--reporter", CAROL]);
    let b = desk.new_ticket("Wifi slow too", &["--reporter", CAROL]);
    let outbox = outbox(&desk);
    notify_json(&desk, NOW, &["--outbox", &outbox]);
    let later = "2026-11-22T14:00:00Z";
    // Five hours on, B waits for Carol and she is told so; A has heard nothing since.
    desk.cmd(&["pend", &b, "--reason", "customer"])
        .env("DESK_NOW", later)
        .assert()
        .success();
    let stale = |desk: &TestDesk| {
        let out = desk
            .cmd(&["ls", "customer_updated:>4h", "--ids"])
            .env("DESK_NOW", later)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let before = stale(&desk);
    assert!(before.contains(&a) && before.contains(&b), "{before}");
    notify_json(&desk, later, &["--outbox", &outbox]);
    let after = stale(&desk);
    assert!(after.contains(&a) && !after.contains(&b), "{after}");

    // An escalation rule holds the desk to the interval.
    let toml = desk.desk_toml().replace(
        "[permissions]",
        "[[escalation]]\nwhen = \"customer_updated:>4h\"\npriority = \"P2\"\nreason = \"customer not updated for 4h\"\n\n[permissions]",
    );
    desk.commit_on_desk("desk.toml", &toml);
    let out = desk
        .cmd(&["sweep"])
        .env("DESK_NOW", later)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(desk.show_json(&a)["priority"], "P2");
    assert_ne!(desk.show_json(&b)["priority"], "P2");
}

#[test]
fn bad_input_is_refused_before_anything_is_claimed() {
    let plain = TestDesk::new();
    plain.new_ticket("No mail here", &["--reporter", CAROL]);
    plain.refused(
        &mut plain.cmd(&["notify", "--outbox", "out"]),
        &["[mail]", "git desk config edit"],
    );

    let desk = mail_desk();
    desk.new_ticket("VPN drops", &["--reporter", CAROL]);
    desk.refused(
        &mut desk.cmd(&["notify", "--smtp", "http://mail.example.com"]),
        &["http://mail.example.com", "smtp://"],
    );
    desk.commit_on_desk(
        "mail/templates/resolved.txt",
        "[desk #{{short}}] {{title}}\n\nDone by {{resolver}}\n",
    );
    let outbox = outbox(&desk);
    desk.refused(
        &mut desk.cmd(&["notify", "--outbox", &outbox]),
        &["mail/templates/resolved.txt", "{{resolver}}"],
    );
    assert!(emls(&desk.scratch().join("outbox")).is_empty());

    let toml = format!(
        "{}\n[[notify]]\non = [\"escalatd\"]\nto = \"assignee\"\n",
        desk.desk_toml()
    );
    let editor = desk.editor_writing("bad-notify", &toml);
    let stderr = desk.refused(
        desk.cmd(&["config", "edit"]).env("EDITOR", &editor),
        &["escalatd", "line"],
    );
    assert!(stderr.contains("escalated"), "{stderr}");
}

#[test]
fn a_template_on_the_branch_words_the_notice() {
    let desk = mail_desk();
    let id = desk.new_ticket("Phone dead", &["--reporter", CAROL]);
    desk.commit_on_desk(
        "mail/templates/filed.txt",
        "We got it: {{title}}\n\nHello {{reporter}}, ticket {{short}} is {{status}}.\n{{reply}}\n",
    );
    let (_, list) = notify_json(&desk, NOW, &["--outbox", &outbox(&desk)]);
    assert_eq!(list.len(), 1);
    let files = emls(&desk.scratch().join("outbox"));
    let mail = MessageParser::default()
        .parse(files.values().next().unwrap())
        .unwrap();
    assert_eq!(
        mail.subject(),
        Some(format!("[desk #{}] We got it: Phone dead", &id[..6]).as_str())
    );
    let body = mail.body_text(0).unwrap();
    assert!(
        body.contains(&format!("Hello {CAROL}, ticket {} is new.", &id[..6])),
        "{body}"
    );
}

// ---- two clones, one remote ----------------------------------------------------------

#[test]
fn two_clones_notifying_at_the_same_moment_send_each_notice_once() {
    let server = SmtpServer::start();
    let cluster = Cluster::new();
    let ann = cluster.clone_named("ann");
    ann.run_ok(&["init"]);
    ann.commit_on_desk("desk.toml", &mail_config(&ann.desk_toml()));
    let mut tickets = Vec::new();
    for i in 0..6 {
        let id = ann.run_ok(&["new", "-q", &format!("Ticket {i}"), "--reporter", CAROL]);
        tickets.push(id.trim().to_string());
    }
    ann.run_ok(&["comment", &tickets[0], "-m", "Looking into it"]);
    ann.run_ok(&["push"]);
    let ben = cluster.clone_named("ben");
    ben.run_ok(&["pull"]);
    let cy = cluster.clone_named("cy");
    cy.run_ok(&["pull"]);

    let url = server.url();
    let runs: Vec<std::process::Child> = [&ann, &ben, &cy]
        .iter()
        .map(|c| {
            c.std_cmd(&["notify", "--json", "--smtp", &url])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut sent_by_runs = 0;
    for run in runs {
        let out = run.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let list: Value = serde_json::from_slice(&out.stdout).unwrap();
        sent_by_runs += list
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["result"] == "sent")
            .count();
    }
    let received = server.received();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for r in &received {
        let mail = MessageParser::default().parse(&r.data[..]).unwrap();
        *counts
            .entry(mail.message_id().unwrap().to_string())
            .or_default() += 1;
    }
    assert_eq!(counts.len(), 7, "six filings and a comment: {counts:?}");
    assert!(
        counts.values().all(|n| *n == 1),
        "each notice once: {counts:?}"
    );
    assert_eq!(sent_by_runs, 7);

    // Once everything is shared, nobody sends anything again.
    for c in [&ann, &ben, &cy] {
        c.run_ok(&["sync"]);
    }
    for c in [&ann, &ben, &cy] {
        let out = c.run_ok(&["notify", "--json", "--smtp", &url]);
        assert_eq!(out.trim(), "[]", "{}", c.name());
    }
    assert_eq!(server.received().len(), 7);
}

#[test]
fn an_unreachable_remote_stops_notify_before_anything_is_claimed() {
    let desk = mail_desk();
    desk.new_ticket("Printer offline", &["--reporter", CAROL]);
    let missing = desk.scratch().join("no-such-remote.git");
    desk.git(&["remote", "add", "origin", &missing.display().to_string()]);
    let before = desk.tip();
    let out = desk
        .cmd(&["notify", "--outbox", &outbox(&desk)])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(desk.tip(), before, "nothing claimed");
    assert!(
        emls(&desk.scratch().join("outbox")).is_empty(),
        "nothing sent"
    );
}

#[test]
fn a_remote_without_the_desk_is_not_published_to() {
    let desk = mail_desk();
    desk.new_ticket("Monitor flickers", &["--reporter", CAROL]);
    let code = desk.scratch().join("code.git");
    let mut init = desk.git_cmd(&["init", "-q", "--bare", &code.display().to_string()]);
    assert!(init.status().unwrap().success());
    desk.git(&["remote", "add", "origin", &code.display().to_string()]);
    let (status, list) = notify_json(&desk, NOW, &["--outbox", &outbox(&desk)]);
    assert_eq!((status, list.len()), (0, 1));
    assert_eq!(list[0]["result"], "sent");
    let mut heads = desk.git_cmd(&["ls-remote", "origin"]);
    let heads = String::from_utf8(heads.output().unwrap().stdout).unwrap();
    assert!(!heads.contains("refs/heads/desk"), "{heads}");
}

#[test]
fn notify_from_a_mail_users_cron_without_a_git_identity_acts_as_the_desk() {
    let desk = mail_desk();
    desk.new_ticket("VPN drops", &["--reporter", CAROL]);
    // The cron of the user the mail system runs as: git knows nothing of them.
    let home = desk.scratch().join("cron-home");
    fs::create_dir_all(&home).unwrap();
    let out = desk
        .cmd(&["notify", "--json", "--outbox", &outbox(&desk)])
        .env("HOME", &home)
        .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"))
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .env("DESK_NOW", "2026-11-22T09:05:00Z")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!(list[0]["result"], "sent");
    assert_eq!(emls(&desk.scratch().join("outbox")).len(), 1);
    let authors = desk.git(&["log", "-2", "--format=%an <%ae>", "desk"]);
    assert_eq!(
        authors.lines().collect::<Vec<_>>(),
        ["IT Service Desk <support@example.com>"; 2],
        "the claims and their outcomes are the desk's"
    );
}
