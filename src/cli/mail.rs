//! `git desk mail ingest`: mail in, from an MTA's pipe, an mbox or a Maildir.

use std::fs;
use std::io::{self, BufReader, Read};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, Subcommand};
use serde_json::{json, Value};

use git_desk::mail::ingest::{BlobStore, Incoming};
use git_desk::mail::mbox::Mbox;
use git_desk::store::{Actor, Desk};
use git_desk::workflow::{no_mail_settings, Change, Outcome, Taken, TakenAs};

use super::command_error::RetryLater;
use super::output::sanitize_line;
use super::{usage, Session};

/// Mail: customers' messages become tickets and comments.
#[derive(Args, Debug)]
pub struct MailArgs {
    #[command(subcommand)]
    command: MailCommand,
}

#[derive(Subcommand, Debug)]
enum MailCommand {
    /// Take in mail: one message on stdin (an MTA's pipe, procmail), an mbox or a Maildir
    ///
    /// Each message is threaded onto a ticket by In-Reply-To, then References (against
    /// the Message-IDs the desk sent or received), then the subject tag ([desk #4f2a9c]);
    /// otherwise it files a new ticket for its sender (routing rules apply). A reply is a
    /// public comment by its sender, quotes and signature trimmed; from someone who is
    /// neither the reporter nor a member of the desk's teams it is an internal note
    /// (unless [mail] open_replies = true). A reply from the reporter to a ticket pending
    /// on the customer opens it again. Auto-replies, bounces and list mail never file a
    /// ticket. The same Message-ID twice is recorded once. Messages that cannot be used
    /// (no From, not mail at all) are kept under mail/rejected/ on the branch with the
    /// reason. The original is kept as mail/<id>/<n>.eml; attachments up to [mail]
    /// max_attachment as attachments/<id>/<N>-<name>. All messages read are one commit.
    ///
    /// Exit codes for a mail system: 0 taken in (or kept under mail/rejected/); 75
    /// (EX_TEMPFAIL) try again later (the branch busy, I/O failed, no desk yet, desk.toml
    /// broken or without [mail]); 2 the message will never be accepted (kept under
    /// mail/rejected/, the reason on stderr), or bad options.
    #[command(
        after_help = "Wiring: a postfix alias `desk: \"|git -C /srv/desk desk mail ingest\"`, a procmail recipe `| git desk mail ingest`, or cron over a Maildir filled by fetchmail or mbsync: `git desk mail ingest --maildir ~/Maildir`."
    )]
    Ingest(IngestArgs),
}

#[derive(Args, Debug)]
struct IngestArgs {
    /// Read every message of this mbox file instead of one message on stdin
    #[arg(long, value_name = "FILE", conflicts_with = "maildir")]
    mbox: Option<PathBuf>,
    /// Read every message in DIR/new, moving each to DIR/cur once committed
    #[arg(long, value_name = "DIR")]
    maildir: Option<PathBuf>,
    /// Print what happened to each message as JSON
    #[arg(long)]
    json: bool,
    /// Show what would happen; write nothing, move nothing
    #[arg(long)]
    dry_run: bool,
}

pub fn run(session: &Session, args: MailArgs) -> Result<()> {
    match args.command {
        MailCommand::Ingest(a) => ingest(session, a),
    }
}

/// Where the messages come from.
enum Source {
    Stdin,
    Mbox(fs::File),
    /// The Maildir and the files of its `new/`, in name order.
    Maildir(PathBuf, Vec<PathBuf>),
}

fn ingest(session: &Session, args: IngestArgs) -> Result<()> {
    // Bad options are the caller's to fix (exit 2); anything after that is a reason for
    // a mail system to try again later (75), never to bounce the mail.
    let source = source(&args)?;
    let (batch, outcome, source) = match take_in(session, &args, source) {
        Ok(done) => done,
        Err(e)
            if e.downcast_ref::<super::command_error::UsageError>()
                .is_some() =>
        {
            return Err(e)
        }
        Err(e) => return Err(e.context(RetryLater)),
    };
    report(session, &args, &outcome)?;
    if let Source::Stdin = source {
        // One message that can never be used: kept, and the sender's MTA is told.
        if let (Some(incoming), Some(taken)) = (batch.first(), outcome.mail.first()) {
            if let (Err(reason), TakenAs::Rejected | TakenAs::Duplicate) =
                (&incoming.content, taken.taken_as)
            {
                let kept = taken.original.as_deref().unwrap_or("mail/rejected/");
                let kept = if args.dry_run {
                    format!("it would be kept as {kept}")
                } else {
                    format!("kept as {kept}")
                };
                return Err(usage(format!(
                    "the message cannot be taken in: {reason} ({kept})"
                )));
            }
        }
    }
    Ok(())
}

