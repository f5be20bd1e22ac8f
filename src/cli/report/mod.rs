//! `git desk report`: the service desk's KPIs as tables, JSON, CSV, a chart or an HTML page.
//!
//! The library computes the figures ([`git_desk::report::Report`]); how they look lives
//! here, one module per form: table cells, the terminal chart, CSV, the HTML page and its
//! SVG charts. Each is a pure function returning a string: `run` decides where it goes.

use std::path::PathBuf;

use anyhow::{Context, Result};
use chrono::Duration;
use clap::Args;

use git_desk::model::field::GROUP_KEY_NAMES;
use git_desk::report::{self, Window, GROUPINGS, METRIC_ORDER};
use git_desk::time::parse_time;

use super::output::sanitize_line;
use super::{usage, Session};

mod cells;
mod chart;
mod csv;
mod html;
mod svg;
#[cfg(test)]
mod tests;

const DEFINITIONS: &str = "\
Metrics, for the window [since, until) (default: the 30 days up to now), each ticket as it
stood at `until` (later events do not change a past window):
  opened                     tickets filed in the window
  resolved                   tickets resolved or closed in the window and not reopened by
                             `until` (a reopen after `until` does not undo it)
  backlog                    filed before `until` and not resolved or closed then; by age then:
                             backlog_0_1d, backlog_1_5d, backlog_5_30d, backlog_over_30d
  time_to_first_response     working time (SLA calendar, pending excluded) to the first
                             response, for responses in the window: mean, median, p90
  time_to_resolution         the same to the resolution, for the `resolved` tickets
  first_contact_resolution   resolved at tier 0-1, never escalated before it / resolved
  escalation_rate            tickets escalated in the window / tickets handled (open at some
                             moment of the window)
  escalation_rate_lN         escalated out of tier N in the window / handled at tier N
  sla_compliance_response    clocks met / (met + missed, stopped in the window, + breached and
  sla_compliance_resolution  still running at `until`); sla_compliance: both together
  reopen_rate                tickets reopened by `until` after a resolution in the window /
                             tickets resolved at least once in the window
  csat                       sum of scores / ratings given in the window (the average)
  csat_response_rate         resolved tickets rated after their resolution / resolved
  deflection                 resolved at tier 0-1 with a KB article linked at the resolution
                             / resolved
  kb_deflections             people who read an article instead of filing, in the window
--by {GROUPS}: where the ticket stood at `until`; --by week: of filing.
The weekly chart covers the weeks of the window from the desk's first ticket; a window of
more than 520 weeks shows only the weeks with activity, at most the latest 520.
Durations are working time on each ticket's SLA calendar (24x7 is wall-clock).";

/// The definitions after `--help`, naming the registry's report groups.
fn definitions() -> String {
    DEFINITIONS.replace("{GROUPS}", &GROUP_KEY_NAMES.join("|"))
}

/// `--by`'s help: the registry's report groups, then `week`.
fn by_help() -> String {
    format!(
        "Also per {} or week (of filing)",
        GROUP_KEY_NAMES.join(", ")
    )
}

/// The KPIs of SPEC 7 over a window, optionally per tier, team, service, priority or
/// week, computed from the tickets' events alone.
#[derive(Args, Debug)]
#[command(after_long_help = definitions())]
pub struct ReportArgs {
    /// Start of the window (YYYY-MM-DD or RFC 3339; default: 30 days before --until)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// End of the window, exclusive (default: now)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// The group to report per too (see [`by_help`]).
    #[arg(long, value_name = "GROUP", help = by_help())]
    pub by: Option<String>,
    /// Print JSON: {"window", "metrics", "groups"...}
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV: group, metric, value, numerator, denominator, durations
    #[arg(long)]
    pub csv: bool,
    /// Write a self-contained HTML page with charts to FILE instead of the text report
    /// (--json and --csv still print)
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
}

fn time(flag: &str, text: &str) -> Result<chrono::DateTime<chrono::Utc>> {
    parse_time(text).ok_or_else(|| {
        usage(format!(
            "--{flag} '{text}' is not a date: use YYYY-MM-DD or RFC 3339"
        ))
    })
}

