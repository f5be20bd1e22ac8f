//! `git desk new`: file a ticket.

use anyhow::Result;
use clap::Args;

use git_desk::model::{Filing, Level, Priority, TicketType, Tier};
use git_desk::query::QueryContext;
use git_desk::routing::route;
use git_desk::store::Summary;
use git_desk::workflow::clean_labels;

use super::output::sanitize_line;
use super::{usage, Session};

/// File a ticket. Prints its full id (with --json, the ticket). With no title on a
/// terminal it asks; --edit writes title and description in $EDITOR.
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
    /// Print the filed ticket as JSON
    #[arg(long)]
    pub json: bool,
}

const EDIT_HELP: &str = "\n# Write the title on the first line and the description below it.\n# Lines starting with '#' are left out. An empty title files nothing.\n";

fn email(value: Option<&str>, me: &str, what: &str) -> Result<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
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
    let impact: Level = args.impact.parse()?;
    let urgency: Level = args.urgency.parse()?;
    let priority: Option<Priority> = args.priority.as_deref().map(str::parse).transpose()?;
    let tier: Option<Tier> = args.tier.as_deref().map(str::parse).transpose()?;
    let labels = clean_labels(args.labels.iter().map(String::as_str))?;
    let assignee = email(args.assignee.as_deref(), &actor.email, "assignee")?;
    let owner = email(args.owner.as_deref(), &actor.email, "owner")?;
    let reporter = email(args.reporter.as_deref(), &actor.email, "reporter")?
        .unwrap_or_else(|| actor.email.clone());
    {
        let snapshot = desk.snapshot()?;
        session.warn_about(&snapshot);
        let services = &snapshot.config.services;
        if let Some(service) = args.service.as_deref().filter(|s| !s.trim().is_empty()) {
            if !services.is_empty() && !services.contains_key(service.trim()) {
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
    let priority_reason = priority.map(|_| {
        args.reason
            .clone()
            .filter(|r| !r.trim().is_empty())
            .unwrap_or_else(|| "set at filing".to_string())
    });
    // What the reporter said, routed by desk.toml's rules; explicit choices win.
    let filing = Filing {
        ticket_type,
        description,
        impact,
        urgency,
        service: args.service.clone().filter(|s| !s.trim().is_empty()),
        reporter,
        labels,
        major: args.major,
        ..Filing::new(title.clone(), "")
    };
    let mut id = None;
    desk.transact(&actor, now, false, |tx| {
        let config = &tx.snapshot().config;
        let mut filing = filing.clone();
        filing.team = config.tier(filing.tier).team.clone();
        let ctx = QueryContext {
            me: Some(tx.actor().email.clone()),
            now,
            config: Some(config),
        };
        let routed = route(&mut filing, config, &ctx, &mut |team, members| {
            desk.next_in_turn(team, members)
        })?;
        if let Some(t) = tier {
            filing.tier = t;
            filing.team = config.tier(t).team.clone();
        }
        if assignee.is_some() {
            filing.assignee = assignee.clone();
        }
        if owner.is_some() {
            filing.owner = owner.clone();
        }
        if priority.is_some() {
            filing.priority = priority;
            filing.priority_reason = priority_reason.clone();
        }
        let new_id = tx.create(filing.clone())?;
        let short = tx.snapshot().short_id(&new_id)?;
        let mut summary = Summary::new(format!("new {short}: {title}"), "new");
        summary.tiers.push(filing.tier.to_string());
        if let Some((team, member)) = &routed.round_robin {
            if filing.assignee.as_deref() == Some(member.as_str()) {
                summary
                    .trailers
                    .push(format!("Desk-Routed: {team} {member}"));
            }
        }
        id = Some(new_id);
        Ok(summary)
    })?;
    let id = id.expect("transact ran the change");
    let snapshot = desk.snapshot()?;
    let ticket = snapshot.load(&id)?;
    let short = snapshot.short_id(&id)?;
    if args.json {
        session.out.json(&ticket.to_json(&short, true))?;
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
