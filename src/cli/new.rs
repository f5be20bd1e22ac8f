//! `git desk new`: file a ticket.

use anyhow::Result;
use clap::Args;

use chrono::{DateTime, Utc};
use git_desk::model::TicketState;
use git_desk::model::{Filing, Grade, Priority, TicketType, Tier};
use git_desk::query::{Query, QueryContext};
use git_desk::store::{Actor, Desk};
use git_desk::workflow::{clean_labels, Change, NewTicket};

use super::output::sanitize_line;
use super::{usage, Session};

/// File a ticket. Prints its full id (with --json, the ticket). With no title on a
/// terminal it asks; --edit writes title and description in $EDITOR. On a terminal it
/// first offers knowledge-base articles that may answer it (type a number to read one);
/// --dry-run shows what would be filed and writes nothing.
#[derive(Args, Debug)]
pub struct NewArgs {
    /// The title (one line; several words are joined)
    #[arg(value_name = "TITLE")]
    pub title: Vec<String>,
    /// incident, request, problem or change
    #[arg(long = "type", value_name = "T", default_value = "incident")]
    pub ticket_type: String,
    /// high, medium or low
    #[arg(long, value_name = "I", default_value = "medium")]
    pub impact: String,
    /// high, medium or low
    #[arg(long, value_name = "U", default_value = "medium")]
    pub urgency: String,
    /// P1-P5, overriding the impact x urgency matrix
    #[arg(long, value_name = "P")]
    pub priority: Option<String>,
    /// Why the priority was set by hand
    #[arg(
        long,
        value_name = "TEXT",
        requires = "priority",
        allow_hyphen_values = true
    )]
    pub reason: Option<String>,
    /// The affected service
    #[arg(long, value_name = "S")]
    pub service: Option<String>,
    /// The site (office) it concerns, one of [sites] in desk.toml
    #[arg(long, value_name = "NAME")]
    pub site: Option<String>,
    /// The tier it starts at (0-4; default 1, or what a routing rule says)
    #[arg(long, value_name = "N")]
    pub tier: Option<String>,
    /// A label (repeat, or separate with commas)
    #[arg(long = "label", short = 'l', value_name = "L")]
    pub labels: Vec<String>,
    /// Assign it at once (email or `me`)
    #[arg(long, value_name = "EMAIL")]
    pub assignee: Option<String>,
    /// Who reported it (default: you)
    #[arg(long, value_name = "EMAIL")]
    pub reporter: Option<String>,
    /// The Level 1 owner (default: the first person assigned at tier 0-1)
    #[arg(long, value_name = "EMAIL")]
    pub owner: Option<String>,
    /// A major incident
    #[arg(long)]
    pub major: bool,
    /// The description
    #[arg(
        short = 'm',
        long = "message",
        value_name = "TEXT",
        conflicts_with = "edit",
        allow_hyphen_values = true
    )]
    pub message: Option<String>,
    /// Write title and description in $EDITOR
    #[arg(long)]
    pub edit: bool,
    /// Print the filed ticket as JSON (with `suggested_kb`: matching articles)
    #[arg(long)]
    pub json: bool,
    /// Do not look for knowledge-base articles that might answer it first
    #[arg(long)]
    pub no_kb: bool,
    /// Show what would be filed (tier, team, priority, SLA due times, routing) and write
    /// nothing
    #[arg(long)]
    pub dry_run: bool,
}

const EDIT_HELP: &str = "\n# Write the title on the first line and the description below it.\n# Lines starting with '#' are left out. An empty title files nothing.\n";

/// An option that was given must say something: an empty value (a script's unset
/// variable) is refused rather than silently replaced by the default.
fn given<'a>(value: Option<&'a str>, what: &str, fix: &str) -> Result<Option<&'a str>> {
    match value.map(str::trim) {
        Some("") => Err(usage(format!("--{what} is empty: {fix}"))),
        other => Ok(other),
    }
}

fn email(value: Option<&str>, me: &str, what: &str) -> Result<Option<String>> {
    match given(
        value,
        what,
        "give an email, or `me`, or leave the option out",
    )? {
        None => Ok(None),
        Some("me") => Ok(Some(me.to_string())),
        Some(v) if v.contains('@') && !v.contains(char::is_whitespace) => {
            Ok(Some(v.to_lowercase()))
        }
        Some(v) => Err(usage(format!(
            "--{what} '{v}' is not an email address: people are named by email (or `me`)"
        ))),
    }
}

