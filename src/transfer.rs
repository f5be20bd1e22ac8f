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

use crate::config::DeskConfig;
use crate::error::{DeskError, ImportError};
use crate::model::field::{self, CSV_COLUMNS};
use crate::model::{
    Action, Event, Field, Filing, IdSource, PendingReason, Status, Ticket, TicketId,
};
use crate::time::parse_time;
use crate::workflow::clean_labels;

/// The formats `import` reads.
pub const IMPORT_FORMATS: &[&str] = &["json", "csv", "github"];

/// The columns of the CSV export (and the ones CSV import reads), in order: the
/// registry's [`CSV_COLUMNS`].
pub const CSV_FIELDS: &[&str] = &field::CSV_HEADER;

/// A ticket's CSV row, in [`CSV_FIELDS`] order. Labels are joined with commas.
pub fn csv_row(t: &Ticket) -> Vec<String> {
    CSV_COLUMNS.iter().map(|&f| t.cell(f)).collect()
}

/// Who imports, when, and with which priority matrix.
pub struct ImportContext<'a> {
    /// The acting person's email: reporter and author where the data names none.
    pub actor: &'a str,
    /// Now: the filing time where the data gives none.
    pub now: DateTime<Utc>,
    /// The desk's configuration (priority matrix, tiers' teams).
    pub config: &'a DeskConfig,
    /// Where the ids of new tickets and their events come from.
    pub ids: std::cell::RefCell<IdSource>,
}

/// Where a record is: its number (1-based; a CSV header is row 1) and, in JSON, the line
/// it starts on.
#[derive(Debug, Clone, Copy)]
struct Row {
    number: usize,
    line: Option<usize>,
}

impl From<usize> for Row {
    fn from(number: usize) -> Row {
        Row { number, line: None }
    }
}

impl std::fmt::Display for Row {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "row {} (line {line})", self.number),
            None => write!(f, "row {}", self.number),
        }
    }
}

