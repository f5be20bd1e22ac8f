//! Mail through a real MTA (OpenSMTPD): what the desk's address receives is piped into a
//! delivery command, a temporary failure of that command is retried, a refusal bounces,
//! and mail for everyone else is relayed on. Then the desk behind it: `git desk mail
//! ingest` as the delivery command and `git desk notify --smtp` through the MTA, the
//! whole conversation with a customer, one thread in their mail client.

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tempfile::TempDir;

use mail_parser::{HeaderValue, MessageParser};
use serde_json::Value;

use crate::common::mta::{
    as_delivery_user, hand_to_delivery_user, Mta, MtaOptions, Relayed, Smarthost,
};
use crate::common::{bin, comment_texts, stdout_ok, TestDesk, NOW};

const DESK: &str = "support@desk.test";
const CUSTOMER: &str = "customer@example.org";

/// A message from the customer to the desk, with headers a mail client would write.
fn customer_message(message_id: &str, subject: &str) -> String {
    format!(
        "From: Carol Customer <{CUSTOMER}>\r\n\
         To: IT Service Desk <{DESK}>\r\n\
         Subject: {subject}\r\n\
         Message-ID: <{message_id}>\r\n\
         Date: Sun, 22 Nov 2026 09:00:00 +0000\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         X-Mailer: mail-mta-test\r\n\
         \r\n\
         The VPN drops every 10 minutes.\r\n\
         .A line that starts with a dot.\r\n"
    )
}

/// A directory the delivery command (run as `nobody`) writes into, and a script in it.
struct Mailroom {
    dir: TempDir,
}