pub fn run(session: &Session, args: NewArgs) -> Result<()> {
    // Validate everything before asking anything or writing anything.
    let desk = session.desk()?;
    let actor = desk.actor()?;
    let now = session.now()?;
    let ticket_type: TicketType = args.ticket_type.parse()?;
    let impact: Grade = args.impact.parse()?;
    let urgency: Grade = args.urgency.parse()?;
    let priority: Option<Priority> = args.priority.as_deref().map(str::parse).transpose()?;
    let tier: Option<Tier> = args.tier.as_deref().map(str::parse).transpose()?;
    for label in &args.labels {
        given(
            Some(label),
            "label",
            "give a label, or leave the option out",
        )?;
    }
    let labels = clean_labels(args.labels.iter().map(String::as_str))?;
    let service = given(
        args.service.as_deref(),
        "service",
        "name a service of the catalogue, or leave the option out",
    )?
    .map(str::to_string);
    let site = given(
        args.site.as_deref(),
        "site",
        "name a site of [sites] in desk.toml, or leave the option out",
    )?
    .map(str::to_string);
    let reason = given(
        args.reason.as_deref(),
        "reason",
        "say why the priority is set by hand, or leave the option out",
    )?
    .map(str::to_string);
    let assignee = email(args.assignee.as_deref(), &actor.email, "assignee")?;
    let owner = email(args.owner.as_deref(), &actor.email, "owner")?;
    let reporter = email(args.reporter.as_deref(), &actor.email, "reporter")?
        .unwrap_or_else(|| actor.email.clone());
    // One read of the desk serves the checks and the suggestions below.
    let snapshot = desk.snapshot()?;
    session.warn_about(&snapshot);
    {
        let services = &snapshot.config.services;
        if let Some(service) = service.as_deref() {
            if !services.is_empty() && !services.contains_key(service) {
                return Err(usage(format!(
                    "service '{service}' is not in the catalogue: use one of {} (or add it to [services] in desk.toml)",
                    services.keys().cloned().collect::<Vec<_>>().join(", ")
                )));
            }
        }
    }

    let mut title = args.title.join(" ");
    let mut description = args.message.clone().unwrap_or_default();
    if args.edit {
        let template = format!("{title}\n\n{description}{EDIT_HELP}");
        let written = super::editor::edit(&template, ".md")?;
        let kept: Vec<&str> = written.lines().filter(|l| !l.starts_with('#')).collect();
        let mut lines = kept.into_iter();
        title = lines.next().unwrap_or_default().to_string();
        description = lines.collect::<Vec<_>>().join("\n").trim().to_string();
        if title.trim().is_empty() {
            return Err(usage("the title is empty: nothing was filed"));
        }
    } else if title.trim().is_empty() && args.title.is_empty() {
        if !session.interactive() {
            return Err(usage(
                "no title given: pass one, e.g. `git desk new \"VPN drops every 10 minutes\"` (or --edit)",
            ));
        }
        title = dialoguer::Input::<String>::new()
            .with_prompt("Title")
            .interact_text()?;
        if description.is_empty() {
            description = dialoguer::Input::<String>::new()
                .with_prompt("Description (optional)")
                .allow_empty(true)
                .interact_text()?;
        }
    }
    let title = title.trim().to_string();
    if title.is_empty() {
        return Err(usage(
            "the title is empty: give the ticket a one-line title",
        ));
    }
    if title.contains('\n') {
        return Err(usage(
            "the title has a line break: keep it to one line and put the rest in -m TEXT",
        ));
    }
    // Level 0: articles (and known errors) that may answer it, before anyone works it.
    let words = format!("{title} {description}");
    // Only someone who can read them gets them: a person at the terminal, or --json.
    // Nobody else waits for them (a script, cron, mail): they are not even looked for.
    let suggested = if args.no_kb || !(args.json || session.interactive()) {
        Vec::new()
    } else {
        git_desk::kb::suggest(&snapshot, &words, SUGGESTIONS)?
    };
    // A dry run files nothing, so there is nothing to offer instead of filing.
    if !args.no_kb && !args.json && !args.dry_run && session.interactive() {
        let known = known_errors(&snapshot, &words, now)?;
        if (!suggested.is_empty() || !known.is_empty())
            && deflected(
                session, &desk, &snapshot, &actor, now, &title, &suggested, &known,
            )?
        {
            return Ok(());
        }
    }
    let priority = priority.map(|p| {
        let why = reason.unwrap_or_else(|| "set at filing".to_string());
        (p, why)
    });
    // What the reporter said, routed by desk.toml's rules; explicit choices win.
    let filing = Filing {
        ticket_type,
        description,
        impact,
        urgency,
        service,
        site,
        reporter,
        labels,
        major: args.major,
        ..Filing::new(title.clone(), "")
    };
    let change = Change::File(NewTicket {
        filing,
        tier,
        assignee,
        owner,
        priority,
    });
    if args.dry_run {
        let outcome = desk.apply(&actor, now, &[], &change, true)?;
        let ticket = outcome.ticket.expect("filing plans a ticket");
        return show_plan(
            session,
            &snapshot,
            now,
            &ticket,
            &outcome.routing_rules,
            &suggested,
            args.json,
        );
    }
    let outcome = desk.apply(&actor, now, &[], &change, false)?;
    let id = outcome.filed.expect("filing files a ticket");
    let snapshot = desk.snapshot()?;
    let ticket = snapshot.load(&id)?;
    let short = snapshot.short_id(&id)?;
    if args.json {
        let mut json = ticket.to_json(&short, true);
        if let Some(map) = json.as_object_mut() {
            map.insert("suggested_kb".into(), suggestions_json(&suggested));
        }
        session.out.json(&json)?;
    } else {
        session.out.line(id.as_str())?;
        session.out.info(format!(
            "filed {short}: {} L{} {}",
            ticket.priority,
            ticket.tier,
            sanitize_line(&ticket.title)
        ));
    }
    Ok(())
}

