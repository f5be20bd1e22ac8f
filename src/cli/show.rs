//! `git desk show`: one ticket with its events and links.

use std::io::Write;

use anyhow::{Context, Result};
use clap::Args;
use comfy_table::Color;
use serde_json::json;

use git_desk::model::mail::{Attachment, Received};
use git_desk::model::{Action, Event, Ticket};

use super::log::describe_event;
use super::output::{sanitize, sanitize_line};
use super::{usage, Session};

/// Show one ticket: its fields, description, links and events.
#[derive(Args, Debug)]
pub struct ShowArgs {
    /// The ticket id (any unique prefix)
    #[arg(value_name = "ID")]
    pub id: String,
    /// Print the ticket (with its events) as JSON
    #[arg(long)]
    pub json: bool,
    /// Write the bytes of attachment N (as numbered under "mail") to stdout
    #[arg(long, value_name = "N", conflicts_with = "json")]
    pub attachment: Option<usize>,
}

pub fn run(session: &Session, args: ShowArgs) -> Result<()> {
    let desk = session.desk()?;
    let snapshot = desk.snapshot()?;
    session.warn_about(&snapshot);
    let id = snapshot.resolve(&args.id)?;
    let ticket = snapshot.load(&id)?;
    let short = snapshot.short_id(&id)?;
    let now = session.now()?;
    if let Some(n) = args.attachment {
        let (_, a) = attachment(&ticket, &short, n)?;
        let path = a.path.as_deref().ok_or_else(|| {
            usage(format!(
                "attachment {n} of {short} ({}, {} bytes) was not stored: it was over [mail] max_attachment",
                a.name, a.size
            ))
        })?;
        let bytes = snapshot
            .file(path)?
            .with_context(|| format!("{path} is missing from the desk branch"))?;
        let mut stdout = std::io::stdout().lock();
        stdout.write_all(&bytes)?;
        stdout.flush()?;
        return Ok(());
    }
    if args.json {
        let mut json =
            super::ls::with_sla(ticket.to_json(&short, true), &ticket, &snapshot.config, now);
        // Only tickets with mail have the list: other tickets read as before.
        if let (Some(map), true) = (json.as_object_mut(), received(&ticket).next().is_some()) {
            map.insert("mail".into(), mail_json(&ticket));
        }
        return Ok(session.out.json(&json)?);
    }
    let sla = git_desk::sla::evaluate(&ticket, &snapshot.config.matrix, &snapshot.config, now);
    let text = render(session, &ticket, &short, &snapshot.config, &sla);
    session.out.line(text.trim_end())?;
    Ok(())
}