impl Mailroom {
    fn new() -> Mailroom {
        let dir = TempDir::new().expect("temp dir");
        fs::create_dir(dir.path().join("out")).expect("out dir");
        hand_to_delivery_user(&dir.path().join("out"));
        Mailroom { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn out(&self, name: &str) -> PathBuf {
        self.dir.path().join("out").join(name)
    }

    fn read(&self, name: &str) -> String {
        fs::read_to_string(self.out(name)).unwrap_or_default()
    }

    /// A delivery command: the given shell body as an executable script.
    fn command(&self, body: &str) -> String {
        let path = self.dir.path().join("deliver.sh");
        fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("write script");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).expect("chmod");
        path.display().to_string()
    }

    fn start(&self, deliver: String, smarthost: &Smarthost) -> Mta {
        Mta::start(
            self.path(),
            &MtaOptions {
                desk_address: DESK.to_string(),
                deliver,
                relay: smarthost.addr(),
            },
        )
    }
}

#[test]
fn mail_to_the_desk_is_piped_to_the_delivery_command_with_its_headers() {
    let room = Mailroom::new();
    let smarthost = Smarthost::start();
    let inbox = room.out("inbox");
    let mta = room.start(
        room.command(&format!("cat >> '{}'", inbox.display())),
        &smarthost,
    );

    mta.send(
        CUSTOMER,
        &[DESK],
        customer_message("vpn-1@example.org", "VPN drops").as_bytes(),
    );
    mta.wait_until("the message reaches the delivery command", || {
        room.read("inbox").contains("The VPN drops")
    });

    let got = room.read("inbox");
    for header in [
        "From: Carol Customer <customer@example.org>",
        "To: IT Service Desk <support@desk.test>",
        "Subject: VPN drops",
        "Message-ID: <vpn-1@example.org>",
        "Date: Sun, 22 Nov 2026 09:00:00 +0000",
        "X-Mailer: mail-mta-test",
        // Added by the MTA on the way: the message really went through it.
        "Delivered-To: support@desk.test",
    ] {
        assert!(got.contains(header), "{header:?} missing from:\n{got}");
    }
    assert!(
        got.contains("\n.A line that starts with a dot."),
        "dot-stuffing undone:\n{got}"
    );
    assert!(
        smarthost.received().is_empty(),
        "nothing relayed: {:?}",
        smarthost.received()
    );
}

#[test]
fn a_temporary_failure_of_the_delivery_command_is_retried() {
    let room = Mailroom::new();
    let smarthost = Smarthost::start();
    // Fails with EX_TEMPFAIL the first time, delivers the second.
    let tries = room.out("tries");
    let inbox = room.out("inbox");
    let mta = room.start(
        room.command(&format!(
            "echo try >> '{tries}'\n\
             if [ \"$(wc -l < '{tries}')\" -eq 1 ]; then exit 75; fi\n\
             cat >> '{inbox}'",
            tries = tries.display(),
            inbox = inbox.display()
        )),
        &smarthost,
    );

    mta.send(
        CUSTOMER,
        &[DESK],
        customer_message("vpn-2@example.org", "Retry me").as_bytes(),
    );
    mta.wait_until("the first delivery attempt", || {
        room.read("tries").lines().count() >= 1
    });
    mta.wait_until("the MTA records the temporary failure", || {
        mta.log().contains("result=TempFail")
    });
    assert_eq!(room.read("inbox"), "", "not delivered on the first try");

    mta.retry_now();
    mta.wait_until("the message arrives on the second try", || {
        room.read("inbox")
            .contains("Message-ID: <vpn-2@example.org>")
    });
    assert_eq!(room.read("tries").lines().count(), 2, "{}", mta.log());
    assert!(
        smarthost.received().is_empty(),
        "no bounce: {:?}",
        smarthost.received()
    );
}

#[test]
fn a_refusal_by_the_delivery_command_bounces_to_the_sender() {
    let room = Mailroom::new();
    let smarthost = Smarthost::start();
    let tries = room.out("tries");
    let mta = room.start(
        room.command(&format!(
            "echo try >> '{}'\necho 'no From: header' >&2\nexit 2",
            tries.display()
        )),
        &smarthost,
    );

    mta.send(
        CUSTOMER,
        &[DESK],
        customer_message("vpn-3@example.org", "Refuse me").as_bytes(),
    );
    mta.wait_until("the bounce reaches the sender's server", || {
        !smarthost.received().is_empty()
    });

    let bounce = &smarthost.received()[0];
    assert_eq!(bounce.from, "", "a bounce has the null sender");
    assert_eq!(bounce.to, [CUSTOMER]);
    assert!(
        bounce.text().contains("vpn-3@example.org"),
        "the bounce names the message:\n{}",
        bounce.text()
    );
    assert_eq!(room.read("tries").lines().count(), 1, "not retried");
}

/// A notice from the desk to the customer, threaded onto the customer's first message.
fn notice() -> String {
    format!(
        "From: IT Service Desk <{DESK}>\r\n\
         To: {CUSTOMER}\r\n\
         Subject: [desk #4f2a9c] VPN drops every 10 minutes\r\n\
         Message-ID: <notice-1@desk.test>\r\n\
         In-Reply-To: <vpn-1@example.org>\r\n\
         \r\n\
         We are looking into it.\r\n"
    )
}

/// Waits for the notice at the smarthost and checks it arrived whole, once.
fn assert_notice_relayed(mta: &Mta, smarthost: &Smarthost) {
    mta.wait_until("the notice reaches the customer's server", || {
        !smarthost.received().is_empty()
    });
    let relayed = smarthost.received();
    assert_eq!(relayed.len(), 1, "{relayed:?}");
    assert_eq!(relayed[0].from, DESK);
    assert_eq!(relayed[0].to, [CUSTOMER]);
    let text = relayed[0].text();
    for header in [
        "Subject: [desk #4f2a9c] VPN drops every 10 minutes",
        "Message-ID: <notice-1@desk.test>",
        "In-Reply-To: <vpn-1@example.org>",
        "We are looking into it.",
    ] {
        assert!(text.contains(header), "{header:?} missing from:\n{text}");
    }
}

#[test]
fn mail_to_anyone_else_is_relayed_to_the_smarthost() {
    let room = Mailroom::new();
    let smarthost = Smarthost::start();
    let inbox = room.out("inbox");
    let mta = room.start(
        room.command(&format!("cat >> '{}'", inbox.display())),
        &smarthost,
    );

    mta.send(DESK, &[CUSTOMER], notice().as_bytes());

    assert_notice_relayed(&mta, &smarthost);
    assert_eq!(room.read("inbox"), "", "nothing delivered to the desk");
}

#[test]
fn a_notice_handed_to_the_mtas_sendmail_is_relayed() {
    let room = Mailroom::new();
    let smarthost = Smarthost::start();
    let mta = room.start(room.command("cat > /dev/null"), &smarthost);

    // What `git desk notify --sendmail CMD` does: the message on stdin, recipients
    // from its headers.
    let mut sendmail = Command::new(mta.sendmail())
        .args(["-t", "-i", "-f", DESK])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the MTA's sendmail");
    sendmail
        .stdin
        .take()
        .expect("stdin")
        .write_all(notice().as_bytes())
        .expect("write the notice");
    let out = sendmail.wait_with_output().expect("sendmail");
    assert!(
        out.status.success(),
        "sendmail: {}\n{}",
        String::from_utf8_lossy(&out.stderr),
        mta.log()
    );

    assert_notice_relayed(&mta, &smarthost);
}

// ---------------------------------------------------------------------------------------
// The desk behind the MTA: `git desk mail ingest` as the delivery command.
// ---------------------------------------------------------------------------------------

/// A desk whose address the MTA delivers to `git desk mail ingest`, run as the delivery
/// user the way a mail system runs it: a bare environment, a HOME whose .gitconfig only
/// trusts the repository (no git identity: the desk's `[mail]` identity acts), and the
/// time from a clock file the test moves on between steps.
struct MailDesk {
    desk: TestDesk,
    room: Mailroom,
    home: PathBuf,
    clock: PathBuf,
}

impl MailDesk {
    /// A desk with `[mail]` (unless `with_mail` is false), handed to the delivery user.
    fn new(with_mail: bool) -> MailDesk {
        let desk = TestDesk::new();
        // Staff (the test, as root) keep working on the repository the delivery user owns.
        let mut config = fs::read_to_string(desk.gitconfig()).expect("read .gitconfig");
        config.push_str("[safe]\n\tdirectory = *\n");
        fs::write(desk.gitconfig(), config).expect("write .gitconfig");
        let room = Mailroom::new();
        let home = room.out("home");
        fs::create_dir(&home).expect("the delivery user's HOME");
        fs::write(home.join(".gitconfig"), "[safe]\n\tdirectory = *\n")
            .expect("write the delivery user's .gitconfig");
        let clock = room.path().join("clock");
        let mail_desk = MailDesk {
            desk,
            room,
            home,
            clock,
        };
        mail_desk.set_clock(NOW);
        if with_mail {
            mail_desk.set_mail();
        }
        hand_to_delivery_user(mail_desk.desk.path());
        hand_to_delivery_user(&mail_desk.room.out(""));
        mail_desk
    }

