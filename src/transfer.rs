//! Moving tickets in and out in bulk: `git desk export` (JSON in the `--json` shape, or
//! CSV with a header row) and `git desk import` (those, or the JSON of
//! `gh issue list --json number,title,body,labels,state,createdAt,closedAt,author,comments`).
//!
//! An import is parsed and validated whole before anything is written; the first bad row
//! is an error naming its row number and field.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde_json::Value as Json;
use toml::{Table, Value};

use crate::clock::parse_time;
use crate::config::DeskConfig;
use crate::error::DeskError;
use crate::model::{Action, Event, Filing, PendingReason, Status, Ticket, TicketId};
use crate::workflow::clean_labels;

/// The formats `import` reads.
pub const IMPORT_FORMATS: &[&str] = &["json", "csv", "github"];

/// The columns of the CSV export (and the ones CSV import reads), in order.
pub const CSV_FIELDS: &[&str] = &[
    "id",
    "title",
    "type",
    "status",
    "pending_reason",
    "tier",
    "priority",
    "priority_reason",
    "impact",
    "urgency",
    "service",
    "team",
    "owner",
    "assignee",
    "reporter",
    "labels",
    "major",
    "created",
    "updated",
    "resolution",
    "external_ref",
    "description",
];

/// A ticket's CSV row, in [`CSV_FIELDS`] order. Labels are joined with commas.
pub fn csv_row(t: &Ticket) -> Vec<String> {
    let time = |d: DateTime<Utc>| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    vec![
        t.id.to_string(),
        t.title.clone(),
        t.ticket_type.to_string(),
        t.status.to_string(),
        t.pending_reason.map(|p| p.to_string()).unwrap_or_default(),
        t.tier.to_string(),
        t.priority.to_string(),
        opt(&t.priority_reason),
        t.impact.to_string(),
        t.urgency.to_string(),
        opt(&t.service),
        opt(&t.team),
        opt(&t.owner),
        opt(&t.assignee),
        t.reporter.clone(),
        t.labels.join(","),
        t.major.to_string(),
        time(t.created),
        time(t.updated),
        opt(&t.resolution),
        opt(&t.external_ref),
        t.description.clone(),
    ]
}

/// Who imports, when, and with which priority matrix.
pub struct ImportContext<'a> {
    /// The acting person's email: reporter and author where the data names none.
    pub actor: &'a str,
    /// Now: the filing time where the data gives none.
    pub now: DateTime<Utc>,
    /// The desk's configuration (priority matrix, tiers' teams).
    pub config: &'a DeskConfig,
}

fn row_error(row: usize, field: &str, reason: impl std::fmt::Display) -> DeskError {
    DeskError::invalid(format!(
        "row {row}: {field}: {reason}; nothing was imported (fix the row and import again)"
    ))
}

/// Parses a whole import into tickets, or the first bad row's error.
pub fn parse(format: &str, text: &str, ctx: &ImportContext<'_>) -> Result<Vec<Ticket>, DeskError> {
    // Imported tickets go to the tiers' teams of desk.toml: a rule it must be able to read.
    ctx.config.rules()?;
    let tickets = match format {
        "json" => parse_json(text, ctx)?,
        "csv" => parse_csv(text, ctx)?,
        "github" => parse_github(text, ctx)?,
        other => {
            return Err(DeskError::invalid(format!(
                "unknown import format '{other}': use one of {}",
                IMPORT_FORMATS.join(", ")
            )))
        }
    };
    let mut seen = HashSet::new();
    for (i, t) in tickets.iter().enumerate() {
        if !seen.insert(t.id.clone()) {
            return Err(row_error(i + 1, "id", format!("{} appears twice", t.id)));
        }
    }
    Ok(tickets)
}

