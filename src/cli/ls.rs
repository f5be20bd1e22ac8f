//! `git desk ls`: list tickets matching a query.

use anyhow::Result;
use clap::Args;

use git_desk::config::DeskConfig;
use git_desk::model::field::SORT_KEY_NAMES;
use git_desk::query::{Query, QueryContext};
use git_desk::selection::{self, Choice, Selection};
use git_desk::time::format_age;

use super::output::{priority_color, sanitize_line, status_color, Fit, FitCell, Fitted};
use super::{usage, Session};

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
    /// Print each ticket by a template: `{field}` is a field of --json (`{sla.resolution.due}`
    /// reaches inside), `{{` and `}}` are braces, `\t` a tab, `\n` a newline; e.g.
    /// `--format '{short_id}\t{priority}\t{title}'`
    #[arg(long, value_name = "TEMPLATE", conflicts_with_all = ["json", "ids"])]
    pub format: Option<String>,
}

/// The fields `--format` takes: every field `ls --json` can give (those that are empty
/// are left out of the JSON and print as nothing).
pub const FORMAT_FIELDS: &[&str] = &[
    "schema",
    "id",
    "short_id",
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
    "site",
    "team",
    "owner",
    "assignee",
    "reporter",
    "labels",
    "major",
    "known_error",
    "external_ref",
    "created",
    "updated",
    "customer_updated",
    "description",
    "resolution",
    "resolution_code",
    "problem",
    "incidents",
    "duplicate_of",
    "duplicates",
    "related",
    "kb",
    "csat",
    "csat_comment",
    "rca",
    "vendor",
    "sla",
];

/// A piece of a `--format` template.
#[derive(Debug, PartialEq, Eq)]
enum Piece {
    Text(String),
    /// A field, as its path of keys: `sla.resolution.state` is `["sla", "resolution",
    /// "state"]`.
    Field(Vec<String>),
}

/// A parsed `--format` template.
#[derive(Debug, PartialEq, Eq)]
pub struct Template(Vec<Piece>);

impl Template {
    /// Parses a template; the error says what is wrong and lists the fields.
    pub fn parse(text: &str) -> Result<Template, String> {
        let fields = || format!("the fields are {}", FORMAT_FIELDS.join(", "));
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some('t') => literal.push('\t'),
                    Some('n') => literal.push('\n'),
                    Some('\\') => literal.push('\\'),
                    Some(other) => {
                        literal.push('\\');
                        literal.push(other);
                    }
                    None => literal.push('\\'),
                },
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '}' => {
                    return Err(format!(
                        "--format '{text}' has a '}}' with no '{{': write }}}} for a brace"
                    ))
                }
                '{' => {
                    let mut name = String::new();
                    let mut closed = false;
                    for n in chars.by_ref() {
                        if n == '}' {
                            closed = true;
                            break;
                        }
                        name.push(n);
                    }
                    if !closed {
                        return Err(format!(
                            "--format '{text}' has a '{{' with no '}}': write {{{{ for a brace; {}",
                            fields()
                        ));
                    }
                    let path: Vec<String> = name
                        .trim()
                        .split('.')
                        .map(|k| k.trim().to_string())
                        .collect();
                    if !FORMAT_FIELDS.contains(&path[0].as_str())
                        || path.iter().any(String::is_empty)
                    {
                        return Err(format!("--format: no field '{{{name}}}': {}", fields()));
                    }
                    if !literal.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut literal)));
                    }
                    pieces.push(Piece::Field(path));
                }
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            pieces.push(Piece::Text(literal));
        }
        Ok(Template(pieces))
    }

    /// The template filled from a ticket's JSON (as `ls --json` gives it): strings as
    /// they are, lists joined by commas, tables as JSON, missing fields as nothing;
    /// control characters in values become spaces, so a ticket stays on its lines.
    pub fn render(&self, ticket: &serde_json::Value) -> String {
        use serde_json::Value;
        fn plain(v: &Value) -> String {
            match v {
                Value::Null => String::new(),
                Value::String(s) => s.clone(),
                Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(","),
                other => other.to_string(),
            }
        }
        let mut s = String::new();
        for piece in &self.0 {
            match piece {
                Piece::Text(t) => s.push_str(t),
                Piece::Field(path) => {
                    let value = path.iter().try_fold(ticket, |v, k| v.get(k));
                    s.push_str(&sanitize_line(&value.map(plain).unwrap_or_default()));
                }
            }
        }
        s
    }
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
    let template = args
        .format
        .as_deref()
        .map(Template::parse)
        .transpose()
        .map_err(usage)?;
    let now = session.now()?;
    let choice = Choice {
        all: args.all,
        sort: Some(&args.sort),
        limit: args.limit,
        whole: args.json || template.is_some(),
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
    if let Some(template) = template {
        use std::io::Write;
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        for t in selection.iter() {
            let t = selection.whole(t);
            let json = with_sla(t.to_json(&selection.short_id(&t), false), &t, &config, now);
            writeln!(out, "{}", template.render(&json))?;
        }
        out.flush()?;
        return Ok(());
    }
    if selection.is_empty() {
        session.out.info("no tickets match");
        return Ok(());
    }
    let out = &session.out;
    // On a narrow terminal the assignee gives way (to the email's local part, then
    // cut) so the title keeps the width.
    let mut table = Fitted::new(&[
        ("ID", Fit::Keep),
        ("PRI", Fit::Keep),
        ("TIER", Fit::Keep),
        ("STATUS", Fit::Keep),
        ("TYPE", Fit::Keep),
        ("ASSIGNEE", Fit::Give { min: 8 }),
        ("AGE", Fit::Keep),
        ("TITLE", Fit::Fill),
    ]);
    for t in selection.iter() {
        table.push(vec![
            FitCell::new(&selection.short_id(&t), None),
            FitCell::new(&t.priority.to_string(), priority_color(t.priority)),
            FitCell::new(&format!("L{}", t.tier), None),
            FitCell::new(t.status.as_str(), status_color(t.status)),
            FitCell::new(t.ticket_type.as_str(), None),
            FitCell::email(
                t.assignee.as_deref().or(t.team.as_deref()).unwrap_or("-"),
                None,
            ),
            FitCell::new(&format_age((now - t.created).num_seconds()), None),
            FitCell::new(&t.title, None),
        ]);
    }
    out.print_fitted(&table)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill_fields_and_escapes() {
        let t = Template::parse("{short_id}\\t{title} {{x}} {sla.resolution.state}\\n").unwrap();
        let json = serde_json::json!({
            "short_id": "abc123",
            "title": "VPN\ndown",
            "sla": {"resolution": {"state": "ok"}},
        });
        assert_eq!(t.render(&json), "abc123\tVPN down {x} ok\n");
        let labels = Template::parse("{labels}|{assignee}").unwrap();
        assert_eq!(
            labels.render(&serde_json::json!({"labels": ["a", "b"]})),
            "a,b|"
        );
    }

    #[test]
    fn bad_templates_name_the_fields() {
        for bad in ["{nope}", "{title", "title}", "{}", "{sla.}"] {
            let e = Template::parse(bad).unwrap_err();
            assert!(e.contains("--format"), "{bad}: {e}");
        }
        assert!(Template::parse("{nope}")
            .unwrap_err()
            .contains("short_id, title"));
    }
}
