//! `git desk import` and `git desk export`: tickets in and out in bulk.

use std::io::{Read, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use git_desk::model::id::short_ids;
use git_desk::transfer::{self, ImportContext, CSV_FIELDS, IMPORT_FORMATS};
use git_desk::workflow::{AlreadyImported, ApplyOptions, Change};

use super::targets::decode_text;
use super::{usage, Session};

/// Import tickets as one commit: JSON as `git desk export` writes it (tickets keep their
/// ids and events; without events each field has its JSON type: strings, tier an integer
/// 0-4, labels an array of strings, major true or false), CSV with a header row of field
/// names (see `git desk export --format csv`), or github: the JSON of `gh issue list
/// --json number,title,body,labels,state,createdAt,closedAt,author,comments` (the issue
/// number is kept as external_ref, comments become comments, closed issues closed
/// tickets; a .json file shaped so is read as github). Issues imported before (the same
/// external_ref) are skipped and counted, so importing a newer export adds only the new
/// ones. The whole file is checked first: a bad row is exit 2 with its row number and
/// field, and nothing is written.
#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The file (- for standard input)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// json, csv or github (default: from the file's extension; a .json file of GitHub
    /// issues is read as github)
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<String>,
    /// Check the file and say what would be imported; write nothing
    #[arg(short = 'n', long)]
    pub dry_run: bool,
}

/// Export every ticket: JSON (an array in the `--json` shape, events included: import
/// gives the same tickets back) or CSV (a header row of field names, one row per ticket).
#[derive(Args, Debug)]
pub struct ExportArgs {
    /// json or csv
    #[arg(long, value_name = "FORMAT", default_value = "json")]
    pub format: String,
}

pub fn run_export(session: &Session, args: ExportArgs) -> Result<()> {
    if !["json", "csv"].contains(&args.format.as_str()) {
        return Err(usage(format!(
            "cannot export as '{}': use json or csv",
            args.format
        )));
    }
    let desk = session.desk()?;
    let snapshot = desk.snapshot()?;
    session.warn_about(&snapshot);
    let tickets = session.read_tickets(&snapshot)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.format == "csv" {
        // A closed pipe (`| head`) must reach main as the io::Error it is.
        let io = |e: csv::Error| match e.into_kind() {
            csv::ErrorKind::Io(e) => anyhow::Error::from(e),
            other => anyhow::anyhow!("cannot write CSV: {other:?}"),
        };
        let mut w = csv::Writer::from_writer(out);
        w.write_record(CSV_FIELDS).map_err(io)?;
        for t in &tickets {
            w.write_record(transfer::csv_row(t)).map_err(io)?;
        }
        w.flush()?;
        return Ok(());
    }
    let shorts = short_ids(tickets.iter().map(|t| t.id.as_str()));
    // One ticket a line, written as it goes.
    out.write_all(b"[")?;
    for (i, t) in tickets.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut out, &t.to_json(&shorts[t.id.as_str()], true))?;
    }
    out.write_all(b"\n]\n")?;
    out.flush()?;
    Ok(())
}

pub fn run_import(session: &Session, args: ImportArgs) -> Result<()> {
    let format = match &args.format {
        Some(f) => f.to_lowercase(),
        None => match args.file.extension().and_then(|e| e.to_str()) {
            Some("csv") => "csv".into(),
            Some("json") => "json".into(),
            _ => {
                return Err(usage(format!(
                    "cannot tell the format of {}: add --format {}",
                    args.file.display(),
                    IMPORT_FORMATS.join("|")
                )))
            }
        },
    };
    if !IMPORT_FORMATS.contains(&format.as_str()) {
        return Err(usage(format!(
            "unknown import format '{format}': use one of {}",
            IMPORT_FORMATS.join(", ")
        )));
    }
    let text = if args.file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("cannot read standard input")?;
        decode_text(bytes, "stdin")?
    } else {
        let bytes = std::fs::read(&args.file)
            .map_err(|e| usage(format!("cannot read {}: {e}", args.file.display())))?;
        decode_text(bytes, &args.file.display().to_string())?
    };
    // gh's JSON read as git-desk's would lose states, numbers and comments; its shape is
    // unmistakable (an integer `number` on every record), so a `.json` file is taken as
    // what it is.
    let format = if args.format.is_none() && format == "json" {
        let detected = transfer::json_format(&text);
        if detected == "github" {
            session.out.info(format!(
                "{} holds GitHub issues (`gh issue list --json`): importing it as --format github",
                args.file.display()
            ));
        }
        detected.to_string()
    } else {
        format
    };
    let desk = session.desk()?;
    let actor = desk.actor()?;
    let now = session.now()?;
    let snapshot = desk.snapshot()?;
    session.warn_about(&snapshot);
    let ctx = ImportContext {
        actor: &actor.email,
        now,
        config: &snapshot.config,
        ids: desk.id_source(&actor)?.into(),
    };
    let tickets = transfer::parse(&format, &text, &ctx)?;
    if tickets.is_empty() {
        session
            .out
            .info("nothing to import: the file holds no tickets");
        return Ok(());
    }
    let skip_imported = format == "github";
    if skip_imported {
        // The de-duplication reads every ticket's summary: built here, once, with its
        // progress bar and its warnings about broken files, before the change.
        session.listing(&snapshot)?;
    }
    let name = args.file.display().to_string();
    let change = Change::Import {
        tickets,
        source: name.clone(),
        skip_imported,
    };
    let bar = super::targets::Bar::new(session, "import");
    let options = ApplyOptions {
        dry_run: args.dry_run,
        progress: Some(&|done, total| bar.show(done, total)),
        ..ApplyOptions::default()
    };
    let outcome = desk.apply_with(&actor, now, &[], &change, options);
    bar.finish();
    let outcome = outcome?;
    let (count, skipped) = (outcome.imported, &outcome.skipped);
    let verb = if args.dry_run {
        "would import"
    } else {
        "imported"
    };
    session
        .out
        .line(format!("{verb} {count} tickets from {name}"))?;
    if !skipped.is_empty() {
        session.out.info(format!(
            "skipped {} imported before (a ticket has the same external_ref): {}",
            skipped.len(),
            listed(skipped.iter().map(|s| s.external_ref.as_str()))
        ));
    }
    let changed: Vec<&AlreadyImported> = skipped.iter().filter(|s| s.changed).collect();
    if !changed.is_empty() {
        let snapshot = desk.snapshot()?;
        let short = |s: &AlreadyImported| {
            snapshot
                .short_id(&s.id)
                .unwrap_or_else(|_| s.id.to_string())
        };
        session.out.info(format!(
            "changed at the source since (new comments, or closed there), not merged in: {}; update them with `git desk comment` or `git desk close`",
            listed(
                changed
                    .iter()
                    .map(|s| format!("{} (ticket {})", s.external_ref, short(s)))
            )
        ));
    }
    if let Some(commit) = outcome.commit {
        session.out.info(format!("one commit: {}", commit.short()));
    }
    Ok(())
}

/// Names for a message: all of a few, or the first ten and how many more.
fn listed<S: AsRef<str>>(names: impl Iterator<Item = S>) -> String {
    let names: Vec<S> = names.collect();
    let mut text = names
        .iter()
        .take(10)
        .map(|n| n.as_ref())
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > 10 {
        text.push_str(&format!(" and {} more", names.len() - 10));
    }
    text
}
