//! Notices out (SPEC 13): a notice composed as mail and delivered through a real SMTP
//! server (aiosmtpd on 127.0.0.1), a sendmail command, or an outbox directory. These
//! drive the library the `notify` command is built on.

use std::fs;
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use git_desk::mail::compose::{compose, Mailbox, Outgoing};
use git_desk::mail::deliver::{Delivery, DeliveryError, SmtpTarget};
use mail_parser::{HeaderValue, MessageParser};
use tempfile::TempDir;

use crate::common::smtp::SmtpServer;

const DESK: &str = "support@example.com";
const CAROL: &str = "carol@example.org";

/// A notice with a subject and body that are not ASCII, a line that starts with a dot
/// (which SMTP must stuff and unstuff), and a thread of two earlier messages.
fn notice() -> Outgoing {
    Outgoing {
        from: Mailbox {
            name: Some("IT Service Desk".into()),
            address: DESK.into(),
        },
        to: vec![CAROL.into()],
        subject: "[desk #4f2a9c] Drucker im 3. Stock – Störung behoben".into(),
        message_id: "4f2a9c.3@desk.example.com".into(),
        in_reply_to: Some("CAF=carol.2@mail.example.org".into()),
        references: vec![
            "4f2a9c.1@desk.example.com".into(),
            "CAF=carol.2@mail.example.org".into(),
        ],
        date: DateTime::parse_from_rfc3339("2026-11-22T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc),
        body: "Grüße, Carol!\n\nThe printer works again.\n.\nIT Service Desk\n".into(),
        ticket: "4f2a9c0011".into(),
    }
}

fn ids(value: &HeaderValue) -> Vec<String> {
    match value {
        HeaderValue::Text(id) => vec![id.to_string()],
        HeaderValue::TextList(ids) => ids.iter().map(|id| id.to_string()).collect(),
        other => panic!("not a list of ids: {other:?}"),
    }
}

#[test]
fn a_composed_notice_parses_back_with_its_thread_and_auto_submitted() {
    let bytes = compose(&notice()).unwrap();
    assert!(
        bytes.is_ascii(),
        "headers and body are encoded for 7-bit transport"
    );
    let text = String::from_utf8(bytes.clone()).unwrap();
    let subject = text
        .lines()
        .find(|line| line.starts_with("Subject:"))
        .unwrap();
    assert!(
        subject.contains("=?utf-8?"),
        "the subject goes as encoded words:\n{text}"
    );

    let message = MessageParser::default().parse(&bytes).expect("parses");
    assert_eq!(
        message.subject(),
        Some("[desk #4f2a9c] Drucker im 3. Stock – Störung behoben")
    );
    let from = message.from().and_then(|from| from.first()).unwrap();
    assert_eq!(from.name(), Some("IT Service Desk"));
    assert_eq!(from.address(), Some(DESK));
    let to: Vec<_> = message
        .to()
        .unwrap()
        .iter()
        .map(|to| to.address().unwrap().to_owned())
        .collect();
    assert_eq!(to, [CAROL]);
    assert_eq!(message.message_id(), Some("4f2a9c.3@desk.example.com"));
    assert_eq!(ids(message.in_reply_to()), ["CAF=carol.2@mail.example.org"]);
    assert_eq!(
        ids(message.references()),
        ["4f2a9c.1@desk.example.com", "CAF=carol.2@mail.example.org"]
    );
    assert_eq!(
        message.date().unwrap().to_timestamp(),
        notice().date.timestamp()
    );
    assert_eq!(
        message.header_raw("Auto-Submitted").map(str::trim),
        Some("auto-generated")
    );
    assert_eq!(
        message.header_raw("X-Desk-Ticket").map(str::trim),
        Some("4f2a9c0011")
    );
    assert_eq!(
        message.body_text(0).as_deref(),
        Some("Grüße, Carol!\r\n\r\nThe printer works again.\r\n.\r\nIT Service Desk\r\n")
    );
}

#[test]
fn smtp_delivers_the_message_and_its_envelope() {
    let server = SmtpServer::start();
    let bytes = compose(&notice()).unwrap();
    let to = vec![CAROL.to_owned(), "dave@example.org".to_owned()];
    let target = SmtpTarget::parse(&server.url(), None).unwrap();
    Delivery::Smtp(target)
        .send(DESK, &to, &bytes, "unused")
        .unwrap();

    let received = server.received();
    assert_eq!(received.len(), 1, "{received:?}");
    assert_eq!(received[0].mail_from, DESK);
    assert_eq!(received[0].recipients, to);
    assert_eq!(
        received[0].text(),
        String::from_utf8(bytes).unwrap(),
        "the server gets the composed bytes unchanged (the dot line too)"
    );
    assert_eq!(received[0].login, None);
    assert!(!received[0].tls);
}

#[test]
fn a_recipient_refused_with_550_is_a_permanent_failure() {
    let server = SmtpServer::builder()
        .reject(CAROL, "550 5.1.1 <carol@example.org>: no such user")
        .start();
    let target = SmtpTarget::parse(&server.url(), None).unwrap();
    let err = Delivery::Smtp(target)
        .send(DESK, &[CAROL.into()], &compose(&notice()).unwrap(), "x")
        .unwrap_err();
    assert!(
        matches!(err, DeliveryError::Refused { code: 550, .. }),
        "{err:?}"
    );
    assert!(!err.is_temporary());
    assert!(err.to_string().contains("no such user"), "{err}");
    assert!(server.received().is_empty());
}

#[test]
fn one_refused_recipient_stops_the_message_for_all() {
    let server = SmtpServer::builder()
        .reject("gone@example.org", "550 5.1.1 no such user")
        .start();
    let target = SmtpTarget::parse(&server.url(), None).unwrap();
    let err = Delivery::Smtp(target)
        .send(
            DESK,
            &[CAROL.into(), "gone@example.org".into()],
            &compose(&notice()).unwrap(),
            "x",
        )
        .unwrap_err();
    assert!(!err.is_temporary(), "{err:?}");
    assert!(
        server.received().is_empty(),
        "nobody got it, so nobody gets it twice when it is sent again"
    );
}

#[test]
fn a_recipient_deferred_with_451_is_a_temporary_failure() {
    let server = SmtpServer::builder()
        .reject(CAROL, "451 4.3.0 mailbox busy, try again later")
        .start();
    let target = SmtpTarget::parse(&server.url(), None).unwrap();
    let err = Delivery::Smtp(target)
        .send(DESK, &[CAROL.into()], &compose(&notice()).unwrap(), "x")
        .unwrap_err();
    assert!(
        matches!(err, DeliveryError::Refused { code: 451, .. }),
        "{err:?}"
    );
    assert!(err.is_temporary());
    assert!(server.received().is_empty());
}

#[test]
fn a_refused_connection_is_a_temporary_failure() {
    // A port nothing listens on: bound, read, released.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let target = SmtpTarget::parse(&format!("smtp://127.0.0.1:{port}"), None).unwrap();
    let err = Delivery::Smtp(target)
        .send(DESK, &[CAROL.into()], &compose(&notice()).unwrap(), "x")
        .unwrap_err();
    assert!(matches!(err, DeliveryError::Unreachable { .. }), "{err:?}");
    assert!(err.is_temporary());
    assert!(
        err.to_string().contains(&format!("127.0.0.1:{port}")),
        "{err}"
    );
}

#[test]
fn smtp_logs_in_as_the_user_of_the_url_with_the_password_given() {
    let server = SmtpServer::builder().login("desk", "s3cret").start();
    let url = format!("smtp://desk@127.0.0.1:{}", server.port());
    let target = SmtpTarget::parse(&url, Some("s3cret".into())).unwrap();
    Delivery::Smtp(target)
        .send(DESK, &[CAROL.into()], &compose(&notice()).unwrap(), "x")
        .unwrap();
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].login.as_deref(), Some("desk"));

    let wrong = SmtpTarget::parse(&url, Some("guess".into())).unwrap();
    let err = Delivery::Smtp(wrong)
        .send(DESK, &[CAROL.into()], &compose(&notice()).unwrap(), "x")
        .unwrap_err();
    assert!(
        matches!(err, DeliveryError::Refused { code: 535, .. }),
        "{err:?}"
    );
    assert!(!err.is_temporary(), "a wrong password does not fix itself");
    assert_eq!(server.received().len(), 1);
}