fn render(
    session: &Session,
    t: &Ticket,
    short: &str,
    config: &git_desk::config::DeskConfig,
    sla: &git_desk::sla::SlaStatus,
) -> String {
    let out = &session.out;
    let columns = out.columns();
    let zone = out.zone(config.display_zone);
    let field = |name: &str, value: &str| {
        format!(
            "{:<10} {}\n",
            name,
            fold(&sanitize_line(value), 11, 11, columns)
        )
    };
    let mut s = String::new();
    let indent = git_desk::text::width(short) + 2;
    s.push_str(&format!(
        "{}  {}\n\n",
        out.paint(short, Color::Yellow),
        out.paint(
            &fold(&sanitize_line(&t.title), indent, indent, columns),
            Color::White
        )
    ));
    let mut status = t.status.to_string();
    if let Some(r) = t.pending_reason {
        status.push_str(&format!(" ({r})"));
    }
    s.push_str(&field("status", &status));
    s.push_str(&field(
        "type",
        &format!("{}{}", t.ticket_type, if t.major { " (major)" } else { "" }),
    ));
    s.push_str(&field("tier", &config.tier_label(t.tier)));
    let mut priority = format!(
        "{} (impact {}, urgency {})",
        t.priority, t.impact, t.urgency
    );
    if let Some(reason) = &t.priority_reason {
        priority.push_str(&format!(", set by hand: {reason}"));
    }
    s.push_str(&field("priority", &priority));
    for (name, value) in [
        ("service", t.service.as_deref()),
        ("team", t.team.as_deref()),
        ("owner", t.owner.as_deref()),
        ("assignee", t.assignee.as_deref()),
        ("reporter", Some(t.reporter.as_str())),
    ] {
        s.push_str(&field(name, value.unwrap_or("-")));
    }
    if let Some(site) = &t.site {
        s.push_str(&field("site", site));
    }
    if !t.labels.is_empty() {
        s.push_str(&field("labels", &t.labels.join(", ")));
    }
    if t.known_error {
        s.push_str(&field("known", "known error"));
    }
    s.push_str(&field("created", &zone.minute(t.created)));
    s.push_str(&field("updated", &zone.minute(t.updated)));
    if let Some(r) = &t.resolution {
        let code = t
            .resolution_code
            .as_deref()
            .map(|c| format!(" [{c}]"))
            .unwrap_or_default();
        s.push_str(&field("resolution", &format!("{r}{code}")));
    }
    if let Some(score) = t.csat {
        let said = t
            .csat_comment
            .as_deref()
            .map(|c| format!(": {c}"))
            .unwrap_or_default();
        s.push_str(&field("rating", &format!("{score}/5{said}")));
    }
    if let Some(v) = &t.vendor {
        let mut line = v.name.clone().unwrap_or_default();
        if let Some(r) = &v.reference {
            line.push_str(&format!(", their ref {r}"));
        }
        if let Some(c) = &v.contract {
            line.push_str(&format!(", contract {c}"));
        }
        if let Some(d) = v.follow_up {
            line.push_str(&format!(", follow up {d}"));
        }
        s.push_str(&field("vendor", &line));
    }
    for (name, value) in [
        ("symptoms", &t.rca.symptoms),
        ("cause", &t.rca.root_cause),
        ("workaround", &t.rca.workaround),
        ("fix", &t.rca.fix),
        ("method", &t.rca.method),
    ] {
        if let Some(v) = value {
            s.push_str(&field(name, v));
        }
    }
    if let Some(r) = t.rca.reproduced {
        s.push_str(&field("reproduced", if r { "yes" } else { "no" }));
    }
    for (name, c) in [("response", &sla.response), ("resolution", &sla.resolution)] {
        let mut line = format!(
            "{} ({} of {} used",
            c.state,
            git_desk::time::format_age(c.elapsed_seconds),
            c.target
        );
        match (c.paused, c.due) {
            (true, _) => line.push_str(", paused)"),
            (false, Some(due)) => line.push_str(&format!(", due {})", zone.minute(due))),
            _ => line.push(')'),
        }
        s.push_str(&field(name, &line));
    }
    let links: Vec<(&str, Vec<&str>)> = vec![
        ("problem", t.problem.as_deref().into_iter().collect()),
        (
            "incidents",
            t.incidents.iter().map(String::as_str).collect(),
        ),
        ("duplicate", t.duplicate_of.as_deref().into_iter().collect()),
        (
            "duplicates",
            t.duplicates.iter().map(String::as_str).collect(),
        ),
        ("related", t.related.iter().map(String::as_str).collect()),
        ("kb", t.kb.iter().map(String::as_str).collect()),
    ];
    for (name, ids) in links {
        if !ids.is_empty() {
            let shown: Vec<&str> = ids
                .iter()
                .map(|i| {
                    if name == "kb" {
                        *i
                    } else {
                        &i[..i.len().min(8)]
                    }
                })
                .collect();
            s.push_str(&field(name, &shown.join(", ")));
        }
    }
    if !t.description.trim().is_empty() {
        s.push('\n');
        for line in sanitize(t.description.trim_end()).lines() {
            s.push_str(&format!("    {}\n", fold(line, 4, 4, columns)));
        }
    }
    let mail: Vec<(&Event, &Received)> = received(t).collect();
    if !mail.is_empty() {
        s.push_str(&format!("\n{}\n", out.paint("mail", Color::White)));
        let mut number = 0;
        for (e, r) in mail {
            let who = match &r.name {
                Some(name) => format!("{name} <{}>", r.from),
                None => r.from.clone(),
            };
            let head = format!(
                "{}  {}  <{}>",
                zone.format(e.at, "%Y-%m-%d %H:%M"),
                sanitize_line(&who),
                sanitize_line(&r.message_id)
            );
            s.push_str(&format!("  {}\n", fold(&head, 2, 6, columns)));
            let subject = format!(
                "{}  ({})",
                sanitize_line(&r.subject),
                sanitize_line(&r.original)
            );
            s.push_str(&format!("      {}\n", fold(&subject, 6, 6, columns)));
            if let Some(note) = &r.note {
                let note = format!("internal note: {}", sanitize_line(note));
                s.push_str(&format!("      {}\n", fold(&note, 6, 6, columns)));
            }
            for a in &r.attachments {
                number += 1;
                let stored = if a.path.is_some() {
                    String::new()
                } else {
                    ", not stored: over max_attachment".to_string()
                };
                s.push_str(&format!(
                    "      [{number}] {} ({}, {}{stored})\n",
                    sanitize_line(&a.name),
                    sanitize_line(&a.content_type),
                    size(a.size)
                ));
            }
        }
    }
    s.push_str(&format!("\n{}\n", out.paint("events", Color::White)));
    for e in &t.events {
        let head = format!(
            "  {}  {:<24} ",
            zone.format(e.at, "%Y-%m-%d %H:%M"),
            sanitize_line(&e.by)
        );
        let first = git_desk::text::width(&head);
        let text: Vec<String> = sanitize(&describe_event(e))
            .lines()
            .enumerate()
            .map(|(i, line)| fold(line, if i == 0 { first } else { 6 }, 6, columns))
            .collect();
        s.push_str(&format!("{head}{}\n", text.join("\n      ")));
    }
    s
}

