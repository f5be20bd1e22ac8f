//! `git desk sla`: response and resolution clocks per ticket.

use anyhow::Result;
use clap::Args;
use comfy_table::Color;

use git_desk::selection::Choice;
use git_desk::sla::{evaluate_chosen, ClockState, SlaClock};
use git_desk::time::{format_age, parse_time, DisplayZone};

use super::output::{Fit, FitCell, Fitted};
use super::{usage, Session};

/// Response and resolution clocks per ticket: target, due time, working time used,
/// paused (pending), and state: ok, warning, breached (running, past due), met or missed
/// (stopped in time / late). Without a status term or a ticket id, tickets still being
/// worked.
#[derive(Args, Debug)]
pub struct SlaArgs {
    /// Query terms (as for `ls`), e.g. `sla:breached`, `tier:1`, or a ticket id (or the
    /// start of one)
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,
    /// Evaluate at this time instead of now (RFC 3339 or YYYY-MM-DD)
    #[arg(long, value_name = "TIME")]
    pub at: Option<String>,
    /// Include resolved and closed tickets
    #[arg(short, long)]
    pub all: bool,
    /// Print a JSON array: {id, short_id, priority, response, resolution}
    #[arg(long)]
    pub json: bool,
}

fn color(state: ClockState) -> Option<Color> {
    match state {
        ClockState::Breached | ClockState::Missed => Some(Color::Red),
        ClockState::Warning => Some(Color::Yellow),
        ClockState::Met => Some(Color::Green),
        ClockState::Ok => None,
    }
}

/// A clock as a cell, whole first (`breached 5h/4h due 11-22 13:00`, times in `zone`),
/// then shorter forms for a narrow terminal that keep its state and due time
/// (`breached 11-22 13:00`, `breached 13:00`: see [`DisplayZone::near`]).
fn describe(
    clock: &SlaClock,
    zone: &DisplayZone,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<String> {
    let used = format!(
        "{} {}/{}",
        clock.state,
        format_age(clock.elapsed_seconds),
        clock.target
    );
    let running = matches!(
        clock.state,
        ClockState::Ok | ClockState::Warning | ClockState::Breached
    );
    match clock.due {
        _ if clock.paused => vec![format!("{used} paused"), format!("{} paused", clock.state)],
        Some(due) if running => vec![
            format!("{used} due {}", zone.format(due, "%m-%d %H:%M")),
            format!("{} {}", clock.state, zone.format(due, "%m-%d %H:%M")),
            format!("{} {}", clock.state, zone.near(due, now)),
        ],
        _ => vec![used, clock.state.to_string()],
    }
}

pub fn run(session: &Session, args: SlaArgs) -> Result<()> {
    let now = match &args.at {
        Some(text) => parse_time(text).ok_or_else(|| {
            usage(format!(
                "--at '{text}' is not a time: use RFC 3339 (2026-11-22T09:00:00Z) or YYYY-MM-DD"
            ))
        })?,
        None => session.now()?,
    };
    let choice = Choice {
        all: args.all,
        sort: Some("priority"),
        limit: None,
        whole: true,
    };
    let (selection, config) = super::ls::select(session, &args.query, &choice, now)?;
    let rows: Vec<_> = selection
        .iter()
        .zip(evaluate_chosen(&selection, &config, now))
        .collect();
    if args.json {
        let list = rows
            .iter()
            .map(|(t, s)| {
                serde_json::json!({
                    "id": t.id.as_str(),
                    "short_id": selection.short_id(t),
                    "priority": s.priority.to_string(),
                    "response": s.response.to_json(),
                    "resolution": s.resolution.to_json(),
                })
            })
            .collect();
        return Ok(session.out.json(&serde_json::Value::Array(list))?);
    }
    if rows.is_empty() {
        session.out.info("no tickets match");
        return Ok(());
    }
    let out = &session.out;
    let zone = out.zone(config.display_zone);
    // On a narrow terminal the clocks give way to their state and due time, so the
    // title keeps some width.
    let mut table = Fitted::new(&[
        ("ID", Fit::Keep),
        ("PRI", Fit::Keep),
        ("TIER", Fit::Keep),
        ("STATUS", Fit::Keep),
        ("RESPONSE", Fit::Shorten),
        ("RESOLUTION", Fit::Shorten),
        ("TITLE", Fit::Fill),
    ]);
    for (t, s) in &rows {
        table.push(vec![
            FitCell::new(&selection.short_id(t), None),
            FitCell::new(&s.priority.to_string(), None),
            FitCell::new(&format!("L{}", t.tier), None),
            FitCell::new(t.status.as_str(), None),
            FitCell::forms(describe(&s.response, &zone, now), color(s.response.state)),
            FitCell::forms(
                describe(&s.resolution, &zone, now),
                color(s.resolution.state),
            ),
            FitCell::new(&t.title, None),
        ]);
    }
    out.print_fitted(&table)?;
    Ok(())
}