#[test]
fn starttls_is_used_when_the_server_offers_it() {
    let server = SmtpServer::builder().starttls().start();
    let mut target = SmtpTarget::parse(&server.url(), None).unwrap();
    target.ca_certificates = server.certificate().map(Path::to_path_buf);
    Delivery::Smtp(target)
        .send(DESK, &[CAROL.into()], &compose(&notice()).unwrap(), "x")
        .unwrap();
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert!(received[0].tls, "the message went over STARTTLS");
}

#[test]
fn an_untrusted_certificate_stops_the_message_instead_of_sending_it_in_the_clear() {
    let server = SmtpServer::builder().starttls().start();
    let target = SmtpTarget::parse(&server.url(), None).unwrap();
    let err = Delivery::Smtp(target)
        .send(DESK, &[CAROL.into()], &compose(&notice()).unwrap(), "x")
        .unwrap_err();
    assert!(!err.is_temporary(), "{err:?}");
    assert!(server.received().is_empty());
}

#[test]
fn a_ca_file_that_is_not_pem_is_refused_before_sending() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("ca.pem");
    fs::write(&path, "not a certificate").unwrap();
    let mut target = SmtpTarget::parse("smtp://127.0.0.1:25", None).unwrap();
    target.ca_certificates = Some(path);
    let err = Delivery::Smtp(target).check().unwrap_err();
    assert!(err.is_bad_input(), "{err:?}");
    assert!(err.to_string().contains("ca.pem"), "{err}");
}