/// A line of prose that starts `first` columns in, wrapped at words for a terminal
/// `columns` wide, every further line indented `indent` columns; as it is when not on a
/// terminal (scripts get whole lines).
fn fold(text: &str, first: usize, indent: usize, columns: Option<usize>) -> String {
    let Some(columns) = columns else {
        return text.to_string();
    };
    // Narrower than this, an indented line would hold too little to read: wrap anyway.
    let room = |start: usize| columns.saturating_sub(start).max(20);
    // A line that fits keeps its spacing (aligned columns, indented code).
    if git_desk::text::width(text) <= room(first) {
        return text.to_string();
    }
    git_desk::text::wrap(text, room(first), room(indent)).join(&format!("\n{}", " ".repeat(indent)))
}

/// The mail received on a ticket, in event order.
fn received(t: &Ticket) -> impl Iterator<Item = (&Event, &Received)> {
    t.events.iter().filter_map(|e| match &e.action {
        Action::Received(r) => Some((e, r.as_ref())),
        _ => None,
    })
}

/// Attachment `n` (counted from 1 over all the ticket's mail) and its message.
fn attachment<'t>(t: &'t Ticket, short: &str, n: usize) -> Result<(&'t Received, &'t Attachment)> {
    let all: Vec<(&Received, &Attachment)> = received(t)
        .flat_map(|(_, r)| r.attachments.iter().map(move |a| (r, a)))
        .collect();
    if all.is_empty() {
        return Err(usage(format!("{short} has no attachments")));
    }
    match n.checked_sub(1).and_then(|i| all.get(i)) {
        Some(found) => Ok(*found),
        None => Err(usage(format!(
            "{short} has {} attachment(s): give --attachment 1 to {} (see `git desk show {short}`)",
            all.len(),
            all.len()
        ))),
    }
}

/// The mail on a ticket for `show --json`: who, when, Message-ID, attachments numbered
/// as `--attachment` takes them.
fn mail_json(t: &Ticket) -> serde_json::Value {
    let mut number = 0;
    let list: Vec<serde_json::Value> = received(t)
        .map(|(e, r)| {
            let attachments: Vec<serde_json::Value> = r
                .attachments
                .iter()
                .map(|a| {
                    number += 1;
                    json!({
                        "number": number,
                        "name": a.name,
                        "content_type": a.content_type,
                        "size": a.size,
                        "path": a.path,
                        "stored": a.path.is_some(),
                    })
                })
                .collect();
            json!({
                "at": e.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                "event": e.id,
                "from": r.from,
                "name": r.name,
                "message_id": r.message_id,
                "subject": r.subject,
                "original": r.original,
                "note": r.note,
                "attachments": attachments,
            })
        })
        .collect();
    serde_json::Value::Array(list)
}

/// A size as people read it: 812 B, 12.3 KB, 4.1 MB.
fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}
