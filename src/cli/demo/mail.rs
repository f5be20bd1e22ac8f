//! The demo's mail: a customer who never runs git writes to the desk, hears back by mail,
//! answers, and the desk keeps up. Every message goes through the same library calls as
//! `git desk mail ingest` and `git desk notify --outbox`.

use std::path::Path;

use anyhow::{anyhow, Result};
use chrono::{DateTime, Duration, Utc};

use git_desk::config::CONFIG_PATH;
use git_desk::mail::deliver::Delivery;
use git_desk::mail::dispatch::notify;
use git_desk::mail::ingest::Incoming;
use git_desk::store::{Actor, Desk};
use git_desk::workflow::Change;

use super::scenario::ALICE;

/// What the desk's mail settings add to its desk.toml when mail is turned on at `since`:
/// notices tell of what happens from then on.
fn mail_settings(since: DateTime<Utc>) -> String {
    format!(
        "
# Mail in (`git desk mail ingest`, from the MTA) and notices out (`git desk notify`).
[mail]
address = \"support@example.com\"
name = \"Example IT Service Desk\"
tag = \"desk\"
since = {}
",
        since.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    )
}

/// The customer.
const DANA: &str = "dana@customer.example";

/// The customer's first message, as her mail program sent it.
fn first_message(at: DateTime<Utc>) -> String {
    format!(
        "From: Dana Brooks <{DANA}>\r\n\
         To: IT Service Desk <support@example.com>\r\n\
         Subject: Laptop will not charge since this morning\r\n\
         Date: {}\r\n\
         Message-ID: <CAD4n4.charger.1@customer.example>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         \r\n\
         Hello,\r\n\
         \r\n\
         my ThinkPad shows \"plugged in, not charging\" since I came in today. I tried\r\n\
         the charger of a colleague, same thing. Battery is at 18%.\r\n\
         \r\n\
         Dana\r\n\
         -- \r\n\
         Dana Brooks, Accounts Payable\r\n",
        at.to_rfc2822()
    )
}

/// Her answer to the desk's question, threaded on the notice she received.
fn reply(at: DateTime<Utc>, subject: &str, notice_id: &str) -> String {
    format!(
        "From: Dana Brooks <{DANA}>\r\n\
         To: IT Service Desk <support@example.com>\r\n\
         Subject: Re: {subject}\r\n\
         Date: {}\r\n\
         Message-ID: <CAD4n4.charger.2@customer.example>\r\n\
         In-Reply-To: <{notice_id}>\r\n\
         References: <CAD4n4.charger.1@customer.example> <{notice_id}>\r\n\
         MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\
         \r\n\
         The BIOS says battery health 41%, and the asset tag is NB-20417.\r\n\
         \r\n\
         On {}, Example IT Service Desk <support@example.com> wrote:\r\n\
         > Could you tell us the battery health the BIOS shows, and the asset tag?\r\n",
        at.to_rfc2822(),
        (at - Duration::minutes(30)).to_rfc2822()
    )
}

/// What the conversation left.
pub(super) struct Conversation {
    /// Commits it made.
    pub commits: usize,
    /// Notices written to the outbox.
    pub notices: usize,
}

/// Turns the desk's mail on, then plays the conversation in the two hours before `now`;
/// notices go to `outbox` as `.eml` files.
pub(super) fn conversation(desk: &Desk, outbox: &Path, now: DateTime<Utc>) -> Result<Conversation> {
    let at = |minutes_before: i64| now - Duration::minutes(minutes_before);
    let gateway = Actor::new("Example IT Service Desk", "support@example.com");
    let delivery = Delivery::Outbox(outbox.to_path_buf());
    let mut commits = 0;
    let mut notices = 0;

    let text = String::from_utf8(desk.snapshot()?.file(CONFIG_PATH)?.unwrap_or_default())?;
    let config = Change::Config {
        text: format!("{text}{}", mail_settings(at(180))),
    };
    desk.apply(&ALICE.actor(), at(180), &[], &config, false)?;
    commits += 1;

    // The ticket each message went to.
    let take_in = |raw: String, when: DateTime<Utc>| -> Result<String> {
        let settings = desk.snapshot()?.config.mail.clone();
        let settings = settings.ok_or_else(|| anyhow!("demo: the desk has no [mail]"))?;
        let mut store = |bytes: &[u8]| desk.write_blob(bytes);
        let incoming = Incoming::read(raw.as_bytes(), &settings, &mut store)?;
        let outcome = desk.apply(&gateway, when, &[], &Change::Mail(vec![incoming]), false)?;
        outcome
            .mail
            .into_iter()
            .find_map(|taken| taken.ticket)
            .map(|id| id.to_string())
            .ok_or_else(|| anyhow!("demo: the customer's mail went onto no ticket"))
    };
    let mut send = |when: DateTime<Utc>| -> Result<Vec<(String, String)>> {
        let report = notify(desk, &gateway, when, None, &delivery, false)?;
        if report.failed() > 0 {
            return Err(anyhow!(
                "demo: a notice could not be written to {}",
                outbox.display()
            ));
        }
        commits += usize::from(report.claims.is_some()) + usize::from(report.outcomes.is_some());
        notices += report.notices.len();
        Ok(report
            .notices
            .into_iter()
            .map(|(c, _)| (c.notice.message_id, c.outgoing.subject))
            .collect())
    };

    let id = take_in(first_message(at(150)), at(150))?;
    send(at(145))?;
    let question = Change::Comment {
        text: "Could you tell us the battery health the BIOS shows, and the asset tag?".into(),
        internal: false,
    };
    let pend = Change::Pend {
        reason: "customer".into(),
    };
    for (minutes, change) in [(120, Change::Take), (118, question), (117, pend)] {
        desk.apply(
            &ALICE.actor(),
            at(minutes),
            std::slice::from_ref(&id),
            &change,
            false,
        )?;
    }
    let sent = send(at(115))?;
    let (notice_id, subject) = sent
        .into_iter()
        .next()
        .ok_or_else(|| anyhow!("demo: the desk's question sent no notice"))?;
    if take_in(reply(at(80), &subject, &notice_id), at(80))? != id {
        return Err(anyhow!(
            "demo: the customer's reply did not find her ticket"
        ));
    }
    send(at(75))?;
    // Two messages taken in and three staff changes, beside the notify commits.
    commits += 5;
    Ok(Conversation { commits, notices })
}