/// A sendmail stand-in: saves its arguments and standard input beside itself.
fn fake_sendmail(dir: &Path, exit: i32, stderr: &str) -> PathBuf {
    let script = dir.join("sendmail");
    fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$@\" > \"{dir}/args\"\ncat > \"{dir}/message\"\nprintf '%s' '{stderr}' >&2\nexit {exit}\n",
            dir = dir.display()
        ),
    )
    .unwrap();
    fs::set_permissions(&script, fs::Permissions::from_mode(0o755)).unwrap();
    script
}

#[test]
fn sendmail_gets_the_message_on_stdin() {
    let dir = TempDir::new().unwrap();
    let script = fake_sendmail(dir.path(), 0, "");
    let bytes = compose(&notice()).unwrap();
    Delivery::Sendmail {
        command: format!("{} -t -i", script.display()),
    }
    .send(DESK, &[CAROL.into()], &bytes, "x")
    .unwrap();
    assert_eq!(fs::read(dir.path().join("message")).unwrap(), bytes);
    assert_eq!(
        fs::read_to_string(dir.path().join("args")).unwrap(),
        "-t -i\n"
    );
}

#[test]
fn a_failing_sendmail_reports_its_stderr_and_whether_to_retry() {
    let dir = TempDir::new().unwrap();
    let script = fake_sendmail(dir.path(), 75, "sendmail: queue is full");
    let err = Delivery::Sendmail {
        command: script.display().to_string(),
    }
    .send(DESK, &[CAROL.into()], &compose(&notice()).unwrap(), "x")
    .unwrap_err();
    assert!(err.is_temporary(), "EX_TEMPFAIL: {err:?}");
    assert!(err.to_string().contains("queue is full"), "{err}");

    let script = fake_sendmail(dir.path(), 67, "sendmail: no such user");
    let err = Delivery::Sendmail {
        command: script.display().to_string(),
    }
    .send(DESK, &[CAROL.into()], &compose(&notice()).unwrap(), "x")
    .unwrap_err();
    assert!(!err.is_temporary(), "EX_NOUSER: {err:?}");

    let err = Delivery::Sendmail {
        command: dir.path().join("missing").display().to_string(),
    }
    .send(DESK, &[CAROL.into()], &compose(&notice()).unwrap(), "x")
    .unwrap_err();
    assert!(!err.is_temporary(), "a missing command: {err:?}");
}

#[test]
fn the_outbox_gets_one_eml_per_notice_and_nothing_else() {
    let dir = TempDir::new().unwrap();
    let outbox = dir.path().join("out/box");
    let delivery = Delivery::Outbox(outbox.clone());
    let first = compose(&notice()).unwrap();
    delivery
        .send(DESK, &[CAROL.into()], &first, "4f2a9c0011-3")
        .unwrap();
    let mut second_notice = notice();
    second_notice.message_id = "4f2a9c.4@desk.example.com".into();
    let second = compose(&second_notice).unwrap();
    delivery
        .send(DESK, &[CAROL.into()], &second, "4f2a9c0011-4")
        .unwrap();

    let mut names: Vec<String> = fs::read_dir(&outbox)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(names, ["4f2a9c0011-3.eml", "4f2a9c0011-4.eml"]);
    assert_eq!(fs::read(outbox.join("4f2a9c0011-3.eml")).unwrap(), first);
    assert_eq!(fs::read(outbox.join("4f2a9c0011-4.eml")).unwrap(), second);
}