/// A filing from named fields (a CSV row, a JSON object without events), then the events
/// that bring it to its status.
fn from_fields(
    row: usize,
    get: &dyn Fn(&str) -> Option<String>,
    ctx: &ImportContext<'_>,
) -> Result<Ticket, DeskError> {
    let field = |name: &str| {
        get(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let title = field("title")
        .ok_or_else(|| row_error(row, "title", "missing: every ticket needs a title"))?;
    if title.contains('\n') {
        return Err(row_error(row, "title", "has a line break"));
    }
    let mut filing = Filing::new(
        title,
        field("reporter").unwrap_or_else(|| ctx.actor.to_string()),
    );
    macro_rules! parsed {
        ($name:literal) => {
            field($name)
                .map(|v| v.parse())
                .transpose()
                .map_err(|e: DeskError| row_error(row, $name, e))?
        };
    }
    if let Some(t) = parsed!("type") {
        filing.ticket_type = t;
    }
    if let Some(i) = parsed!("impact") {
        filing.impact = i;
    }
    if let Some(u) = parsed!("urgency") {
        filing.urgency = u;
    }
    if let Some(t) = parsed!("tier") {
        filing.tier = t;
    }
    let status: Option<Status> = parsed!("status");
    let pending: Option<PendingReason> = parsed!("pending_reason");
    filing.priority = parsed!("priority");
    if filing.priority.is_some() {
        filing.priority_reason =
            Some(field("priority_reason").unwrap_or_else(|| "imported".into()));
    }
    filing.service = field("service");
    filing.team = field("team").or_else(|| ctx.config.tier(filing.tier).team.clone());
    filing.assignee = field("assignee").map(|a| a.to_lowercase());
    filing.owner = field("owner").map(|a| a.to_lowercase());
    filing.reporter = filing.reporter.to_lowercase();
    filing.description = get("description").unwrap_or_default();
    filing.external_ref = field("external_ref");
    filing.labels =
        clean_labels(field("labels").as_deref()).map_err(|e| row_error(row, "labels", e))?;
    filing.major = match field("major").as_deref() {
        None | Some("false") | Some("no") => false,
        Some("true") | Some("yes") => true,
        Some(other) => {
            return Err(row_error(
                row,
                "major",
                format!("'{other}' is not true or false"),
            ))
        }
    };
    let time = |name: &str| -> Result<Option<DateTime<Utc>>, DeskError> {
        field(name)
            .map(|v| {
                parse_time(&v)
                    .ok_or_else(|| row_error(row, name, format!("'{v}' is not an RFC 3339 time")))
            })
            .transpose()
    };
    let created = time("created")?.unwrap_or(ctx.now);
    let updated = time("updated")?.unwrap_or(created).max(created);
    let id = match field("id") {
        Some(id) => TicketId::parse(&id).map_err(|e| row_error(row, "id", e))?,
        None => TicketId::generate(),
    };
    let by = filing.reporter.clone();
    let mut t = Ticket::file(id, filing, &by, created, &ctx.config.matrix);
    let actor = ctx.actor;
    match status {
        None | Some(Status::New) => {}
        Some(Status::Resolved) | Some(Status::Closed) => {
            let resolution = field("resolution").unwrap_or_else(|| "resolved before import".into());
            t.record(
                Action::Resolved {
                    resolution,
                    code: Some("imported".into()),
                    kb: None,
                },
                actor,
                updated,
                &ctx.config.matrix,
            );
            if status == Some(Status::Closed) {
                t.record(
                    Action::StatusChanged {
                        to: Status::Closed,
                        pending_reason: None,
                        reason: None,
                    },
                    actor,
                    updated,
                    &ctx.config.matrix,
                );
            }
        }
        Some(Status::Pending) => {
            let reason = pending.ok_or_else(|| {
                row_error(
                    row,
                    "pending_reason",
                    "a pending ticket needs one: customer, vendor, change or problem",
                )
            })?;
            t.record(
                Action::StatusChanged {
                    to: Status::Pending,
                    pending_reason: Some(reason),
                    reason: None,
                },
                actor,
                updated,
                &ctx.config.matrix,
            );
        }
        Some(to) => t.record(
            Action::StatusChanged {
                to,
                pending_reason: None,
                reason: None,
            },
            actor,
            updated,
            &ctx.config.matrix,
        ),
    }
    Ok(t)
}

fn parse_csv(text: &str, ctx: &ImportContext<'_>) -> Result<Vec<Ticket>, DeskError> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| row_error(1, "header", e))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect::<Vec<_>>();
    if let Some(unknown) = headers.iter().find(|h| !CSV_FIELDS.contains(&h.as_str())) {
        return Err(row_error(
            1,
            unknown,
            format!(
                "is not a column git-desk knows: use {}",
                CSV_FIELDS.join(", ")
            ),
        ));
    }
    if !headers.iter().any(|h| h == "title") {
        return Err(row_error(1, "title", "the header has no title column"));
    }
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        // Row numbers as a spreadsheet shows them: the header is row 1.
        let row = i + 2;
        let record = record.map_err(|e| row_error(row, "row", e))?;
        let get = |name: &str| {
            headers
                .iter()
                .position(|h| h == name)
                .and_then(|p| record.get(p))
                .map(str::to_string)
        };
        out.push(from_fields(row, &get, ctx)?);
    }
    Ok(out)
}

/// JSON to TOML, for events read back from an export (times stay strings; the event
/// reader accepts RFC 3339 strings).
fn to_toml(v: &Json) -> Option<Value> {
    Some(match v {
        Json::Null => return None,
        Json::Bool(b) => Value::Boolean(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i),
            None => Value::Float(n.as_f64()?),
        },
        Json::String(s) => Value::String(s.clone()),
        Json::Array(items) => Value::Array(items.iter().filter_map(to_toml).collect()),
        Json::Object(map) => Value::Table(
            map.iter()
                .filter_map(|(k, v)| to_toml(v).map(|v| (k.clone(), v)))
                .collect::<Table>(),
        ),
    })
}