/// The line each element of a top-level JSON array starts on, in order (for error
/// messages; the text is parsed properly elsewhere).
fn element_lines(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let (mut line, mut depth) = (1, 0usize);
    let (mut in_string, mut escaped, mut expecting) = (false, false, false);
    for c in text.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                '\n' => line += 1,
                _ => {}
            }
            continue;
        }
        if c == '\n' {
            line += 1;
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        if depth == 1 && expecting && c != ']' {
            lines.push(line);
            expecting = false;
        }
        match c {
            '"' => in_string = true,
            '[' | '{' => {
                depth += 1;
                if depth == 1 && c == '[' {
                    expecting = true;
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 1 => expecting = true,
            _ => {}
        }
    }
    lines
}

fn row_error(row: impl Into<Row>, field: &str, reason: impl std::fmt::Display) -> DeskError {
    let row = row.into();
    ImportError::Record {
        row: row.to_string(),
        field: field.to_string(),
        reason: reason.to_string(),
    }
    .into()
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
            return Err(DeskError::Unknown {
                what: crate::error::Named::ImportFormat,
                name: other.to_string(),
                known: IMPORT_FORMATS.iter().map(|f| f.to_string()).collect(),
            })
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
    row: Row,
    get: &dyn Fn(Field) -> Option<String>,
    ctx: &ImportContext<'_>,
) -> Result<Ticket, DeskError> {
    let field = |name: Field| {
        get(name)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    let title = field(Field::Title).ok_or_else(|| {
        row_error(
            row,
            Field::Title.key(),
            "missing: every ticket needs a title",
        )
    })?;
    if title.contains('\n') {
        return Err(row_error(row, Field::Title.key(), "has a line break"));
    }
    let mut filing = Filing::new(
        title,
        field(Field::Reporter).unwrap_or_else(|| ctx.actor.to_string()),
    );
    macro_rules! parsed {
        ($name:expr) => {
            field($name)
                .map(|v| v.parse())
                .transpose()
                .map_err(|e: DeskError| row_error(row, $name.key(), e))?
        };
    }
    if let Some(t) = parsed!(Field::Type) {
        filing.ticket_type = t;
    }
    if let Some(i) = parsed!(Field::Impact) {
        filing.impact = i;
    }
    if let Some(u) = parsed!(Field::Urgency) {
        filing.urgency = u;
    }
    if let Some(t) = parsed!(Field::Tier) {
        filing.tier = t;
    }
    let status: Option<Status> = parsed!(Field::Status);
    let pending: Option<PendingReason> = parsed!(Field::PendingReason);
    filing.priority = parsed!(Field::Priority);
    if filing.priority.is_some() {
        filing.priority_reason =
            Some(field(Field::PriorityReason).unwrap_or_else(|| "imported".into()));
    }
    filing.service = field(Field::Service);
    filing.site = field(Field::Site);
    if let Some(site) = filing.site.as_deref() {
        if !ctx.config.sites.contains_key(site) {
            let why = crate::config::unknown_site(site, &ctx.config.sites, "");
            return Err(row_error(row, Field::Site.key(), why.trim()));
        }
    }
    filing.team = field(Field::Team).or_else(|| ctx.config.tier(filing.tier).team.clone());
    filing.assignee = field(Field::Assignee).map(|a| a.to_lowercase());
    filing.owner = field(Field::Owner).map(|a| a.to_lowercase());
    filing.reporter = filing.reporter.to_lowercase();
    filing.description = get(Field::Description).unwrap_or_default();
    filing.external_ref = field(Field::ExternalRef);
    filing.labels = clean_labels(field(Field::Labels).as_deref())
        .map_err(|e| row_error(row, Field::Labels.key(), e))?;
    filing.major = match field(Field::Major).as_deref() {
        None | Some("false") | Some("no") => false,
        Some("true") | Some("yes") => true,
        Some(other) => {
            return Err(row_error(
                row,
                Field::Major.key(),
                format!("'{other}' is not true or false"),
            ))
        }
    };
    let time = |name: Field| -> Result<Option<DateTime<Utc>>, DeskError> {
        field(name)
            .map(|v| {
                parse_time(&v).ok_or_else(|| {
                    row_error(row, name.key(), format!("'{v}' is not an RFC 3339 time"))
                })
            })
            .transpose()
    };
    let created = time(Field::Created)?.unwrap_or(ctx.now);
    let updated = time(Field::Updated)?.unwrap_or(created).max(created);
    let mut ids = ctx.ids.borrow_mut();
    let id = match field(Field::Id) {
        Some(id) => TicketId::parse(&id).map_err(|e| row_error(row, Field::Id.key(), e))?,
        None => ids.ticket_id(),
    };
    let by = filing.reporter.clone();
    let mut t = Ticket::file_with(&mut ids, id, filing, &by, created, &ctx.config.matrix);
    let actor = ctx.actor;
    match status {
        None | Some(Status::New) => {}
        Some(Status::Resolved) | Some(Status::Closed) => {
            let resolution =
                field(Field::Resolution).unwrap_or_else(|| "resolved before import".into());
            t.record_with(
                &mut ids,
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
                t.record_with(
                    &mut ids,
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
                    Field::PendingReason.key(),
                    "a pending ticket needs one: customer, vendor, change or problem",
                )
            })?;
            t.record_with(
                &mut ids,
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
        Some(to) => t.record_with(
            &mut ids,
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
        if let Some(column) = record.iter().position(|cell| cell.contains('\0')) {
            return Err(row_error(
                row,
                &headers[column],
                "contains a NUL byte: remove it",
            ));
        }
        let get = |name: Field| {
            headers
                .iter()
                .position(|h| h == name.key())
                .and_then(|p| record.get(p))
                .map(str::to_string)
        };
        out.push(from_fields(row.into(), &get, ctx)?);
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

/// The JSON type a field of a JSON import must have.
#[derive(Clone, Copy)]
enum JsonKind {
    Text,
    Tier,
    Labels,
    Flag,
}

impl JsonKind {
    fn of(field: Field) -> JsonKind {
        match field {
            Field::Tier => JsonKind::Tier,
            Field::Labels => JsonKind::Labels,
            Field::Major | Field::KnownError => JsonKind::Flag,
            _ => JsonKind::Text,
        }
    }

    fn expected(self) -> &'static str {
        match self {
            JsonKind::Text => "a JSON string",
            JsonKind::Tier => "an integer from 0 to 4",
            JsonKind::Labels => "an array of strings",
            JsonKind::Flag => "true or false",
        }
    }
}

/// A JSON value's type as people call it.
/// The elements of the array at `key` of a JSON object; none where the key is absent or
/// not an array (the type checks say which).
fn elements<'a>(value: &'a Json, key: &str) -> impl Iterator<Item = &'a Json> {
    value
        .get(key)
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
}

fn json_type(v: &Json) -> &'static str {
    match v {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

/// The fields of a JSON record without events, each checked against its type and given
/// as text for [`from_fields`]. Nothing is coerced: `"tier": "2"` or `"title": 5` is an
/// error naming the row, the field and the type it should have; null is absent.
fn typed_fields(
    row: Row,
    obj: &serde_json::Map<String, Json>,
) -> Result<std::collections::HashMap<&'static str, String>, DeskError> {
    let mut out = std::collections::HashMap::new();
    for &column in CSV_COLUMNS {
        let (name, kind) = (column.key(), JsonKind::of(column));
        let text = match (kind, obj.get(name)) {
            (_, None | Some(Json::Null)) => continue,
            (JsonKind::Text, Some(Json::String(s))) => s.clone(),
            (JsonKind::Tier, Some(Json::Number(n))) if n.is_i64() || n.is_u64() => n.to_string(),
            (JsonKind::Flag, Some(Json::Bool(b))) => b.to_string(),
            (JsonKind::Labels, Some(Json::Array(items))) => {
                let labels = items
                    .iter()
                    .map(|l| match l {
                        Json::String(s) => Ok(s.as_str()),
                        other => Err(row_error(
                            row,
                            name,
                            format!(
                                "should be {}, but holds {}",
                                kind.expected(),
                                json_type(other)
                            ),
                        )),
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                labels.join(",")
            }
            (_, Some(other)) => {
                return Err(row_error(
                    row,
                    name,
                    format!("should be {}, not {}", kind.expected(), json_type(other)),
                ))
            }
        };
        out.insert(name, text);
    }
    Ok(out)
}

/// The path of the first string (or key) holding a NUL byte: `description`,
/// `comments[0].body`.
fn nul_path(v: &Json, path: &str) -> Option<String> {
    let inner = |p: String, v: &Json| nul_path(v, &p);
    match v {
        Json::String(s) if s.contains('\0') => Some(path.to_string()),
        Json::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| inner(format!("{path}[{i}]"), v)),
        Json::Object(map) => map.iter().find_map(|(k, v)| {
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            if k.contains('\0') {
                Some(p)
            } else {
                inner(p, v)
            }
        }),
        _ => None,
    }
}

/// A NUL byte ends strings in C and in git's plumbing, and no field means one: refused.
fn refuse_nul(row: Row, record: &Json) -> Result<(), DeskError> {
    match nul_path(record, "") {
        Some(path) => Err(row_error(
            row,
            if path.is_empty() { "ticket" } else { &path },
            "contains a NUL byte: remove it",
        )),
        None => Ok(()),
    }
}

/// The format of JSON text given without `--format`: `github` when every record has
/// GitHub's integer `number` and no event log (git-desk's JSON never has `number`),
/// else `json`.
pub fn json_format(text: &str) -> &'static str {
    let github = |v: &Json| {
        v.get("number").is_some_and(|n| n.is_u64() || n.is_i64()) && v.get("events").is_none()
    };
    match serde_json::from_str::<Json>(text) {
        Ok(Json::Array(items)) if !items.is_empty() && items.iter().all(github) => "github",
        _ => "json",
    }
}

fn parse_json(text: &str, ctx: &ImportContext<'_>) -> Result<Vec<Ticket>, DeskError> {
    let value: Json = serde_json::from_str(text).map_err(|e| {
        DeskError::from(ImportError::NotJson {
            line: e.line(),
            reason: e.to_string(),
        })
    })?;
    let items = value.as_array().ok_or(ImportError::NotTickets)?;
    let lines = element_lines(text);
    let mut out = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let row = Row {
            number: i + 1,
            line: lines.get(i).copied(),
        };
        refuse_nul(row, item)?;
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
                if obj.contains_key("number") {
                    return Err(row_error(
                        row,
                        "number",
                        "this looks like a GitHub issue (`gh issue list --json`), not git-desk JSON: import the file with --format github",
                    ));
                }
                let fields = typed_fields(row, obj)?;
                let get = |name: Field| fields.get(name.key()).cloned();
                out.push(from_fields(row, &get, ctx)?);
            }
        }
    }
    Ok(out)
}

