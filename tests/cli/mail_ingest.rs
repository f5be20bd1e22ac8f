//! `git desk mail ingest`: mail in from stdin, an mbox or a Maildir, through the binary;
//! and `show` listing the mail and giving attachments back.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{stderr_of, TestDesk, ALICE};

/// The corpus of real-shaped messages.
fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/mail")
        .join(name);
    fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// A desk whose desk.toml has `[mail]` (plus `extra` lines in it) and Alice on the
/// service desk's team.
fn mail_desk(extra: &str) -> TestDesk {
    let desk = TestDesk::new();
    set_mail(&desk, extra);
    desk
}

fn set_mail(desk: &TestDesk, extra: &str) {
    let current = desk.desk_toml();
    let without_mail = current.split("\n[mail]\n").next().unwrap();
    let toml = without_mail.replacen(
        "[teams.service-desk]\nmembers = []",
        &format!("[teams.service-desk]\nmembers = [\"{ALICE}\"]"),
        1,
    ) + &format!("\n[mail]\naddress = \"support@example.com\"\n{extra}\n");
    let editor = desk.editor_writing("mail", &toml);
    desk.cmd(&["config", "edit"])
        .env("EDITOR", editor)
        .assert()
        .success();
}

/// A plain message; `headers` are extra header lines, each ending in a newline.
fn message(from: &str, id: &str, subject: &str, headers: &str, body: &str) -> Vec<u8> {
    format!(
        "From: {from}\nTo: support@example.com\nMessage-ID: <{id}>\nSubject: {subject}\nDate: Sun, 22 Nov 2026 08:00:00 +0000\n{headers}\n{body}\n"
    )
    .into_bytes()
}

/// Runs `mail ingest --json ARGS` with `stdin`; the exit code and the list it printed.
fn ingest_with(desk: &TestDesk, args: &[&str], stdin: &[u8]) -> (i32, Vec<Value>, String) {
    let mut all = vec!["mail", "ingest", "--json"];
    all.extend_from_slice(args);
    let out = desk
        .cmd(&all)
        .write_stdin(stdin.to_vec())
        .output()
        .expect("run git-desk");
    let code = out.status.code().expect("an exit code");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let list = if stdout.trim().is_empty() {
        Vec::new()
    } else {
        serde_json::from_str::<Vec<Value>>(&stdout)
            .unwrap_or_else(|e| panic!("--json prints a list ({e}): {stdout}"))
    };
    (code, list, stderr_of(&out))
}

/// One message on stdin that must be taken in (exit 0); what became of it.
fn ingest(desk: &TestDesk, raw: &[u8]) -> Value {
    let (code, list, stderr) = ingest_with(desk, &[], raw);
    assert_eq!(code, 0, "ingest exit code; stderr: {stderr}");
    assert_eq!(list.len(), 1, "{list:?}");
    list.into_iter().next().unwrap()
}