fn parse_json(text: &str, ctx: &ImportContext<'_>) -> Result<Vec<Ticket>, DeskError> {
    let value: Json = serde_json::from_str(text).map_err(|e| {
        DeskError::invalid(format!(
            "the file is not JSON (line {}: {e}): nothing was imported",
            e.line()
        ))
    })?;
    let items = value
        .as_array()
        .ok_or_else(|| DeskError::invalid("the JSON is not an array of tickets (as `git desk export` writes): nothing was imported"))?;
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let row = i + 1;
        let obj = item
            .as_object()
            .ok_or_else(|| row_error(row, "ticket", "is not an object"))?;
        match obj.get("events") {
            Some(Json::Array(events)) => {
                let id = obj
                    .get("id")
                    .and_then(Json::as_str)
                    .ok_or_else(|| row_error(row, "id", "missing"))?;
                let id = TicketId::parse(id).map_err(|e| row_error(row, "id", e))?;
                let events = events
                    .iter()
                    .enumerate()
                    .map(|(j, e)| match to_toml(e) {
                        Some(Value::Table(t)) => Event::from_table(t)
                            .map_err(|reason| row_error(row, &format!("events[{j}]"), reason)),
                        _ => Err(row_error(row, &format!("events[{j}]"), "is not an object")),
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                let t = Ticket::fold(id, events, Table::new(), &ctx.config.matrix)
                    .map_err(|reason| row_error(row, "events", reason))?;
                out.push(t);
            }
            Some(_) => return Err(row_error(row, "events", "is not an array")),
            None => {
                let get = |name: &str| match obj.get(name) {
                    Some(Json::String(s)) => Some(s.clone()),
                    Some(Json::Array(a)) => Some(
                        a.iter()
                            .filter_map(Json::as_str)
                            .collect::<Vec<_>>()
                            .join(","),
                    ),
                    Some(Json::Null) | None => None,
                    Some(other) => Some(other.to_string()),
                };
                out.push(from_fields(row, &get, ctx)?);
            }
        }
    }
    Ok(out)
}

fn parse_github(text: &str, ctx: &ImportContext<'_>) -> Result<Vec<Ticket>, DeskError> {
    let value: Json = serde_json::from_str(text).map_err(|e| {
        DeskError::invalid(format!(
            "the file is not JSON (line {}: {e}): nothing was imported",
            e.line()
        ))
    })?;
    let items = value.as_array().ok_or_else(|| {
        DeskError::invalid("expected the array of `gh issue list --json number,title,body,labels,state,createdAt,closedAt,author,comments`: nothing was imported")
    })?;
    let login = |v: Option<&Json>| {
        v.and_then(|a| a.get("login"))
            .and_then(Json::as_str)
            .map(|l| format!("{}@users.noreply.github.com", l.to_lowercase()))
    };
    let time =
        |row: usize, name: &str, v: Option<&Json>| -> Result<Option<DateTime<Utc>>, DeskError> {
            match v.and_then(Json::as_str) {
                None => Ok(None),
                Some(s) => parse_time(s)
                    .map(Some)
                    .ok_or_else(|| row_error(row, name, format!("'{s}' is not an RFC 3339 time"))),
            }
        };
    let mut out = Vec::new();
    for (i, issue) in items.iter().enumerate() {
        let row = i + 1;
        let number = issue
            .get("number")
            .and_then(Json::as_i64)
            .ok_or_else(|| row_error(row, "number", "missing"))?;
        let title = issue
            .get("title")
            .and_then(Json::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| row_error(row, "title", "missing"))?;
        let reporter = login(issue.get("author")).unwrap_or_else(|| ctx.actor.to_string());
        let labels: Vec<String> = issue
            .get("labels")
            .and_then(Json::as_array)
            .map(|ls| {
                ls.iter()
                    .filter_map(|l| l.get("name").and_then(Json::as_str))
                    .map(|n| n.replace(' ', "-"))
                    .collect()
            })
            .unwrap_or_default();
        let mut filing = Filing::new(title.replace('\n', " "), reporter.clone());
        filing.team = ctx.config.tier(filing.tier).team.clone();
        filing.description = issue
            .get("body")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_string();
        filing.labels = clean_labels(labels.iter().map(String::as_str))
            .map_err(|e| row_error(row, "labels", e))?;
        filing.external_ref = Some(format!("github#{number}"));
        let created = time(row, "createdAt", issue.get("createdAt"))?.unwrap_or(ctx.now);
        let mut t = Ticket::file(
            TicketId::generate(),
            filing,
            &reporter,
            created,
            &ctx.config.matrix,
        );
        for (j, c) in issue
            .get("comments")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let body = c
                .get("body")
                .and_then(Json::as_str)
                .unwrap_or_default()
                .trim()
                .to_string();
            if body.is_empty() {
                continue;
            }
            let by = login(c.get("author")).unwrap_or_else(|| ctx.actor.to_string());
            let at = time(row, &format!("comments[{j}].createdAt"), c.get("createdAt"))?
                .unwrap_or(created);
            t.record(
                Action::Commented {
                    text: body,
                    internal: false,
                },
                &by,
                at.max(created),
                &ctx.config.matrix,
            );
        }
        match issue
            .get("state")
            .and_then(Json::as_str)
            .map(str::to_ascii_uppercase)
            .as_deref()
        {
            Some("OPEN") | None => {}
            Some("CLOSED") => {
                let at = time(row, "closedAt", issue.get("closedAt"))?
                    .unwrap_or(t.updated)
                    .max(created);
                t.record(
                    Action::Resolved {
                        resolution: format!("closed on GitHub (#{number})"),
                        code: Some("github".into()),
                        kb: None,
                    },
                    ctx.actor,
                    at,
                    &ctx.config.matrix,
                );
                t.record(
                    Action::StatusChanged {
                        to: Status::Closed,
                        pending_reason: None,
                        reason: None,
                    },
                    ctx.actor,
                    at,
                    &ctx.config.matrix,
                );
            }
            Some(other) => {
                return Err(row_error(
                    row,
                    "state",
                    format!("'{other}' is not OPEN or CLOSED"),
                ))
            }
        }
        out.push(t);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(c: &DeskConfig) -> ImportContext<'_> {
        ImportContext {
            actor: "importer@example.com",
            now: "2026-11-22T09:00:00Z".parse().unwrap(),
            config: c,
        }
    }

    #[test]
    fn csv_rows_become_tickets_and_bad_rows_are_named() {
        let m = DeskConfig::default();
        let text = "title,impact,labels,status,resolution\nVPN drops,high,\"vpn,remote\",resolved,new firmware\nPrinter jams,,,,\n";
        let tickets = parse("csv", text, &ctx(&m)).unwrap();
        assert_eq!(tickets.len(), 2);
        assert_eq!(tickets[0].labels, vec!["remote", "vpn"]);
        assert_eq!(tickets[0].status, Status::Resolved);
        assert_eq!(tickets[0].priority.to_string(), "P2");
        assert_eq!(tickets[1].reporter, "importer@example.com");
        assert_eq!(
            tickets[1].team.as_deref(),
            Some("service-desk"),
            "the tier's team"
        );
        let err = parse("csv", "title,tier\nok,1\nbad,9\n", &ctx(&m))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("row 3: tier") && err.contains("nothing was imported"),
            "{err}"
        );
        let err = parse("csv", "title,colour\nx,red\n", &ctx(&m))
            .unwrap_err()
            .to_string();
        assert!(err.contains("colour"), "{err}");
        assert!(parse("csv", "title\n\"\"\n", &ctx(&m))
            .unwrap_err()
            .to_string()
            .contains("row 2: title"));
    }

    #[test]
    fn the_json_export_reads_back_identically() {
        let m = DeskConfig::default();
        let mut t = Ticket::file(
            TicketId::generate(),
            Filing::new("VPN drops", "carol@example.com"),
            "carol@example.com",
            "2026-11-20T09:00:00Z".parse().unwrap(),
            &m.matrix,
        );
        t.record(
            Action::Commented {
                text: "on it".into(),
                internal: false,
            },
            "al@example.com",
            "2026-11-20T10:00:00Z".parse().unwrap(),
            &m.matrix,
        );
        let json = Json::Array(vec![t.to_json("abcdef", true)]).to_string();
        let back = parse("json", &json, &ctx(&m)).unwrap();
        assert_eq!(back[0].to_toml(), t.to_toml());
        let twice = Json::Array(vec![t.to_json("a", true), t.to_json("a", true)]).to_string();
        assert!(parse("json", &twice, &ctx(&m))
            .unwrap_err()
            .to_string()
            .contains("row 2: id"));
    }

    #[test]
    fn github_issues_keep_their_number_comments_and_state() {
        let m = DeskConfig::default();
        let text = r#"[{"number": 42, "title": "Login page 500", "body": "Since deploy", "labels": [{"name": "bug"}, {"name": "needs triage"}],
            "state": "CLOSED", "createdAt": "2026-11-01T10:00:00Z", "closedAt": "2026-11-02T10:00:00Z", "author": {"login": "Octocat"},
            "comments": [{"author": {"login": "hubot"}, "body": "Fixed in #43", "createdAt": "2026-11-02T09:00:00Z"}]}]"#;
        let t = &parse("github", text, &ctx(&m)).unwrap()[0];
        assert_eq!(t.external_ref.as_deref(), Some("github#42"));
        assert_eq!(t.reporter, "octocat@users.noreply.github.com");
        assert_eq!(t.labels, vec!["bug", "needs-triage"]);
        assert_eq!(t.status, Status::Closed);
        assert_eq!(t.comments().count(), 1);
        assert!(parse("github", r#"[{"title": "x"}]"#, &ctx(&m))
            .unwrap_err()
            .to_string()
            .contains("row 1: number"));
    }
}