pub fn run(session: &Session, args: ReportArgs) -> Result<()> {
    let until = match &args.until {
        Some(t) => time("until", t)?,
        None => session.now()?,
    };
    let since = match &args.since {
        Some(t) => time("since", t)?,
        None => until - Duration::days(30),
    };
    if since >= until {
        return Err(usage("--since must be before --until"));
    }
    if let Some(by) = &args.by {
        if !GROUPINGS.contains(&by.as_str()) {
            return Err(usage(format!(
                "cannot group by '{by}': use one of {}",
                GROUPINGS.join(", ")
            )));
        }
    }
    let desk = session.desk()?;
    let snapshot = desk.snapshot()?;
    session.warn_about(&snapshot);
    let listing = session.listing(&snapshot)?;
    let articles = super::kb::load_all(session, &snapshot)?;
    let report = report::compute_listed(
        &listing,
        &articles,
        &snapshot.config,
        Window { since, until },
        args.by.as_deref(),
    );
    if let Some(path) = &args.html {
        let title = format!("{}: report", snapshot.config.name);
        std::fs::write(path, html::to_html(&report, &title))
            .with_context(|| format!("cannot write {}", path.display()))?;
        session.out.info(format!("wrote {}", path.display()));
        // The page is what was asked for: the text report would bury that line.
        if !args.json && !args.csv {
            return Ok(());
        }
    }
    if args.json {
        return Ok(session.out.json(&report.to_json())?);
    }
    if args.csv {
        use std::io::Write;
        return Ok(std::io::stdout()
            .lock()
            .write_all(csv::to_csv(&report).as_bytes())?);
    }
    print_tables(session, &report)
}

fn print_tables(session: &Session, report: &report::Report) -> Result<()> {
    let out = &session.out;
    let day = |t: chrono::DateTime<chrono::Utc>| t.format("%Y-%m-%d %H:%M").to_string();
    let prose = |text: String| -> String {
        match out.columns() {
            Some(columns) => git_desk::text::wrap(&text, columns, columns).join("\n"),
            None => text,
        }
    };
    out.line(prose(format!(
        "{} to {} (durations: {})",
        day(report.window.since),
        day(report.window.until),
        report.time_basis
    )))?;
    let mut sections: Vec<(String, &report::Metrics)> =
        vec![("all tickets".to_string(), &report.metrics)];
    for (key, metrics) in &report.groups {
        sections.push((
            format!(
                "{} {}",
                report.grouped_by.as_deref().unwrap_or_default(),
                key
            ),
            metrics,
        ));
    }
    for (name, metrics) in sections {
        out.line("")?;
        let mut table = out.table(&["METRIC", &sanitize_line(&name).to_uppercase()]);
        for metric in METRIC_ORDER {
            if let Some(m) = metrics.get(*metric) {
                table.add_row(out.row(vec![
                    out.cell(metric, None),
                    out.cell(&cells::format_metric(metric, m), None),
                ]));
            }
        }
        out.print_table(&table)?;
    }
    out.line("")?;
    let unicode = std::env::var("LANG")
        .or_else(|_| std::env::var("LC_ALL"))
        .is_ok_and(|l| l.to_uppercase().contains("UTF-8") || l.to_uppercase().contains("UTF8"));
    // The terminal's width; 80 columns for files and pipes, as always.
    let width = out.columns().unwrap_or(80);
    out.line(chart::weekly_chart(report, unicode, width).trim_end())?;
    if let (true, Some(first), Some(last)) =
        (report.weeks_cut, report.weeks.first(), report.weeks.last())
    {
        out.line(prose(format!(
            "(weeks {} to {} shown: a window of more than {max} weeks shows only the weeks with activity, at most the latest {max}; narrow it with --since and --until for others)",
            report::week_label(first.start),
            report::week_label(last.start),
            max = report::MAX_WEEKS,
        )))?;
    }
    for (title, list) in [
        ("services", &report.top_services),
        ("labels", &report.top_labels),
    ] {
        if list.is_empty() {
            continue;
        }
        out.line("")?;
        let mut table = out.table(&[
            &format!("TOP {}", title.to_uppercase()),
            "FILED",
            "BEFORE",
            "CHANGE",
        ]);
        for t in list {
            let change = t.count as i64 - t.previous as i64;
            table.add_row(out.row(vec![
                out.cell(&t.name, None),
                out.cell(&t.count.to_string(), None),
                out.cell(&t.previous.to_string(), None),
                out.cell(&format!("{change:+}"), None),
            ]));
        }
        out.print_table(&table)?;
    }
    Ok(())
}