/// Problems marked known error whose title or analysis matches the words, best first.
fn known_errors(
    snapshot: &git_desk::store::Snapshot<'_>,
    words: &str,
    now: DateTime<Utc>,
) -> Result<Vec<(String, String, String)>> {
    let query = Query::parse(&["type:problem known_error:true is:active"])?;
    let ctx = QueryContext {
        me: None,
        now,
        config: Some(&snapshot.config),
    };
    // Every term is decided by the state: summaries suffice, no event log is decoded.
    let problems: Vec<TicketState> = snapshot
        .listing(None)?
        .summaries_where(&|t| query.matches_state(t, &ctx))
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    // Rank them as articles would be ranked: title, cause and workaround as the text.
    let as_articles: Vec<git_desk::kb::Article> = problems
        .iter()
        .map(|t| {
            let mut a = git_desk::kb::Article::new(
                t.id.to_string(),
                t.title.clone(),
                t.reporter.clone(),
                t.created,
            );
            a.body = format!(
                "{}\n{}\n{}",
                t.rca.symptoms.as_deref().unwrap_or_default(),
                t.rca.root_cause.as_deref().unwrap_or_default(),
                t.rca.workaround.as_deref().unwrap_or_default()
            );
            a
        })
        .collect();
    let hits = git_desk::kb::search(&as_articles, words);
    Ok(hits
        .into_iter()
        .take(2)
        .filter_map(|h| {
            let t = problems.iter().find(|t| t.id.as_str() == h.slug)?;
            Some((
                snapshot.short_id(&t.id).ok()?,
                t.title.clone(),
                t.rca.workaround.clone().unwrap_or_default(),
            ))
        })
        .collect())
}