fn source(args: &IngestArgs) -> Result<Source> {
    if let Some(path) = &args.mbox {
        let file = fs::File::open(path)
            .map_err(|e| usage(format!("cannot read mbox {}: {e}", path.display())))?;
        return Ok(Source::Mbox(file));
    }
    if let Some(dir) = &args.maildir {
        let new = dir.join("new");
        let entries = fs::read_dir(&new).map_err(|e| {
            usage(format!(
                "{} is not a Maildir ({}: {e}): give the folder that holds new/, cur/ and tmp/",
                dir.display(),
                new.display()
            ))
        })?;
        let mut files = Vec::new();
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot list {}", new.display()))?;
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') || !entry.file_type()?.is_file() {
                continue;
            }
            files.push(entry.path());
        }
        files.sort();
        return Ok(Source::Maildir(dir.clone(), files));
    }
    Ok(Source::Stdin)
}

/// Reads every message (its blobs into the object store as it goes), then commits them
/// as one change; a Maildir's messages move to cur/ after the commit.
fn take_in(
    session: &Session,
    args: &IngestArgs,
    source: Source,
) -> Result<(Vec<Incoming>, Outcome, Source)> {
    let desk = session.desk()?;
    let now = session.now()?;
    let snapshot = desk.snapshot()?;
    session.warn_about(&snapshot);
    let settings = snapshot
        .config
        .rules()?
        .mail
        .clone()
        .ok_or_else(no_mail_settings)?;
    // An MTA runs this as a user git may know nothing of: then the desk itself acts.
    let actor = desk
        .actor()
        .unwrap_or_else(|_| Actor::new(&settings.name, &settings.address));
    drop(snapshot);

    let dry_run = args.dry_run;
    let mut store = |bytes: &[u8]| {
        if dry_run {
            Desk::blob_id(bytes)
        } else {
            desk.write_blob(bytes)
        }
    };
    let change = Change::Mail(read(&source, &settings, &mut store)?);
    let outcome = desk.apply(&actor, now, &[], &change, dry_run)?;
    let Change::Mail(batch) = change else {
        unreachable!("built above")
    };
    if let (Source::Maildir(dir, files), false) = (&source, dry_run) {
        let cur = dir.join("cur");
        for file in files {
            let name = file.file_name().expect("a file in new/").to_string_lossy();
            let name = if name.contains(":2,") {
                name.to_string()
            } else {
                format!("{name}:2,")
            };
            fs::rename(file, cur.join(&name)).with_context(|| {
                format!(
                    "committed, but cannot move {} to {}",
                    file.display(),
                    cur.display()
                )
            })?;
        }
    }
    Ok((batch, outcome, source))
}

fn read(
    source: &Source,
    settings: &git_desk::config::MailConfig,
    store: &mut BlobStore<'_>,
) -> Result<Vec<Incoming>> {
    let mut batch = Vec::new();
    match source {
        Source::Stdin => {
            let mut raw = Vec::new();
            io::stdin()
                .lock()
                .read_to_end(&mut raw)
                .context("cannot read the message on stdin")?;
            batch.push(Incoming::read(&raw, settings, store)?);
        }
        Source::Mbox(file) => {
            for raw in Mbox::new(BufReader::new(file)) {
                let raw = raw.map_err(|e| match e.kind() {
                    io::ErrorKind::InvalidData => usage(e.to_string()),
                    _ => anyhow::Error::from(e).context("cannot read the mbox"),
                })?;
                batch.push(Incoming::read(&raw, settings, store)?);
            }
        }
        Source::Maildir(_, files) => {
            for path in files {
                let raw =
                    fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
                batch.push(Incoming::read(&raw, settings, store)?);
            }
        }
    }
    Ok(batch)
}

fn report(session: &Session, args: &IngestArgs, outcome: &Outcome) -> Result<()> {
    if args.json {
        let items = outcome.mail.iter().map(taken_json);
        return Ok(session.out.json_array(items)?);
    }
    for taken in &outcome.mail {
        session.out.line(sanitize_line(&describe(taken)))?;
    }
    if !session.out.quiet() {
        match (&outcome.commit, args.dry_run) {
            (_, true) => session.out.info("dry run: nothing written"),
            (Some(c), false) => session.out.info(format!("committed {}", c.short())),
            (None, false) => {}
        }
    }
    Ok(())
}

/// One message's fate in a line: `filed 4f2a9c from ann@example.org: VPN drops`.
fn describe(t: &Taken) -> String {
    let mut line = t.taken_as.as_str().to_string();
    if let Some(short) = &t.short {
        line.push_str(&format!(" {short}"));
    }
    if let Some(from) = &t.from {
        line.push_str(&format!(" from {from}"));
    }
    if let Some(subject) = &t.subject {
        line.push_str(&format!(": {subject}"));
    }
    if let (TakenAs::Rejected, Some(path)) = (t.taken_as, &t.original) {
        line.push_str(&format!(" (kept as {path})"));
    }
    if let Some(reason) = &t.reason {
        line.push_str(&format!(" ({reason})"));
    }
    line
}

fn taken_json(t: &Taken) -> Value {
    json!({
        "result": t.taken_as.as_str(),
        "ticket": t.ticket.as_ref().map(|i| i.to_string()),
        "short_id": t.short,
        "message_id": t.message_id,
        "from": t.from,
        "subject": t.subject,
        "threaded_by": t.threaded_by,
        "reason": t.reason,
        "original": t.original,
    })
}