    /// Gives desk.toml its `[mail]`, as staff (hand the desk back afterwards).
    fn set_mail(&self) {
        let current = self.desk.desk_toml();
        let without_mail = current.split("\n[mail]\n").next().expect("desk.toml");
        let toml =
            format!("{without_mail}\n[mail]\naddress = \"{DESK}\"\nname = \"IT Service Desk\"\n");
        let editor = self.desk.editor_writing("mail", &toml);
        self.staff(&["config", "edit"], &[("EDITOR", editor.as_str())]);
    }

    /// The time the next commands run at.
    fn set_clock(&self, now: &str) {
        fs::write(&self.clock, now).expect("write the clock");
    }

    fn now(&self) -> String {
        fs::read_to_string(&self.clock).expect("read the clock")
    }

    /// The MTA, delivering the desk's mail to `mail ingest`.
    fn start(&self, smarthost: &Smarthost) -> Mta {
        let path = std::env::var("PATH").unwrap_or_default();
        self.room.start(
            self.room.command(&format!(
                "exec env -i PATH='{path}' HOME='{home}' GIT_CONFIG_NOSYSTEM=1 LANG=C \
                 DESK_NOW=\"$(cat '{clock}')\" '{bin}' -C '{repo}' mail ingest",
                home = self.home.display(),
                clock = self.clock.display(),
                bin = bin().display(),
                repo = self.desk.path().display(),
            )),
            smarthost,
        )
    }

    /// A staff member's command (Alice, as root), at the clock's time; the desk is
    /// handed back to the delivery user afterwards. Returns stdout.
    fn staff(&self, args: &[&str], env: &[(&str, &str)]) -> String {
        let mut cmd = self.desk.cmd(args);
        cmd.env("DESK_NOW", self.now());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().expect("run git-desk");
        hand_to_delivery_user(self.desk.path());
        stdout_ok(out, &format!("git-desk {args:?}"))
    }