/// What a dry run shows: the ticket as it would be filed, where routing sends it and
/// when its SLA clocks would fall due. Text on a terminal or in a pipe; with --json the
/// ticket as `new --json` prints it, ids null (none is drawn until it is filed), with
/// `dry_run`, `sla` and `routing`.
fn show_plan(
    session: &Session,
    snapshot: &git_desk::store::Snapshot<'_>,
    now: DateTime<Utc>,
    ticket: &git_desk::model::Ticket,
    rules: &[usize],
    suggested: &[git_desk::kb::Hit],
    json: bool,
) -> Result<()> {
    let config = &snapshot.config;
    let sla = git_desk::sla::evaluate(ticket, &config.matrix, config, now);
    let matched: Vec<(usize, &str)> = rules
        .iter()
        .map(|&n| {
            let when = config
                .routing
                .get(n.wrapping_sub(1))
                .map_or("", |r| r.when_text.as_str());
            (n, when)
        })
        .collect();
    if json {
        let mut out = ticket.to_json("", true);
        if let Some(map) = out.as_object_mut() {
            map.insert("id".into(), serde_json::Value::Null);
            map.insert("short_id".into(), serde_json::Value::Null);
            map.insert("dry_run".into(), serde_json::Value::Bool(true));
            map.insert("sla".into(), sla.to_json());
            let routing = matched
                .iter()
                .map(|(n, when)| serde_json::json!({"rule": n, "when": when}))
                .collect();
            map.insert("routing".into(), serde_json::Value::Array(routing));
            map.insert("suggested_kb".into(), suggestions_json(suggested));
        }
        session.out.json(&out)?;
        session.out.info("nothing filed (--dry-run)");
        return Ok(());
    }
    let none = "-".to_string();
    let mut lines: Vec<(&str, String)> = vec![
        ("title", sanitize_line(&ticket.title)),
        ("type", ticket.ticket_type.to_string()),
        (
            "priority",
            match &ticket.priority_reason {
                Some(why) => format!("{} ({})", ticket.priority, sanitize_line(why)),
                None => format!(
                    "{} (impact {} x urgency {})",
                    ticket.priority, ticket.impact, ticket.urgency
                ),
            },
        ),
        ("tier", config.tier_label(ticket.tier)),
        ("team", ticket.team.clone().unwrap_or_else(|| none.clone())),
        (
            "assignee",
            ticket.assignee.clone().unwrap_or_else(|| none.clone()),
        ),
        (
            "owner",
            ticket.owner.clone().unwrap_or_else(|| none.clone()),
        ),
        ("reporter", ticket.reporter.clone()),
    ];
    if let Some(service) = &ticket.service {
        lines.push(("service", sanitize_line(service)));
    }
    if let Some(site) = &ticket.site {
        lines.push(("site", sanitize_line(site)));
    }
    if !ticket.labels.is_empty() {
        lines.push(("labels", ticket.labels.join(", ")));
    }
    if ticket.major {
        lines.push(("major", "yes".into()));
    }
    let routing = if matched.is_empty() {
        "no rule matched".to_string()
    } else {
        matched
            .iter()
            .map(|(n, when)| format!("rule #{n} ({})", sanitize_line(when)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    lines.push(("routing", routing));
    for (name, clock) in [("response", &sla.response), ("resolution", &sla.resolution)] {
        let due = match clock.due {
            Some(due) => format!("due {}", due.format("%Y-%m-%d %H:%M UTC")),
            None => "paused".to_string(),
        };
        lines.push((name, format!("{due} (target {})", clock.target)));
    }
    for h in suggested {
        lines.push((
            "article",
            format!("kb {}  {}", h.slug, sanitize_line(&h.title)),
        ));
    }
    for (name, value) in lines {
        session.out.line(format!("{name:<10} {value}"))?;
    }
    session.out.info("nothing filed (--dry-run)");
    Ok(())
}

/// `[{slug, title, score}]`, best first.
fn suggestions_json(suggested: &[git_desk::kb::Hit]) -> serde_json::Value {
    suggested
        .iter()
        .map(|h| serde_json::json!({"slug": h.slug, "title": h.title, "score": h.score}))
        .collect()
}

/// What a person answers to "file it anyway?".
#[derive(Debug, PartialEq)]
enum Answer {
    /// File the ticket.
    File,
    /// Do not file it: something answered it.
    Drop,
    /// Show article `n` (1-based), then ask again.
    Read(usize),
}

/// Reads an answer: y/yes (or nothing, the default), n/no, or the number of one of
/// `articles` articles. `None` for anything else.
fn answer(text: &str, articles: usize) -> Option<Answer> {
    match text.trim().to_lowercase().as_str() {
        "" | "y" | "yes" => Some(Answer::File),
        "n" | "no" => Some(Answer::Drop),
        other => match other.parse::<usize>() {
            Ok(n) if (1..=articles).contains(&n) => Some(Answer::Read(n)),
            _ => None,
        },
    }
}

/// Shows what may answer the ticket, numbered, and asks whether to file it anyway; a
/// number shows that article's text and asks again. "No" records a Level 0 deflection
/// (one small commit) on the article the person read last, the one that answered it, and
/// only on an article they opened: a title nobody read deflected nothing, and one
/// deflection per ticket not filed keeps the reports' count of them honest.
#[allow(clippy::too_many_arguments)]
fn deflected(
    session: &Session,
    desk: &Desk,
    snapshot: &git_desk::store::Snapshot<'_>,
    actor: &Actor,
    now: DateTime<Utc>,
    title: &str,
    suggested: &[git_desk::kb::Hit],
    known: &[(String, String, String)],
) -> Result<bool> {
    use std::io::Write;
    let mut err = std::io::stderr().lock();
    // Only a person at a terminal sees these; a failed write there is not worth a panic.
    let _ = writeln!(err, "These may already answer it:");
    for (n, h) in suggested.iter().enumerate() {
        let _ = writeln!(
            err,
            "  {}  kb {}  {}",
            n + 1,
            h.slug,
            sanitize_line(&h.title)
        );
    }
    for (short, title, workaround) in known {
        let _ = writeln!(
            err,
            "  known error {short}  {}: workaround: {}",
            sanitize_line(title),
            sanitize_line(workaround)
        );
    }
    drop(err);
    let prompt = match suggested.len() {
        0 => "File the ticket anyway? [Y/n]".to_string(),
        1 => "File the ticket anyway? [Y/n, or 1 to read the article]".to_string(),
        n => format!("File the ticket anyway? [Y/n, or 1-{n} to read an article]"),
    };
    let mut read: Option<&git_desk::kb::Hit> = None;
    loop {
        let typed = dialoguer::Input::<String>::new()
            .with_prompt(&prompt)
            .allow_empty(true)
            .interact_text()?;
        match answer(&typed, suggested.len()) {
            Some(Answer::File) => return Ok(false),
            Some(Answer::Drop) => break,
            Some(Answer::Read(n)) => {
                let hit = &suggested[n - 1];
                let article = git_desk::kb::load(snapshot, &hit.slug)?;
                let text = super::kb::render(session, snapshot, &article);
                let mut err = std::io::stderr().lock();
                let _ = writeln!(err, "\n{}\n", text.trim_end());
                read = Some(hit);
            }
            None => session.out.warn(format!(
                "'{}' is not an answer: type y to file it, n if an article answered it{}",
                sanitize_line(typed.trim()),
                match suggested.len() {
                    0 => String::new(),
                    1 => ", or 1 to read the article".to_string(),
                    n => format!(", or 1-{n} to read an article"),
                }
            )),
        }
    }
    let Some(best) = read else {
        session
            .out
            .info("not filed (no article was opened, so no deflection is recorded)");
        return Ok(true);
    };
    let slug = best.slug.clone();
    let change = Change::Deflect {
        slug: slug.clone(),
        query: title.to_string(),
    };
    desk.apply(actor, now, &[], &change, false)?;
    session.out.info(format!(
        "not filed: glad kb {slug} helped (recorded as a Level 0 deflection)"
    ));
    Ok(true)
}

/// The most articles offered while filing.
const SUGGESTIONS: usize = 3;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_read_as_people_type_them() {
        assert_eq!(answer("", 3), Some(Answer::File));
        assert_eq!(answer(" Y ", 3), Some(Answer::File));
        assert_eq!(answer("yes", 0), Some(Answer::File));
        assert_eq!(answer("N", 3), Some(Answer::Drop));
        assert_eq!(answer("no", 3), Some(Answer::Drop));
        assert_eq!(answer("2", 3), Some(Answer::Read(2)));
        assert_eq!(answer("3", 3), Some(Answer::Read(3)));
        assert_eq!(answer("4", 3), None);
        assert_eq!(answer("0", 3), None);
        assert_eq!(answer("1", 0), None);
        assert_eq!(answer("maybe", 3), None);
    }
}