fn events_of(desk: &TestDesk, id: &str, action: &str) -> Vec<Value> {
    desk.show_json(id)["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["kind"] == action)
        .cloned()
        .collect()
}

/// The bytes of a file on the desk branch.
fn file_on_desk(desk: &TestDesk, path: &str) -> Vec<u8> {
    let out = desk
        .git_cmd(&["cat-file", "blob", &format!("desk:{path}")])
        .output()
        .expect("run git");
    assert!(out.status.success(), "desk:{path}: {}", stderr_of(&out));
    out.stdout
}

fn ticket_count(desk: &TestDesk) -> usize {
    desk.run_ok(&["ls", "--all", "--ids"]).lines().count()
}

/// The files of the desk branch under `dir`.
fn tree_files(desk: &TestDesk, dir: &str) -> Vec<String> {
    desk.git(&["ls-tree", "-r", "--name-only", "desk", dir])
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn every_corpus_message_ingests_to_what_it_should() {
    let desk = mail_desk("");
    let expected = [
        ("alternative.eml", "filed", 0),
        ("base64-body.eml", "filed", 0),
        ("bounce.eml", "rejected", 0),
        ("encoded-words.eml", "filed", 0),
        ("forwarded.eml", "filed", 0),
        ("garbage.eml", "rejected", 2),
        ("gmail-reply.eml", "filed", 0),
        ("html-only.eml", "filed", 0),
        ("inline-image.eml", "filed", 0),
        ("latin1.eml", "filed", 0),
        ("mailing-list.eml", "rejected", 0),
        ("no-from.eml", "rejected", 2),
        ("no-message-id.eml", "filed", 0),
        ("out-of-office.eml", "rejected", 0),
        ("outlook-reply.eml", "filed", 0),
        ("pdf-attachment.eml", "filed", 0),
        ("quoted-printable.eml", "filed", 0),
        ("shift-jis.eml", "filed", 0),
    ];
    for (name, result, code) in expected {
        let commits = desk.commits();
        let (got_code, list, stderr) = ingest_with(&desk, &[], &fixture(name));
        assert_eq!(got_code, code, "{name}: exit code; stderr: {stderr}");
        assert_eq!(list[0]["result"], result, "{name}: {:?}", list[0]);
        assert_eq!(desk.commits(), commits + 1, "{name}: one commit");
        if code == 2 {
            assert_eq!(stderr.lines().count(), 1, "{name}: one line: {stderr}");
            assert!(stderr.contains("mail/rejected/"), "{name}: {stderr}");
        }
        if result == "filed" {
            let id = list[0]["ticket"].as_str().unwrap();
            let t = desk.show_json(id);
            let received = events_of(&desk, id, "received");
            assert_eq!(received.len(), 1, "{name}");
            assert_eq!(received[0]["by"], t["reporter"], "{name}: by the sender");
            let original = received[0]["original"].as_str().unwrap();
            assert_eq!(original, format!("mail/{id}/1.eml"));
            assert_eq!(
                file_on_desk(&desk, original),
                fixture(name),
                "{name}: the original is kept byte for byte"
            );
        }
    }
    // Only people's mail filed tickets; what was set aside is kept with its reason.
    assert_eq!(ticket_count(&desk), 13);
    let rejected = tree_files(&desk, "mail/rejected");
    assert_eq!(rejected.len(), 10, "5 messages and 5 reasons: {rejected:?}");
    let reasons: String = rejected
        .iter()
        .filter(|p| p.ends_with(".reason"))
        .map(|p| desk.git(&["show", &format!("desk:{p}")]))
        .collect();
    for why in ["From", "header line", "auto-reply", "bounce", "list"] {
        assert!(reasons.contains(why), "{why}: {reasons}");
    }

    // The text is what the person wrote, in the right charset; titles are clean.
    let by_title = |title: &str| -> Value {
        let out = desk.run_ok(&["ls", "--all", "--json"]);
        let all: Vec<Value> = serde_json::from_str(&out).unwrap();
        all.into_iter()
            .find(|t| t["title"] == title)
            .unwrap_or_else(|| panic!("no ticket '{title}' in {out}"))
    };
    let out = desk.run_ok(&["ls", "--all", "--json", "reporter:henry@gmail.example"]);
    let gmail: Vec<Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(gmail.len(), 1, "{out}");
    let gmail = desk.show_json(gmail[0]["id"].as_str().unwrap());
    let description = gmail["description"].as_str().unwrap();
    assert!(description.contains("works again"), "{description}");
    assert!(
        !description.contains("restart the VPN gateway"),
        "quote trimmed: {description}"
    );
    by_title("Drucker im Büro fällt aus");
    by_title("パスワードのリセット");
}

#[test]
fn replies_thread_by_in_reply_to_references_and_the_subject_tag() {
    let desk = mail_desk("");
    let first = ingest(
        &desk,
        &message(
            "ann@example.org",
            "m1@example.org",
            "VPN drops",
            "",
            "It drops.",
        ),
    );
    assert_eq!(first["result"], "filed");
    let id = first["ticket"].as_str().unwrap().to_string();
    let short = first["short_id"].as_str().unwrap().to_string();

    let by_in_reply_to = ingest(
        &desk,
        &message(
            "ann@example.org",
            "m2@example.org",
            "Re: VPN drops",
            "In-Reply-To: <m1@example.org>\n",
            "Still drops.\n\nOn Sun, Ann wrote:\n> It drops.",
        ),
    );
    let by_references = ingest(
        &desk,
        &message(
            "ann@example.org",
            "m3@example.org",
            "Re: VPN drops",
            "References: <m1@example.org> <unknown@example.net>\n",
            "And again.",
        ),
    );
    let by_tag = ingest(
        &desk,
        &message(
            "ann@example.org",
            "m4@example.org",
            &format!("RE: [desk #{short}] VPN drops"),
            "",
            "Any news?",
        ),
    );
    // The desk's own notice names its ticket: no index is needed.
    let notice = format!("desk.{id}.0badf00d@example.com");
    let by_notice = ingest(
        &desk,
        &message(
            "ann@example.org",
            "m5@example.org",
            "Re: your ticket",
            &format!("In-Reply-To: <{notice}>\n"),
            "Thanks.",
        ),
    );
    for (taken, how) in [
        (&by_in_reply_to, "in-reply-to"),
        (&by_references, "references"),
        (&by_tag, "subject-tag"),
        (&by_notice, "in-reply-to"),
    ] {
        assert_eq!(taken["result"], "commented", "{taken:?}");
        assert_eq!(taken["ticket"], id.as_str(), "{taken:?}");
        assert_eq!(taken["threaded_by"], how, "{taken:?}");
    }
    assert_eq!(ticket_count(&desk), 1);
    let comments = events_of(&desk, &id, "commented");
    assert_eq!(comments.len(), 4);
    assert_eq!(comments[0]["text"], "Still drops.", "quote trimmed");
    assert!(comments.iter().all(|c| c["by"] == "ann@example.org"));
    assert!(comments.iter().all(|c| c["internal"] != true));
    let received = events_of(&desk, &id, "received");
    let originals: Vec<&str> = received
        .iter()
        .map(|r| r["original"].as_str().unwrap())
        .collect();
    assert_eq!(
        originals,
        (1..=5)
            .map(|n| format!("mail/{id}/{n}.eml"))
            .collect::<Vec<_>>()
    );

    // A tag that names no ticket files a new one; the commit says what happened.
    let unknown = ingest(
        &desk,
        &message(
            "bob@example.org",
            "m6@example.org",
            "[desk #zzzzzz] Printer",
            "",
            "Jam.",
        ),
    );
    assert_eq!(unknown["result"], "filed");
    assert_ne!(unknown["ticket"], id.as_str());
    let subject = desk.git(&["log", "-1", "--format=%s", "desk"]);
    assert!(
        subject.starts_with("mail ") && subject.contains("filed"),
        "{subject}"
    );
    assert!(desk.last_message().contains("Desk-Action: mail"));
}

#[test]
fn the_same_message_twice_is_recorded_once() {
    let desk = mail_desk("");
    let raw = message(
        "ann@example.org",
        "once@example.org",
        "VPN drops",
        "",
        "It drops.",
    );
    let first = ingest(&desk, &raw);
    let commits = desk.commits();
    let again = ingest(&desk, &raw);
    assert_eq!(again["result"], "duplicate");
    assert_eq!(desk.commits(), commits, "nothing to commit");

    // Without a Message-ID, one is made from the bytes: a second delivery is the same.
    let no_id = fixture("no-message-id.eml");
    let made = ingest(&desk, &no_id);
    assert_eq!(made["result"], "filed");
    assert_eq!(ingest(&desk, &no_id)["result"], "duplicate");
    let (code, list, _) = ingest_with(&desk, &[], &fixture("garbage.eml"));
    assert_eq!((code, list[0]["result"].as_str()), (2, Some("rejected")));
    let (code, list, _) = ingest_with(&desk, &[], &fixture("garbage.eml"));
    assert_eq!((code, list[0]["result"].as_str()), (2, Some("duplicate")));

    // Twice in one mbox: once.
    let reply = message(
        "ann@example.org",
        "twice@example.org",
        "Re: VPN drops",
        "In-Reply-To: <once@example.org>\n",
        "Still.",
    );
    // A new request twice, then an answer to it: the answer still finds its ticket.
    let request = message("bob@example.org", "req@example.org", "Printer", "", "Jams.");
    let answer = message(
        "bob@example.org",
        "req-2@example.org",
        "Re: Printer",
        "In-Reply-To: <req@example.org>\n",
        "Still jams.",
    );
    let mbox = mbox_of(&[reply.clone(), reply, request.clone(), request, answer]);
    let path = desk.scratch().join("twice.mbox");
    fs::write(&path, mbox).unwrap();
    let (code, list, stderr) = ingest_with(&desk, &["--mbox", path.to_str().unwrap()], b"");
    assert_eq!(code, 0, "{stderr}");
    let results: Vec<&str> = list.iter().map(|t| t["result"].as_str().unwrap()).collect();
    assert_eq!(
        results,
        ["commented", "duplicate", "filed", "duplicate", "commented"]
    );
    let id = first["ticket"].as_str().unwrap();
    assert_eq!(
        list[1]["ticket"], id,
        "a duplicate names where the first went"
    );
    assert_eq!(list[4]["ticket"], list[2]["ticket"]);
    assert_eq!(list[3]["ticket"], list[2]["ticket"]);
    assert_eq!(events_of(&desk, id, "received").len(), 2);
}

#[test]
fn a_reply_from_the_reporter_reopens_a_ticket_pending_on_the_customer() {
    let desk = mail_desk("");
    let filed = ingest(
        &desk,
        &message(
            "ann@example.org",
            "p1@example.org",
            "VPN drops",
            "",
            "It drops.",
        ),
    );
    let id = filed["ticket"].as_str().unwrap().to_string();
    desk.run_ok(&["take", &id]);
    desk.run_ok(&["pend", &id, "--reason", "customer"]);
    assert_eq!(desk.show_json(&id)["status"], "pending");

    // Someone else's mail does not end the wait.
    set_mail(&desk, "open_replies = true");
    ingest(
        &desk,
        &message(
            "carl@example.org",
            "p2@example.org",
            "Re: VPN drops",
            "In-Reply-To: <p1@example.org>\n",
            "Me too.",
        ),
    );
    assert_eq!(desk.show_json(&id)["status"], "pending");

    let answer = ingest(
        &desk,
        &message(
            "Ann@Example.org",
            "p3@example.org",
            "Re: VPN drops",
            "In-Reply-To: <p1@example.org>\n",
            "Here are the logs you asked for.",
        ),
    );
    assert_eq!(answer["result"], "commented");
    let t = desk.show_json(&id);
    assert_eq!(t["status"], "open");
    let moved = events_of(&desk, &id, "status");
    assert_eq!(moved.last().unwrap()["by"], "ann@example.org");
}

#[test]
fn mail_from_a_stranger_is_an_internal_note_unless_replies_are_open() {
    let desk = mail_desk("");
    let filed = ingest(
        &desk,
        &message(
            "ann@example.org",
            "s1@example.org",
            "VPN drops",
            "",
            "It drops.",
        ),
    );
    let id = filed["ticket"].as_str().unwrap().to_string();
    let reply_from = |from: &str, n: u32| {
        message(
            from,
            &format!("s-{n}@example.org"),
            "Re: VPN drops",
            "In-Reply-To: <s1@example.org>\n",
            "Hello.",
        )
    };
    let stranger = ingest(&desk, &reply_from("mallory@example.net", 2));
    assert_eq!(stranger["result"], "note");
    assert!(stranger["reason"]
        .as_str()
        .unwrap()
        .contains("open_replies"));
    // A member of the desk's teams writes in public.
    let member = ingest(&desk, &reply_from(ALICE, 3));
    assert_eq!(member["result"], "commented");
    let comments = events_of(&desk, &id, "commented");
    assert_eq!(comments[0]["internal"], true);
    assert_eq!(comments[0]["by"], "mallory@example.net");
    let received = events_of(&desk, &id, "received");
    assert!(received[1]["note"].as_str().unwrap().contains("mallory"));

    set_mail(&desk, "open_replies = true");
    let open = ingest(&desk, &reply_from("mallory@example.net", 4));
    assert_eq!(open["result"], "commented");

    // Machine mail on a ticket is a note, whatever open_replies says.
    let ooo = String::from_utf8(fixture("out-of-office.eml"))
        .unwrap()
        .replacen("<desk.abc123.2@example.com>", "<s1@example.org>", 1)
        .into_bytes();
    let auto = ingest(&desk, &ooo);
    assert_eq!(auto["result"], "note");
    assert_eq!(auto["ticket"], id.as_str());
    assert!(auto["reason"].as_str().unwrap().contains("auto-reply"));
}

#[test]
fn auto_replies_bounces_and_list_mail_never_open_a_ticket() {
    let desk = mail_desk("");
    for name in ["out-of-office.eml", "bounce.eml", "mailing-list.eml"] {
        let taken = ingest(&desk, &fixture(name));
        assert_eq!(taken["result"], "rejected", "{name}");
        assert!(taken["ticket"].is_null(), "{name}");
    }
    // The desk's own notice, come back to it, names a ticket that is not there.
    let own = message(
        "support@example.com",
        "desk.0000000000000000.12345678@example.com",
        "Your ticket",
        "",
        "Notice.",
    );
    assert_eq!(ingest(&desk, &own)["result"], "rejected");
    assert_eq!(ticket_count(&desk), 0);
}

/// An mbox holding `messages`, `From ` lines escaped as mboxrd does.
fn mbox_of(messages: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for m in messages {
        out.extend_from_slice(b"From sender@example.org Sun Nov 22 08:00:00 2026\n");
        for line in String::from_utf8_lossy(m).lines() {
            if line.trim_start_matches('>').starts_with("From ") {
                out.push(b'>');
            }
            out.extend_from_slice(line.as_bytes());
            out.push(b'\n');
        }
        out.push(b'\n');
    }
    out
}

#[test]
fn an_mbox_of_many_messages_is_one_commit() {
    let desk = mail_desk("");
    // Enough to be written as one pack, with attachments named by their blobs.
    let messages: Vec<Vec<u8>> = (0..300)
        .map(|n| {
            if n % 3 == 2 {
                message(
                    &format!("user{}@example.org", n - 1),
                    &format!("bulk-{n}@example.org"),
                    "Re: bulk",
                    &format!("In-Reply-To: <bulk-{}@example.org>\n", n - 1),
                    "Thanks.",
                )
            } else {
                message(
                    &format!("user{n}@example.org"),
                    &format!("bulk-{n}@example.org"),
                    &format!("Problem number {n}"),
                    "",
                    &format!("Something broke, case {n}.\nFrom now on it fails."),
                )
            }
        })
        .collect();
    let path = desk.scratch().join("many.mbox");
    fs::write(&path, mbox_of(&messages)).unwrap();
    let commits = desk.commits();
    let (code, list, stderr) = ingest_with(&desk, &["--mbox", path.to_str().unwrap()], b"");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(list.len(), 300);
    assert_eq!(desk.commits(), commits + 1, "one commit");
    assert_eq!(ticket_count(&desk), 200);
    let subject = desk.git(&["log", "-1", "--format=%s", "desk"]);
    assert_eq!(
        subject.trim(),
        "mail 300 messages: 200 filed, 100 commented"
    );
    assert_eq!(tree_files(&desk, "mail").len(), 300);
    let t = desk.show_json(list[7]["ticket"].as_str().unwrap());
    assert!(
        t["description"].as_str().unwrap().contains("From now on"),
        "the escaped From line is read back: {t}"
    );
    desk.git(&["fsck", "--no-dangling"]);
}

/// Base64 as MIME writes it (the test's own, to build a large attachment).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len() / 3 * 4 + 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn the_corpus_mbox_is_one_commit_and_a_batch_with_a_rejected_message_is_taken() {
    let desk = mail_desk("");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mail/three.mbox");
    let (code, list, stderr) = ingest_with(&desk, &["--mbox", path.to_str().unwrap()], b"");
    assert_eq!(code, 0, "kept under mail/rejected/: taken; {stderr}");
    let results: Vec<&str> = list.iter().map(|t| t["result"].as_str().unwrap()).collect();
    assert_eq!(results, ["filed", "filed", "rejected"]);
    assert_eq!(desk.commits(), 3, "init, config, one commit");
    let carl = desk.show_json(list[1]["ticket"].as_str().unwrap());
    let text = carl["description"].as_str().unwrap();
    assert!(
        text.contains("\nFrom the next release"),
        "an escaped From line reads back unescaped: {text}"
    );
}

#[test]
fn mail_is_routed_as_new_tickets_are_and_round_robin_turns_within_a_batch() {
    let desk = TestDesk::new();
    let toml = desk.desk_toml().replacen(
        "[teams.tech-support]\nmembers = []",
        "[teams.tech-support]\nmembers = [\"bob@example.com\", \"carol@example.com\"]",
        1,
    );
    desk.commit_on_desk("desk.toml", &toml);
    set_mail(
        &desk,
        "\n[[routing]]\nwhen = \"reporter:ann@example.org\"\ntier = 2\nteam = \"tech-support\"\nround_robin = true\n",
    );
    let messages: Vec<Vec<u8>> = (0..4)
        .map(|n| {
            message(
                "ann@example.org",
                &format!("rr-{n}@example.org"),
                &format!("Request {n}"),
                "",
                "Please help.",
            )
        })
        .collect();
    let path = desk.scratch().join("rr.mbox");
    fs::write(&path, mbox_of(&messages)).unwrap();
    let (code, list, stderr) = ingest_with(&desk, &["--mbox", path.to_str().unwrap()], b"");
    assert_eq!(code, 0, "{stderr}");
    let assignees: Vec<String> = list
        .iter()
        .map(|t| {
            let t = desk.show_json(t["ticket"].as_str().unwrap());
            assert_eq!(t["tier"], 2);
            assert_eq!(t["team"], "tech-support");
            t["assignee"].as_str().unwrap_or("nobody").to_string()
        })
        .collect();
    assert_eq!(
        assignees,
        [
            "bob@example.com",
            "carol@example.com",
            "bob@example.com",
            "carol@example.com"
        ]
    );
    let commit = desk.last_message();
    assert!(
        commit.contains("Desk-Routed: tech-support carol@example.com\nDesk-Routed: tech-support bob@example.com\n"),
        "newest turn first: {commit}"
    );
    // The next filing goes on from where the batch left off.
    let next = ingest(
        &desk,
        &message(
            "ann@example.org",
            "rr-4@example.org",
            "Request 4",
            "",
            "Again.",
        ),
    );
    let next = desk.show_json(next["ticket"].as_str().unwrap());
    assert_eq!(next["assignee"], "bob@example.com");
}

#[test]
fn only_the_gateway_permissions_name_may_take_in_mail() {
    let desk = mail_desk("\n[permissions.actions]\nmail = [1]\n");
    let raw = fixture("alternative.eml");
    let before = desk.tip();
    let out = desk
        .as_user("Dave", "dave@example.com", &["mail", "ingest"])
        .write_stdin(raw.clone())
        .output()
        .unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(75), "{stderr}");
    assert!(stderr.contains("[permissions.actions] mail"), "{stderr}");
    assert_eq!(desk.tip(), before);
    // Alice serves Level 1: the mail goes in, filed by its sender.
    let taken = ingest(&desk, &raw);
    assert_eq!(taken["result"], "filed");
    let events = events_of(&desk, taken["ticket"].as_str().unwrap(), "created");
    assert_eq!(events[0]["by"], "ann@example.com");
    let author = desk.git(&["log", "-1", "--format=%ae", "desk"]);
    assert_eq!(author.trim(), ALICE, "the commit is the gateway's");
}