    /// `git desk notify --smtp` from the mail user's cron: as the delivery user, in its
    /// environment. Returns the notices it listed.
    fn notify(&self, mta: &Mta) -> Vec<Value> {
        let mut cmd = Command::new(bin());
        self.desk.setup(&mut cmd);
        cmd.env("HOME", &self.home)
            .env("GIT_CONFIG_GLOBAL", self.home.join(".gitconfig"))
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("DESK_NOW", self.now())
            .args(["notify", "--smtp", &mta.smtp_url(), "--json"]);
        let out = as_delivery_user(&mut cmd).output().expect("run git-desk");
        let stdout = stdout_ok(out, "git-desk notify");
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("notify --json ({e}): {stdout}"))
    }

    /// The ids of every ticket, open or not.
    fn tickets(&self) -> Vec<String> {
        self.desk
            .run_ok(&["ls", "--all", "--ids"])
            .lines()
            .map(str::to_string)
            .collect()
    }

    /// The files of the desk branch under `dir`.
    fn files_under(&self, dir: &str) -> Vec<String> {
        self.desk
            .git(&["ls-tree", "-r", "--name-only", "desk", dir])
            .lines()
            .map(str::to_string)
            .collect()
    }
}

/// Waits until the MTA has handed `n` messages to the delivery command and it took them.
fn wait_for_deliveries(mta: &Mta, n: usize) {
    mta.wait_until(&format!("delivery {n} to the desk"), || {
        mta.log().matches("stat=Delivered").count() >= n
    });
}

/// Waits for message `n` (from 1) at the smarthost and parses it.
fn relayed(mta: &Mta, smarthost: &Smarthost, n: usize) -> Relayed {
    mta.wait_until(
        &format!("message {n} reaches the customer's server"),
        || smarthost.received().len() >= n,
    );
    smarthost.received()[n - 1].clone()
}

/// A header's message ids, angle brackets removed.
fn ids(value: &HeaderValue) -> Vec<String> {
    match value {
        HeaderValue::Text(id) => vec![id.to_string()],
        HeaderValue::TextList(ids) => ids.iter().map(|id| id.to_string()).collect(),
        HeaderValue::Empty => Vec::new(),
        other => panic!("not a list of ids: {other:?}"),
    }
}

/// A notice as the customer's mail client sees it.
struct Received {
    message_id: String,
    in_reply_to: Vec<String>,
    references: Vec<String>,
    subject: String,
    body: String,
}

impl Received {
    /// The ids it names as its parents (In-Reply-To, References).
    fn links(&self) -> Vec<String> {
        self.in_reply_to
            .iter()
            .chain(&self.references)
            .cloned()
            .collect()
    }
}

/// Whether a mail client shows these messages (Message-ID, the ids it names in
/// In-Reply-To and References) as one thread: every message linked to every other
/// through the ids they name, as threading (RFC 5256 REFERENCES, JWZ) links them.
fn one_thread(messages: &[(String, Vec<String>)]) -> bool {
    let mut reached = vec![messages[0].0.clone()];
    loop {
        let before = reached.len();
        for (id, links) in messages {
            let linked = reached.contains(id) || links.iter().any(|l| reached.contains(l));
            if linked {
                for l in std::iter::once(id).chain(links) {
                    if !reached.contains(l) {
                        reached.push(l.clone());
                    }
                }
            }
        }
        if reached.len() == before {
            return messages.iter().all(|(id, _)| reached.contains(id));
        }
    }
}

fn read_notice(relayed: &Relayed) -> Received {
    assert_eq!(relayed.from, DESK, "the envelope sender is the desk");
    assert_eq!(relayed.to, [CUSTOMER], "{}", relayed.text());
    let mail = MessageParser::default()
        .parse(&relayed.data[..])
        .unwrap_or_else(|| panic!("not a message:\n{}", relayed.text()));
    let from = mail.from().and_then(|f| f.first()).expect("From");
    assert_eq!(from.address(), Some(DESK));
    assert_eq!(
        mail.to().and_then(|t| t.first()).and_then(|t| t.address()),
        Some(CUSTOMER)
    );
    Received {
        message_id: mail.message_id().expect("Message-ID").to_string(),
        in_reply_to: ids(mail.in_reply_to()),
        references: ids(mail.references()),
        subject: mail.subject().expect("Subject").to_string(),
        body: mail.body_text(0).expect("a text body").to_string(),
    }
}