/// Checks the types of one `gh issue list --json` record, so that a value of the wrong
/// type is an error naming it rather than a field quietly read as absent.
fn check_github_types(row: Row, issue: &Json) -> Result<(), DeskError> {
    let want = |path: &str, v: Option<&Json>, ok: fn(&Json) -> bool, expected: &str| match v {
        None | Some(Json::Null) => Ok(()),
        Some(v) if ok(v) => Ok(()),
        Some(v) => Err(row_error(
            row,
            path,
            format!("should be {expected}, not {}", json_type(v)),
        )),
    };
    let integer = |v: &Json| v.is_i64() || v.is_u64();
    let author = |path: &str, v: &Json| {
        want(
            &format!("{path}author"),
            v.get("author"),
            Json::is_object,
            "an object",
        )?;
        want(
            &format!("{path}author.login"),
            v.get("author").and_then(|a| a.get("login")),
            Json::is_string,
            "a string",
        )
    };
    if !issue.is_object() {
        return Err(row_error(row, "issue", "is not an object"));
    }
    want("number", issue.get("number"), integer, "an integer")?;
    for key in ["title", "body", "state", "createdAt", "closedAt"] {
        want(key, issue.get(key), Json::is_string, "a string")?;
    }
    author("", issue)?;
    want("labels", issue.get("labels"), Json::is_array, "an array")?;
    for (k, label) in elements(issue, "labels").enumerate() {
        want(
            &format!("labels[{k}]"),
            Some(label),
            Json::is_object,
            "an object",
        )?;
        want(
            &format!("labels[{k}].name"),
            label.get("name"),
            Json::is_string,
            "a string",
        )?;
    }
    want(
        "comments",
        issue.get("comments"),
        Json::is_array,
        "an array",
    )?;
    for (j, c) in elements(issue, "comments").enumerate() {
        let path = format!("comments[{j}]");
        want(&path, Some(c), Json::is_object, "an object")?;
        for key in ["body", "createdAt"] {
            want(
                &format!("{path}.{key}"),
                c.get(key),
                Json::is_string,
                "a string",
            )?;
        }
        author(&format!("{path}."), c)?;
    }
    Ok(())
}