#[test]
fn an_mta_user_git_knows_nothing_of_takes_in_mail_as_the_desk() {
    let desk = mail_desk("name = \"IT Service Desk\"");
    let home = desk.scratch().join("mta-home");
    fs::create_dir_all(&home).unwrap();
    let out = desk
        .cmd(&["mail", "ingest"])
        .env("HOME", &home)
        .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"))
        .env("XDG_CONFIG_HOME", home.join(".config"))
        .write_stdin(fixture("alternative.eml"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let author = desk.git(&["log", "-1", "--format=%an <%ae>", "desk"]);
    assert_eq!(author.trim(), "IT Service Desk <support@example.com>");
}

fn maildir(root: &Path) -> PathBuf {
    let dir = root.join("Maildir");
    for sub in ["new", "cur", "tmp"] {
        fs::create_dir_all(dir.join(sub)).unwrap();
    }
    dir
}

#[test]
fn a_maildir_moves_new_to_cur_after_the_commit_and_not_when_it_fails() {
    let desk = mail_desk("");
    let dir = maildir(desk.scratch());
    fs::write(
        dir.join("new/1700000000.1.host"),
        message("ann@example.org", "md1@example.org", "VPN", "", "Drops."),
    )
    .unwrap();
    fs::write(
        dir.join("new/1700000001.2.host"),
        message("bob@example.org", "md2@example.org", "Printer", "", "Jams."),
    )
    .unwrap();
    fs::write(dir.join("cur/old:2,S"), b"From: x@example.org\n\nseen\n").unwrap();
    fs::write(dir.join("tmp/partial"), b"half a mess").unwrap();

    // The branch is locked (a writer killed long ago): nothing committed, nothing moved.
    let lock = desk.path().join(".git/refs/heads/desk.lock");
    let file = fs::File::create(&lock).unwrap();
    file.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(60))
        .unwrap();
    let before = desk.tip();
    let (code, _, stderr) = ingest_with(&desk, &["--maildir", dir.to_str().unwrap()], b"");
    assert_eq!(code, 75, "retry later: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(desk.tip(), before);
    assert_eq!(fs::read_dir(dir.join("new")).unwrap().count(), 2);
    fs::remove_file(&lock).unwrap();

    // A dry run moves nothing either.
    let (code, list, _) = ingest_with(
        &desk,
        &["--maildir", dir.to_str().unwrap(), "--dry-run"],
        b"",
    );
    assert_eq!((code, list.len()), (0, 2));
    assert_eq!(desk.tip(), before);
    assert_eq!(fs::read_dir(dir.join("new")).unwrap().count(), 2);

    let (code, list, stderr) = ingest_with(&desk, &["--maildir", dir.to_str().unwrap()], b"");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(list.len(), 2);
    assert_eq!(
        desk.commits(),
        3,
        "init, config, one commit for the Maildir"
    );
    assert_eq!(fs::read_dir(dir.join("new")).unwrap().count(), 0);
    let mut cur: Vec<String> = fs::read_dir(dir.join("cur"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    cur.sort();
    assert_eq!(
        cur,
        ["1700000000.1.host:2,", "1700000001.2.host:2,", "old:2,S"]
    );
    assert_eq!(fs::read(dir.join("tmp/partial")).unwrap(), b"half a mess");
}

#[test]
fn bad_mail_is_kept_or_refused_clearly() {
    let desk = mail_desk("max_attachment = \"1MB\"");

    // No From: kept, and the MTA told that it will never be accepted.
    let (code, list, stderr) = ingest_with(&desk, &[], &fixture("no-from.eml"));
    assert_eq!(code, 2);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("git-desk: ") && stderr.contains("From"),
        "{stderr}"
    );
    let kept = list[0]["original"].as_str().unwrap();
    assert_eq!(file_on_desk(&desk, kept), fixture("no-from.eml"));

    // A 50 MB attachment: named on the ticket, not stored; the commit stays small.
    let big = vec![0x5a_u8; 50 << 20];
    let mut raw = b"From: ann@example.org\nTo: support@example.com\nMessage-ID: <big@example.org>\nSubject: The dump\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nThe core dump.\n--b\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename=\"core.bin\"\nContent-Transfer-Encoding: base64\n\n".to_vec();
    let encoded = base64(&big);
    for chunk in encoded.as_bytes().chunks(76) {
        raw.extend_from_slice(chunk);
        raw.push(b'\n');
    }
    raw.extend_from_slice(b"--b--\n");
    let before = desk.tip().unwrap();
    let taken = ingest(&desk, &raw);
    assert_eq!(taken["result"], "filed");
    let id = taken["ticket"].as_str().unwrap();
    let mail = &desk.show_json(id)["mail"][0];
    assert_eq!(mail["attachments"][0]["name"], "core.bin");
    assert_eq!(mail["attachments"][0]["size"], 50 << 20);
    assert_eq!(mail["attachments"][0]["stored"], false);
    let sizes = desk.git(&["diff-tree", "-r", "--no-commit-id", &before, "desk"]);
    let mut written = 0;
    for line in sizes.lines() {
        let blob = line.split_whitespace().nth(3).unwrap();
        written += desk
            .git(&["cat-file", "-s", blob])
            .trim()
            .parse::<u64>()
            .unwrap();
    }
    assert!(written < 100_000, "the commit holds {written} bytes");
    let original = desk.git(&["show", &format!("desk:mail/{id}/1.eml")]);
    assert!(original.contains("Subject: The dump") && original.contains("left out"));
    let text = desk.run_ok(&["show", id]);
    assert!(
        text.contains("core.bin") && text.contains("not stored"),
        "{text}"
    );
    let err = desk.refused(
        &mut desk.cmd(&["show", id, "--attachment", "1"]),
        &["not stored"],
    );
    assert!(err.contains("core.bin"), "{err}");
}

#[test]
fn ingest_refuses_without_a_desk_or_mail_settings() {
    // No desk yet: the MTA should try again later.
    let bare = TestDesk::without_desk();
    let (code, _, stderr) = ingest_with(&bare, &[], &fixture("alternative.eml"));
    assert_eq!(code, 75, "{stderr}");
    assert!(stderr.contains("git desk init"), "{stderr}");

    // No [mail]: the fix is named; nothing written.
    let desk = TestDesk::new();
    let before = desk.tip();
    let (code, _, stderr) = ingest_with(&desk, &[], &fixture("alternative.eml"));
    assert_eq!(code, 75, "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("[mail]") && stderr.contains("address ="),
        "{stderr}"
    );
    assert_eq!(desk.tip(), before);

    // A bad [mail] setting never gets in.
    let toml = desk.desk_toml() + "\n[mail]\naddress = \"not an address\"\n";
    let editor = desk.editor_writing("bad", &toml);
    desk.refused(
        desk.cmd(&["config", "edit"]).env("EDITOR", editor),
        &["[mail] address"],
    );

    // A desk.toml broken by hand (a merge, an edit outside git-desk): try again later.
    desk.commit_on_desk("desk.toml", "[mail\naddress = ");
    let before = desk.tip();
    let (code, _, stderr) = ingest_with(&desk, &[], &fixture("alternative.eml"));
    assert_eq!(code, 75, "{stderr}");
    assert!(stderr.contains("desk.toml"), "{stderr}");
    assert_eq!(desk.tip(), before);

    // Bad options are the caller's to fix.
    let (code, _, stderr) = ingest_with(&desk, &["--mbox", "/nonexistent/box"], b"");
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) =
        ingest_with(&desk, &["--maildir", desk.scratch().to_str().unwrap()], b"");
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("Maildir"), "{stderr}");
}

#[test]
fn show_lists_the_mail_and_gives_attachments_back_byte_for_byte() {
    let desk = mail_desk("");
    let taken = ingest(&desk, &fixture("pdf-attachment.eml"));
    let id = taken["ticket"].as_str().unwrap();
    let inline = ingest(
        &desk,
        &String::from_utf8(fixture("inline-image.eml"))
            .unwrap()
            .replacen(
                "Subject:",
                &format!(
                    "In-Reply-To: <{}>\r\nSubject:",
                    taken["message_id"].as_str().unwrap()
                ),
                1,
            )
            .into_bytes(),
    );
    assert_eq!(inline["ticket"], id);

    let json = desk.show_json(id);
    let mail = json["mail"].as_array().unwrap();
    assert_eq!(mail.len(), 2);
    assert_eq!(mail[0]["from"], "frank@example.com");
    assert_eq!(mail[0]["message_id"], taken["message_id"]);
    let first = &mail[0]["attachments"][0];
    assert_eq!(first["number"], 1);
    assert_eq!(first["name"], "scan 2026-12-05.pdf");
    let second = &mail[1]["attachments"][0];
    assert_eq!(second["number"], 2);
    assert!(second["path"]
        .as_str()
        .unwrap()
        .starts_with(&format!("attachments/{id}/2-")));

    let text = desk.run_ok(&["show", id]);
    assert!(
        text.contains("[1] scan 2026-12-05.pdf (application/pdf"),
        "{text}"
    );
    assert!(
        text.contains(taken["message_id"].as_str().unwrap()),
        "{text}"
    );

    for (n, attachment) in [(1, first), (2, second)] {
        let out = desk
            .cmd(&["show", id, "--attachment", &n.to_string()])
            .output()
            .unwrap();
        assert!(out.status.success());
        let stored = file_on_desk(&desk, attachment["path"].as_str().unwrap());
        assert_eq!(out.stdout, stored);
        assert_eq!(
            out.stdout.len() as u64,
            attachment["size"].as_u64().unwrap()
        );
    }
    // The PDF's bytes, exactly as the message carried them.
    let pdf = desk
        .cmd(&["show", id, "--attachment", "1"])
        .output()
        .unwrap()
        .stdout;
    assert!(pdf.starts_with(b"%PDF-"), "{:?}", &pdf[..8.min(pdf.len())]);

    desk.refused(
        &mut desk.cmd(&["show", id, "--attachment", "3"]),
        &["--attachment 1 to 2"],
    );
    desk.refused(
        &mut desk.cmd(&["show", id, "--attachment", "0"]),
        &["--attachment 1 to 2"],
    );
}
