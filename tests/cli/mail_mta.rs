//! Mail through a real MTA (OpenSMTPD): what the desk's address receives is piped into a
//! delivery command, a temporary failure of that command is retried, a refusal bounces,
//! and mail for everyone else is relayed on.

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tempfile::TempDir;

use crate::common::mta::{as_delivery_user, hand_to_delivery_user, Mta, MtaOptions, Smarthost};
use crate::common::{bin, TestDesk, NOW};

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

#[test]
fn the_delivery_command_commits_to_a_desk_handed_to_the_delivery_user() {
    let desk = TestDesk::new();
    // The test (root) keeps working on the repository the delivery user owns.
    let mut config = fs::read_to_string(desk.gitconfig()).expect("read .gitconfig");
    config.push_str("[safe]\n\tdirectory = *\n");
    fs::write(desk.gitconfig(), config).expect("write .gitconfig");
    hand_to_delivery_user(desk.path());
    let room = Mailroom::new();
    let home = room.out("");
    fs::write(
        room.out(".gitconfig"),
        format!("[user]\n\tname = IT Service Desk\n\temail = {DESK}\n"),
    )
    .expect("write the delivery user's .gitconfig");
    let smarthost = Smarthost::start();
    // Files the message's subject as a ticket, in the delivery user's own environment.
    let mta = room.start(
        room.command(&format!(
            "subject=$(sed -n 's/^Subject: //p' | head -n 1)\n\
             exec env HOME='{home}' GIT_CONFIG_NOSYSTEM=1 DESK_NOW={NOW} \
             '{bin}' -C '{repo}' new \"$subject\"",
            home = home.display(),
            bin = bin().display(),
            repo = desk.path().display(),
        )),
        &smarthost,
    );

    mta.send(
        CUSTOMER,
        &[DESK],
        customer_message("vpn-4@example.org", "VPN drops every 10 minutes").as_bytes(),
    );
    mta.wait_until("the delivery", || mta.log().contains("mda delivery"));
    assert!(mta.log().contains("stat=Delivered"), "{}", mta.log());
    let listed = desk.run_ok(&["ls"]);
    assert!(
        listed.contains("VPN drops every 10 minutes"),
        "{listed}\n{}",
        mta.log()
    );

    // The desk's other writer (cron's `notify`) runs as the delivery user too, so the
    // next delivery can still write where it wrote.
    let mut cron = Command::new(bin());
    desk.setup(&mut cron);
    cron.env("HOME", &home)
        .env("GIT_CONFIG_GLOBAL", home.join(".gitconfig"))
        .args(["new", "Filed by the desk's cron"]);
    let out = as_delivery_user(&mut cron).output().expect("run git-desk");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    mta.send(
        CUSTOMER,
        &[DESK],
        customer_message("vpn-5@example.org", "Printer on fire").as_bytes(),
    );
    mta.wait_until("the second delivery", || {
        mta.log().matches("mda delivery").count() == 2
    });
    assert_eq!(
        mta.log().matches("stat=Delivered").count(),
        2,
        "{}",
        mta.log()
    );
    let listed = desk.run_ok(&["ls"]);
    assert!(
        listed.contains("Printer on fire"),
        "{listed}\n{}",
        mta.log()
    );
}
