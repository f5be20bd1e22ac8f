//! `git desk ls`: list tickets matching a query.

use anyhow::Result;
use clap::Args;

use git_desk::config::DeskConfig;
use git_desk::model::field::SORT_KEY_NAMES;
use git_desk::query::{Query, QueryContext};
use git_desk::selection::{self, Choice, Selection};
use git_desk::time::format_age;

use super::output::{priority_color, status_color};
use super::Session;

/// List tickets matching a query (all terms must hold), e.g.
/// `git desk ls tier:2 priority:<=P2 label:vpn`, `git desk ls assignee:me`, `git desk ls vpn`.
/// Without a status term (status: or is:) only tickets still being worked are listed;
/// --all lists done ones too.
///
/// Fields: id, title, type, status, tier, priority, impact, urgency, service, team, owner,
/// assignee, reporter, label, major, known_error, problem, vendor, site, is (open, paused,
/// done, active), sla (ok, warning, breached, met, missed), followup (due, set, none), age,
/// updated, created. `field:a,b` is any of, `-field:x` is not,
/// `priority:<=P2`, `age:>4h`, `created:2026-11-02` (that whole day), `me` is you, `none`
/// is empty; bare words search title, description and comments, except a ticket id or
/// the start of one (6 characters or more, as ids are shown; `id:PREFIX` for fewer), which selects that ticket
/// whatever its status.
#[derive(Args, Debug)]
pub struct LsArgs {
    /// Query terms, e.g. `tier:2 label:vpn`, `created:2026-11-02` (that whole day); a
    /// ticket id, or its start (6 characters or more; `id:PREFIX` for fewer), selects that ticket
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// The field to sort by (see [`sort_help`]).
    #[arg(
        long,
        value_name = "FIELD",
        default_value = SORT_KEY_NAMES[0],
        allow_hyphen_values = true,
        help = sort_help()
    )]
    pub sort: String,
    /// At most N tickets
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    /// Include resolved and closed tickets
    #[arg(short, long)]
    pub all: bool,
    /// Print full ids only, one per line (for piping into --stdin)
    #[arg(long, conflicts_with = "json")]
    pub ids: bool,
    /// Print a JSON array of tickets
    #[arg(long)]
    pub json: bool,
}

/// `--sort`'s help: the registry's sort keys, in order (the first is the default).
fn sort_help() -> String {
    let (last, others) = SORT_KEY_NAMES.split_last().expect("there are sort keys");
    format!(
        "Sort by {} or {last}; prefix - to reverse",
        others.join(", ")
    )
}

/// Adds the `sla` object (as `git desk sla --json` gives it) to a ticket's JSON.
pub fn with_sla(
    mut json: serde_json::Value,
    t: &git_desk::model::Ticket,
    config: &git_desk::config::DeskConfig,
    now: chrono::DateTime<chrono::Utc>,
) -> serde_json::Value {
    let status = git_desk::sla::evaluate(t, &config.matrix, config, now);
    if let Some(map) = json.as_object_mut() {
        map.insert("sla".into(), status.to_json());
    }
    json
}

/// Reads the desk and chooses tickets by `terms` at `now`, as `ls` and `sla` choose them
/// (see [`git_desk::selection::select`]); snapshot warnings and broken files are warned
/// about. Gives the selection and the desk's configuration.
pub fn select(
    session: &Session,
    terms: &[String],
    choice: &Choice<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(Selection, DeskConfig)> {
    let query = Query::parse(terms)?;
    let desk = session.desk()?;
    let me = desk.actor().ok().map(|a| a.email);
    let snapshot = desk.snapshot()?;
    session.warn_about(&snapshot);
    let listing = session.listing(&snapshot)?;
    let ctx = QueryContext {
        me,
        now,
        config: Some(&snapshot.config),
    };
    let selection = selection::select(listing, query, choice, &ctx)?;
    Ok((selection, snapshot.config.clone()))
}

pub fn run(session: &Session, args: LsArgs) -> Result<()> {
    let now = session.now()?;
    let choice = Choice {
        all: args.all,
        sort: Some(&args.sort),
        limit: args.limit,
        whole: args.json,
    };
    let (selection, config) = select(session, &args.query, &choice, now)?;
    if args.ids {
        let mut text = String::with_capacity(selection.len() * 17);
        for id in selection.ids() {
            text.push_str(id);
            text.push('\n');
        }
        use std::io::Write;
        std::io::stdout().lock().write_all(text.as_bytes())?;
        return Ok(());
    }
    if args.json {
        // Whole tickets a batch at a time, so memory holds summaries, not every event log.
        let matching: Vec<_> = selection.iter().collect();
        return Ok(session.out.json_array_par(&matching, |t| {
            let t = selection.whole(*t);
            with_sla(t.to_json(&selection.short_id(&t), false), &t, &config, now)
        })?);
    }
    if selection.is_empty() {
        session.out.info("no tickets match");
        return Ok(());
    }
    let out = &session.out;
    let mut table = out.table(&[
        "ID", "PRI", "TIER", "STATUS", "TYPE", "ASSIGNEE", "AGE", "TITLE",
    ]);
    for t in selection.iter() {
        table.add_row(out.row(vec![
            out.cell(&selection.short_id(&t), None),
            out.cell(&t.priority.to_string(), priority_color(t.priority)),
            out.cell(&format!("L{}", t.tier), None),
            out.cell(t.status.as_str(), status_color(t.status)),
            out.cell(t.ticket_type.as_str(), None),
            out.cell(
                t.assignee.as_deref().or(t.team.as_deref()).unwrap_or("-"),
                None,
            ),
            out.cell(&format_age((now - t.created).num_seconds()), None),
            out.cell(&t.title, None),
        ]));
    }
    out.print_table(&table)?;
    Ok(())
}