fn parse_github(text: &str, ctx: &ImportContext<'_>) -> Result<Vec<Ticket>, DeskError> {
    let value: Json = serde_json::from_str(text).map_err(|e| {
        DeskError::from(ImportError::NotJson {
            line: e.line(),
            reason: e.to_string(),
        })
    })?;
    let items = value
        .as_array()
        .ok_or_else(|| DeskError::from(ImportError::NotGithubIssues))?;
    let login = |v: Option<&Json>| {
        v.and_then(|a| a.get("login"))
            .and_then(Json::as_str)
            .map(|l| format!("{}@users.noreply.github.com", l.to_lowercase()))
    };
    let time =
        |row: Row, name: &str, v: Option<&Json>| -> Result<Option<DateTime<Utc>>, DeskError> {
            match v.and_then(Json::as_str) {
                None => Ok(None),
                Some(s) => parse_time(s)
                    .map(Some)
                    .ok_or_else(|| row_error(row, name, format!("'{s}' is not an RFC 3339 time"))),
            }
        };
    let mut out = Vec::new();
    let mut numbers = HashSet::new();
    let lines = element_lines(text);
    for (i, issue) in items.iter().enumerate() {
        let row = Row {
            number: i + 1,
            line: lines.get(i).copied(),
        };
        refuse_nul(row, issue)?;
        check_github_types(row, issue)?;
        let number = issue
            .get("number")
            .and_then(Json::as_i64)
            .ok_or_else(|| row_error(row, "number", "missing"))?;
        if !numbers.insert(number) {
            return Err(row_error(
                row,
                "number",
                format!("issue #{number} appears twice: export each issue once"),
            ));
        }
        let title = issue
            .get("title")
            .and_then(Json::as_str)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| row_error(row, "title", "missing"))?;
        let reporter = login(issue.get("author")).unwrap_or_else(|| ctx.actor.to_string());
        let labels: Vec<String> = elements(issue, "labels")
            .filter_map(|l| l.get("name").and_then(Json::as_str))
            .map(|n| n.replace(' ', "-"))
            .collect();
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
        let mut ids = ctx.ids.borrow_mut();
        let id = ids.ticket_id();
        let mut t = Ticket::file_with(&mut ids, id, filing, &reporter, created, &ctx.config.matrix);
        for (j, c) in elements(issue, "comments").enumerate() {
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
            t.record_with(
                &mut ids,
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
                t.record_with(
                    &mut ids,
                    Action::Resolved {
                        resolution: format!("closed on GitHub (#{number})"),
                        code: Some("github".into()),
                        kb: None,
                    },
                    ctx.actor,
                    at,
                    &ctx.config.matrix,
                );
                t.record_with(
                    &mut ids,
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
    use crate::workflow::leave_out_imported;

    fn ctx(c: &DeskConfig) -> ImportContext<'_> {
        ImportContext {
            actor: "importer@example.com",
            now: "2026-11-22T09:00:00Z".parse().unwrap(),
            config: c,
            ids: IdSource::random().into(),
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
    fn json_fields_must_have_their_own_types() {
        let m = DeskConfig::default();
        let err = |json: &str| parse("json", json, &ctx(&m)).unwrap_err().to_string();
        for (json, wanted) in [
            (
                r#"[{"title": 5}]"#,
                "row 1 (line 1): title: should be a JSON string, not a number",
            ),
            (
                r#"[{"title": ["a", "b"]}]"#,
                "title: should be a JSON string, not an array",
            ),
            (
                r#"[{"title": {"a": 1}}]"#,
                "title: should be a JSON string, not an object",
            ),
            (
                r#"[{"title": "x", "tier": "2"}]"#,
                "tier: should be an integer from 0 to 4, not a string",
            ),
            (
                r#"[{"title": "x", "tier": 2.5}]"#,
                "tier: should be an integer from 0 to 4, not a number",
            ),
            (
                r#"[{"title": "x", "tier": 5}]"#,
                "tier: tier '5' is not a tier",
            ),
            (
                r#"[{"title": "x"}, {"title": "y", "labels": "a,b"}]"#,
                "row 2 (line 1): labels: should be an array of strings, not a string",
            ),
            (
                r#"[{"title": "x", "labels": ["a", null]}]"#,
                "labels: should be an array of strings, but holds null",
            ),
            (
                r#"[{"title": "x", "major": 1}]"#,
                "major: should be true or false, not a number",
            ),
            (
                r#"[{"title": "x", "reporter": false}]"#,
                "reporter: should be a JSON string, not a boolean",
            ),
        ] {
            let e = err(json);
            assert!(e.contains(wanted), "{json}: {e}");
        }
        let t = &parse(
            "json",
            r#"[{"title": "VPN", "tier": 2, "labels": ["vpn", "Remote"], "major": true, "team": null}]"#,
            &ctx(&m),
        )
        .unwrap()[0];
        assert_eq!(t.tier.level(), 2);
        assert_eq!(t.labels, vec!["remote", "vpn"]);
        assert!(t.major);
        assert_eq!(t.team.as_deref(), Some("tech-support"), "null is absent");
    }

    #[test]
    fn nul_bytes_are_refused_naming_row_and_field() {
        let m = DeskConfig::default();
        let err = |format: &str, text: &str| parse(format, text, &ctx(&m)).unwrap_err().to_string();
        let e = err(
            "json",
            r#"[{"title": "x"}, {"title": "y", "description": "a\u0000"}]"#,
        );
        assert!(
            e.contains("row 2 (line 1): description: contains a NUL byte"),
            "{e}"
        );
        let e = err(
            "json",
            r#"[{"id": "k3m9x2q7wd4hb8fz", "events": [{"text": "\u0000"}]}]"#,
        );
        assert!(
            e.contains("row 1 (line 1): events[0].text: contains a NUL"),
            "{e}"
        );
        let e = err("csv", "title,service\nok,\nx,vp\0n\n");
        assert!(e.contains("row 3: service: contains a NUL"), "{e}");
        let e = err("github", r#"[{"number": 1, "title": "a\u0000b"}]"#);
        assert!(e.contains("row 1 (line 1): title: contains a NUL"), "{e}");
    }

    #[test]
    fn json_errors_name_the_line_a_record_starts_on() {
        assert_eq!(
            element_lines("[\n{\"a\": [1,\n2]},\n {\"b\": \"x,\\\"]\"},\n\n\"c\"\n]"),
            vec![2, 4, 6]
        );
        assert_eq!(element_lines("[{}, {}, 3]"), vec![1, 1, 1]);
        assert!(element_lines("[ ]").is_empty());
        let m = DeskConfig::default();
        let e = parse(
            "json",
            "[\n{\"title\": \"a\"},\n{\"title\": 5}\n]",
            &ctx(&m),
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("row 2 (line 3): title"), "{e}");
    }

    #[test]
    fn github_exports_are_told_from_git_desk_json() {
        assert_eq!(
            json_format(r#"[{"number": 1, "title": "x", "state": "OPEN"}]"#),
            "github"
        );
        assert_eq!(json_format(r#"[{"number": 1}, {"number": 2}]"#), "github");
        assert_eq!(json_format(r#"[{"title": "x"}]"#), "json");
        assert_eq!(json_format(r#"[{"number": 1}, {"title": "x"}]"#), "json");
        assert_eq!(json_format(r#"[{"number": "1"}]"#), "json");
        assert_eq!(json_format("[]"), "json");
        assert_eq!(json_format("not json"), "json");
        let m = DeskConfig::default();
        let e = parse("json", r#"[{"number": 1, "title": "x"}]"#, &ctx(&m))
            .unwrap_err()
            .to_string();
        assert!(e.contains("--format github"), "{e}");
        let e = parse(
            "github",
            r#"[{"number": 1, "title": "x"}, {"number": 1, "title": "y"}]"#,
            &ctx(&m),
        )
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("row 2 (line 1): number: issue #1 appears twice"),
            "{e}"
        );
        for (json, wanted) in [
            (
                r#"[{"number": "7", "title": "x"}]"#,
                "number: should be an integer, not a string",
            ),
            (
                r#"[{"number": 7, "title": 7}]"#,
                "title: should be a string, not a number",
            ),
            (
                r#"[{"number": 7, "title": "x", "labels": ["bug"]}]"#,
                "labels[0]: should be an object, not a string",
            ),
            (
                r#"[{"number": 7, "title": "x", "labels": [{"name": 1}]}]"#,
                "labels[0].name: should be a string",
            ),
            (
                r#"[{"number": 7, "title": "x", "comments": [{"body": ["a"]}]}]"#,
                "comments[0].body: should be a string, not an array",
            ),
            (
                r#"[{"number": 7, "title": "x", "author": "octocat"}]"#,
                "author: should be an object, not a string",
            ),
            (
                r#"[{"number": 7, "title": "x", "comments": [{"author": {"login": 3}}]}]"#,
                "comments[0].author.login: should be a string",
            ),
            (r#"[7]"#, "row 1 (line 1): issue: is not an object"),
        ] {
            let e = parse("github", json, &ctx(&m)).unwrap_err().to_string();
            assert!(e.contains(wanted), "{json}: {e}");
        }
    }

    #[test]
    fn issues_imported_before_are_left_out_and_changes_noticed() {
        let m = DeskConfig::default();
        let first = r#"[{"number": 1, "title": "a", "comments": [{"author": {"login": "x"}, "body": "hi"}]},
            {"number": 2, "title": "b"}, {"number": 3, "title": "c"}]"#;
        let on_desk = parse("github", first, &ctx(&m)).unwrap();
        let later = r#"[{"number": 1, "title": "a", "comments": [{"author": {"login": "x"}, "body": "hi"}]},
            {"number": 2, "title": "b", "comments": [{"author": {"login": "y"}, "body": "new"}]},
            {"number": 3, "title": "c", "state": "CLOSED"}, {"number": 4, "title": "d"}]"#;
        let again = parse("github", later, &ctx(&m)).unwrap();
        let (fresh, skipped) = leave_out_imported(again, &on_desk);
        assert_eq!(fresh.len(), 1);
        assert_eq!(fresh[0].external_ref.as_deref(), Some("github#4"));
        let seen: Vec<(&str, bool)> = skipped
            .iter()
            .map(|s| (s.external_ref.as_str(), s.changed))
            .collect();
        assert_eq!(
            seen,
            vec![("github#1", false), ("github#2", true), ("github#3", true)]
        );
        assert_eq!(skipped[0].id, on_desk[0].id, "names the desk's ticket");
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
            .contains("row 1 (line 1): number"));
    }
}