/// The customer's reply to `notice` as a mail client writes it: threaded onto it, the
/// subject with "Re: ", the notice quoted below an attribution line.
fn reply_to(notice: &Received, message_id: &str, text: &str) -> String {
    let mut references = notice.references.clone();
    references.push(notice.message_id.clone());
    let references: Vec<String> = references.iter().map(|id| format!("<{id}>")).collect();
    let quoted: String = notice.body.lines().map(|l| format!("> {l}\r\n")).collect();
    format!(
        "From: Carol Customer <{CUSTOMER}>\r\n\
         To: IT Service Desk <{DESK}>\r\n\
         Subject: Re: {subject}\r\n\
         Message-ID: <{message_id}>\r\n\
         In-Reply-To: <{parent}>\r\n\
         References: {references}\r\n\
         Date: Sun, 22 Nov 2026 10:00:00 +0000\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         \r\n\
         {text}\r\n\
         \r\n\
         On Sun, 22 Nov 2026 at 09:05, IT Service Desk <{DESK}> wrote:\r\n\
         {quoted}",
        subject = notice.subject,
        parent = notice.message_id,
        references = references.join(" "),
    )
}

/// The Message-IDs of the mail on a ticket, as `show --json` lists them, with senders.
fn mail_on(ticket: &Value) -> Vec<(String, String)> {
    ticket["mail"]
        .as_array()
        .expect("mail list")
        .iter()
        .map(|m| {
            (
                m["from"].as_str().expect("from").to_string(),
                m["message_id"].as_str().expect("message_id").to_string(),
            )
        })
        .collect()
}

/// Asserts that `notice` is threaded in a mail client's sense onto the thread that
/// starts with `root`: its References start at the root and end with what it answers,
/// and its subject carries the ticket's tag.
fn assert_threaded(notice: &Received, root: &str, answers: &str, tag: &str) {
    assert_eq!(notice.in_reply_to, [answers], "In-Reply-To");
    assert_eq!(
        notice.references.first().map(String::as_str),
        Some(root),
        "References start at the thread's root: {:?}",
        notice.references
    );
    assert!(
        notice.references.iter().any(|r| r == answers),
        "References name what it answers: {:?}",
        notice.references
    );
    assert!(
        notice.subject.contains(tag),
        "{tag} in the subject {:?}",
        notice.subject
    );
}

#[test]
fn a_customers_mail_through_the_mta_becomes_a_ticket_and_the_conversation_threads() {
    let desk = MailDesk::new(true);
    let smarthost = Smarthost::start();
    let mta = desk.start(&smarthost);

    // The customer writes to the desk.
    mta.send(
        CUSTOMER,
        &[DESK],
        customer_message("vpn-1@example.org", "VPN drops every 10 minutes").as_bytes(),
    );
    wait_for_deliveries(&mta, 1);
    let tickets = desk.tickets();
    assert_eq!(tickets.len(), 1, "{tickets:?}\n{}", mta.log());
    let id = &tickets[0];
    let ticket = desk.desk.show_json(id);
    assert_eq!(ticket["title"], "VPN drops every 10 minutes");
    assert_eq!(ticket["reporter"], CUSTOMER);
    assert!(
        ticket["description"]
            .as_str()
            .unwrap()
            .contains("The VPN drops every 10 minutes."),
        "{ticket}"
    );
    assert_eq!(
        mail_on(&ticket),
        [(CUSTOMER.to_string(), "vpn-1@example.org".to_string())]
    );
    let author = desk.desk.git(&["log", "-1", "--format=%an <%ae>", "desk"]);
    assert_eq!(
        author.trim(),
        format!("IT Service Desk <{DESK}>"),
        "the delivery user has no git identity: the desk takes the mail in"
    );
    let short = ticket["short_id"].as_str().expect("short_id").to_string();
    let tag = format!("[desk #{short}]");

    // The desk's cron tells the customer the ticket is filed, through the MTA.
    desk.set_clock("2026-11-22T09:05:00Z");
    let sent = desk.notify(&mta);
    let kinds: Vec<&str> = sent.iter().map(|n| n["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["filed"], "{sent:?}");
    assert_eq!(sent[0]["result"], "sent", "{sent:?}");
    let filed = read_notice(&relayed(&mta, &smarthost, 1));
    assert_eq!(filed.message_id, sent[0]["message_id"].as_str().unwrap());
    assert_threaded(&filed, "vpn-1@example.org", "vpn-1@example.org", &tag);
    assert!(filed.subject.contains("VPN drops"), "{}", filed.subject);

    // The customer answers the notice from their mail client.
    desk.set_clock("2026-11-22T10:00:00Z");
    mta.send(
        CUSTOMER,
        &[DESK],
        reply_to(
            &filed,
            "vpn-1-re@example.org",
            "It dropped again at 09:40, on the office Wi-Fi.",
        )
        .as_bytes(),
    );
    wait_for_deliveries(&mta, 2);
    assert_eq!(
        desk.tickets(),
        std::slice::from_ref(id),
        "the reply filed nothing new"
    );
    let ticket = desk.desk.show_json(id);
    let comments = comment_texts(&ticket);
    assert_eq!(
        comments,
        ["It dropped again at 09:40, on the office Wi-Fi."],
        "a public comment, the quote trimmed"
    );
    let commented: Vec<&Value> = ticket["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "commented")
        .collect();
    assert_eq!(commented[0]["by"], CUSTOMER);
    assert_ne!(commented[0]["internal"], true, "public: {}", commented[0]);
    assert_eq!(
        mail_on(&ticket),
        [
            (CUSTOMER.to_string(), "vpn-1@example.org".to_string()),
            (CUSTOMER.to_string(), "vpn-1-re@example.org".to_string()),
        ]
    );

    // Staff resolve it; the next cron run tells the customer.
    desk.set_clock("2026-11-22T11:00:00Z");
    desk.staff(
        &[
            "resolve",
            id,
            "--resolution",
            "Updated the VPN client to 5.2.",
        ],
        &[],
    );
    desk.set_clock("2026-11-22T11:05:00Z");
    let sent = desk.notify(&mta);
    let kinds: Vec<&str> = sent.iter().map(|n| n["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["resolved"], "{sent:?}");
    assert_eq!(sent[0]["result"], "sent", "{sent:?}");
    let resolved = read_notice(&relayed(&mta, &smarthost, 2));
    assert_eq!(resolved.message_id, sent[0]["message_id"].as_str().unwrap());
    assert_threaded(&resolved, "vpn-1@example.org", "vpn-1-re@example.org", &tag);
    assert!(
        resolved.body.contains("Updated the VPN client to 5.2."),
        "{}",
        resolved.body
    );
    // As a mail client replies: the parent's References and the parent, so the chain
    // names the first notice the customer answered too.
    assert_eq!(
        resolved.references,
        [
            "vpn-1@example.org",
            filed.message_id.as_str(),
            "vpn-1-re@example.org"
        ],
    );
    // The customer's mailbox: their two messages and the desk's two notices, one thread.
    let mut reply_references = filed.references.clone();
    reply_references.push(filed.message_id.clone());
    let mailbox = [
        ("vpn-1@example.org".to_string(), Vec::new()),
        (filed.message_id.clone(), filed.links()),
        ("vpn-1-re@example.org".to_string(), reply_references),
        (resolved.message_id.clone(), resolved.links()),
    ];
    assert!(one_thread(&mailbox), "{mailbox:?}");

    // Nothing more is due, nothing else went anywhere.
    assert_eq!(desk.notify(&mta), Vec::<Value>::new());
    assert_eq!(smarthost.received().len(), 2, "{:?}", smarthost.received());
    assert_eq!(
        mta.log().matches("stat=Delivered").count(),
        2,
        "{}",
        mta.log()
    );
}

#[test]
fn a_desk_that_cannot_take_mail_yet_has_the_mta_retry_and_the_message_arrives_once() {
    // First attempt: desk.toml has no [mail]. Second: the branch is locked.
    let desk = MailDesk::new(false);
    let smarthost = Smarthost::start();
    let mta = desk.start(&smarthost);
    let before = desk.desk.tip();

    mta.send(
        CUSTOMER,
        &[DESK],
        customer_message("retry-1@example.org", "Printer jams").as_bytes(),
    );
    mta.wait_until("the first attempt fails for now", || {
        mta.log().matches("result=TempFail").count() >= 1
    });
    assert!(
        mta.log().contains("[mail]"),
        "the reason is logged: {}",
        mta.log()
    );
    assert_eq!(desk.desk.tip(), before, "nothing written");

    desk.set_mail();
    let lock = desk.desk.path().join(".git/refs/heads/desk.lock");
    fs::write(&lock, "").expect("lock the branch");
    mta.retry_now();
    mta.wait_until("the second attempt fails for now", || {
        mta.log().matches("result=TempFail").count() >= 2
    });
    assert!(desk.tickets().is_empty());

    fs::remove_file(&lock).expect("unlock the branch");
    mta.retry_now();
    wait_for_deliveries(&mta, 1);
    let tickets = desk.tickets();
    assert_eq!(tickets.len(), 1, "{tickets:?}");
    let ticket = desk.desk.show_json(&tickets[0]);
    assert_eq!(ticket["title"], "Printer jams");
    assert_eq!(
        mail_on(&ticket),
        [(CUSTOMER.to_string(), "retry-1@example.org".to_string())]
    );

    // Nothing is left in the queue to arrive a second time, and no bounce went out.
    mta.retry_now();
    mta.send(
        CUSTOMER,
        &[DESK],
        customer_message("retry-2@example.org", "Scanner too").as_bytes(),
    );
    wait_for_deliveries(&mta, 2);
    assert_eq!(desk.tickets().len(), 2);
    assert_eq!(
        mta.log().matches("stat=Delivered").count(),
        2,
        "{}",
        mta.log()
    );
    assert_eq!(
        mta.log().matches("result=TempFail").count(),
        2,
        "{}",
        mta.log()
    );
    assert!(
        smarthost.received().is_empty(),
        "{:?}",
        smarthost.received()
    );
}

#[test]
fn a_message_the_desk_never_takes_bounces_to_its_sender_and_is_kept_on_the_branch() {
    let desk = MailDesk::new(true);
    let smarthost = Smarthost::start();
    let mta = desk.start(&smarthost);
    let before = desk.desk.commits();

    // No From: the desk cannot say who to answer.
    let raw = "To: IT Service Desk <support@desk.test>\r\n\
               Subject: Who am I\r\n\
               Message-ID: <nofrom-1@example.org>\r\n\
               \r\n\
               Nobody signed this.\r\n";
    mta.send(CUSTOMER, &[DESK], raw.as_bytes());

    let bounce = relayed(&mta, &smarthost, 1);
    assert_eq!(bounce.from, "", "a bounce has the null sender");
    assert_eq!(bounce.to, [CUSTOMER]);
    let text = bounce.text();
    assert!(
        text.contains("nofrom-1@example.org"),
        "the bounce names the message:\n{text}"
    );
    assert!(
        text.contains("it has no From address"),
        "the bounce says why:\n{text}"
    );

    assert!(desk.tickets().is_empty());
    assert_eq!(desk.desk.commits(), before + 1, "one commit keeps it");
    let kept = desk.files_under("mail/rejected");
    assert_eq!(kept.len(), 2, "the message and its reason: {kept:?}");
    let eml = kept.iter().find(|p| p.ends_with(".eml")).expect("the .eml");
    let reason = kept
        .iter()
        .find(|p| p.ends_with(".reason"))
        .expect("the reason");
    let original = desk.desk.git(&["show", &format!("desk:{eml}")]);
    assert!(
        original.contains("Message-ID: <nofrom-1@example.org>")
            && original.contains("Nobody signed this.")
            && original.contains("Delivered-To: support@desk.test"),
        "the message as the MTA delivered it:\n{original}"
    );
    assert!(
        text.contains(&format!("kept as {eml}")),
        "the bounce says where it is kept:\n{text}"
    );
    let why = desk.desk.git(&["show", &format!("desk:{reason}")]);
    assert!(why.contains("From"), "{why}");
    assert_eq!(
        mta.log().matches("result=PermFail").count(),
        1,
        "not retried: {}",
        mta.log()
    );
}
