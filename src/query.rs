//! The query language (used by `ls` and, later, by SLA, reports, routing and sweeps):
//! space-separated terms that must all hold.
//!
//! `field:value`, `field:v1,v2` (any of), `-field:value` (not), comparisons
//! `priority:<=P2`, `tier:>=2`, durations `age:>4h`, `updated:>2d`, dates
//! `created:>=2026-11-01`, `updated:<2026-11-01` (a date is its whole day, UTC:
//! `created:2026-11-01` is that day, `>` after it, `<=` up to its end), `me` for the current user, `none` for an empty field, `is:open|paused|done|active`, and
//! bare words searched in title, description and comments.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};

use crate::error::DeskError;
use crate::model::field::{grade_rank, Kind};
use crate::model::id::{is_id_text, unique_prefix_len, TICKET_ID_LEN};
use crate::model::{
    Field, Priority, PriorityMatrix, Status, StatusCategory, Ticket, TicketState, TicketType, Tier,
};
use crate::sla::{DefaultBook, SlaBook};
use crate::time::{parse_duration, parse_time};

/// What a term names: a ticket field, or a word that asks about a ticket's standing
/// rather than one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Subject {
    /// A field of the registry that queries can name.
    Field(Field),
    /// `is:`: the status category.
    Is,
    /// `sla:`: the SLA clocks.
    Sla,
    /// `followup:`: the vendor follow-up date.
    FollowUp,
    /// `age:`: time since filing.
    Age,
}

/// What terms may name, in the order error messages and completion list them.
const SUBJECTS: &[Subject] = &[
    Subject::Field(Field::Id),
    Subject::Field(Field::Title),
    Subject::Field(Field::Type),
    Subject::Field(Field::Status),
    Subject::Field(Field::Tier),
    Subject::Field(Field::Priority),
    Subject::Field(Field::Impact),
    Subject::Field(Field::Urgency),
    Subject::Field(Field::Service),
    Subject::Field(Field::Team),
    Subject::Field(Field::Owner),
    Subject::Field(Field::Assignee),
    Subject::Field(Field::Reporter),
    Subject::Field(Field::Labels),
    Subject::Field(Field::Major),
    Subject::Field(Field::KnownError),
    Subject::Field(Field::Problem),
    Subject::Field(Field::Vendor),
    Subject::Field(Field::Site),
    Subject::Is,
    Subject::Sla,
    Subject::FollowUp,
    Subject::Age,
    Subject::Field(Field::Updated),
    Subject::Field(Field::Created),
    Subject::Field(Field::CustomerUpdated),
];

impl Subject {
    /// The name a term gives it.
    fn name(self) -> &'static str {
        match self {
            Subject::Field(f) => f.term().expect("queries name only fields with a term"),
            Subject::Is => "is",
            Subject::Sla => "sla",
            Subject::FollowUp => "followup",
            Subject::Age => "age",
        }
    }
}

/// The names a term may give, for error messages and completion.
pub fn field_names() -> Vec<&'static str> {
    SUBJECTS.iter().map(|s| s.name()).collect()
}

/// The fewest characters of a bare word that can name a ticket by the start of its id: the
/// shortest id the desk prints. Fewer would too often be a word someone searches for (a
/// four-letter word starts one of 100,000 ids one time in ten); `id:PREFIX` takes any.
pub const MIN_ID_WORD: usize = crate::model::id::MIN_SHORT_LEN;

/// The states `sla:` accepts.
pub const SLA_STATES: &[&str] = &["ok", "warning", "breached", "met", "missed"];

/// A parsed query: all terms must hold.
#[derive(Debug, Clone, Default)]
pub struct Query {
    terms: Vec<Term>,
}

#[derive(Debug, Clone)]
struct Term {
    negated: bool,
    test: Test,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    fn holds(self, ord: Ordering) -> bool {
        match self {
            Op::Eq => ord == Ordering::Equal,
            Op::Lt => ord == Ordering::Less,
            Op::Le => ord != Ordering::Greater,
            Op::Gt => ord == Ordering::Greater,
            Op::Ge => ord != Ordering::Less,
        }
    }
}

#[derive(Debug, Clone)]
enum Test {
    /// Text fields: any of the values (case-insensitive; `title` by substring).
    Text { field: Field, values: Vec<String> },
    /// Ordered fields compared numerically (tier, priority, impact, urgency rank).
    Rank {
        field: Field,
        op: Op,
        values: Vec<i64>,
    },
    /// Statuses, any of.
    Status(Vec<Status>),
    /// Types, any of.
    Type(Vec<TicketType>),
    /// Status categories; `active` is open or paused.
    Is(Vec<String>),
    /// Flags.
    Flag { field: Field, value: bool },
    /// Seconds since created / updated.
    Elapsed { field: Field, op: Op, seconds: i64 },
    /// Creation or last update time against a date (a whole day) or an instant.
    Date { field: Field, op: Op, when: When },
    /// Vendor follow-ups: `due` (the date has come, ticket still open), `set`, `none`.
    FollowUp(String),
    /// SLA clock states (`ok`, `warning`, `breached`, `met`, `missed`): either clock.
    Sla(Vec<String>),
    /// A bare word in title, description or comments.
    Words(String),
}

/// What a date-valued term compares with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum When {
    /// A bare date: the whole day `[start, end)`, UTC.
    Day {
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
    /// An RFC 3339 time.
    Instant(DateTime<Utc>),
}

impl When {
    /// Reads `YYYY-MM-DD` as its whole day, an RFC 3339 time as that instant.
    fn parse(text: &str) -> Option<When> {
        if let Ok(day) = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
            let start = day.and_time(chrono::NaiveTime::MIN).and_utc();
            let end = day.succ_opt().map_or(DateTime::<Utc>::MAX_UTC, |next| {
                next.and_time(chrono::NaiveTime::MIN).and_utc()
            });
            return Some(When::Day { start, end });
        }
        parse_time(text).map(When::Instant)
    }

    /// A day is a span: `=` is within it, `<` before its start, `<=` before its end, `>`
    /// from its end on, `>=` from its start on.
    fn holds(self, op: Op, t: DateTime<Utc>) -> bool {
        match self {
            When::Instant(at) => op.holds(t.cmp(&at)),
            When::Day { start, end } => match op {
                Op::Eq => start <= t && t < end,
                Op::Lt => t < start,
                Op::Le => t < end,
                Op::Gt => t >= end,
                Op::Ge => t >= start,
            },
        }
    }
}

/// What a query needs to know about the moment it runs in.
#[derive(Clone)]
pub struct QueryContext<'a> {
    /// The current user's email, for `me`.
    pub me: Option<String>,
    /// Now, for ages and SLA clocks.
    pub now: DateTime<Utc>,
    /// The desk's SLA terms, for `sla:` (a new desk's defaults when `None`): the desk
    /// configuration in practice.
    pub config: Option<&'a dyn SlaTerms>,
}

/// What `sla:` judges a ticket's clocks by: the priority matrix and the SLA policies.
/// The desk configuration provides them; a trait, so that the query language, which the
/// configuration uses for its rules, does not depend on the configuration in turn. `Sync`:
/// listings match tickets on several threads.
pub trait SlaTerms: Sync {
    /// The impact x urgency matrix.
    fn matrix(&self) -> &PriorityMatrix;
    /// The policy per priority and service.
    fn book(&self) -> &dyn SlaBook;
}

fn bad(message: String) -> DeskError {
    DeskError::BadQuery(message)
}

/// Splits a query into terms on white space, keeping double-quoted runs together.
fn tokenize(text: &str) -> Result<Vec<String>, DeskError> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if quoted {
        return Err(bad(
            "a double quote is not closed: close it or drop it".into()
        ));
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    Ok(tokens)
}

fn split_op(value: &str) -> (Op, &str) {
    for (prefix, op) in [
        ("<=", Op::Le),
        (">=", Op::Ge),
        ("<", Op::Lt),
        (">", Op::Gt),
        ("=", Op::Eq),
    ] {
        if let Some(rest) = value.strip_prefix(prefix) {
            return (op, rest);
        }
    }
    (Op::Eq, value)
}

impl Query {
    /// Parses terms (each argument may hold several, space-separated).
    pub fn parse<S: AsRef<str>>(args: &[S]) -> Result<Query, DeskError> {
        let joined = args
            .iter()
            .map(|a| a.as_ref())
            .collect::<Vec<_>>()
            .join(" ");
        let mut terms = Vec::new();
        for token in tokenize(&joined)? {
            terms.push(parse_term(&token)?);
        }
        Ok(Query { terms })
    }

    /// True when there are no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Reads bare words that name tickets as ids, as `show` reads them: a word of id
    /// characters, [`MIN_ID_WORD`] to 16 long, that is a ticket's id or the start of one
    /// selects that ticket (`-WORD` leaves it out); the start of several is ambiguous, an
    /// error listing them. Other words stay full-text words. `ids_starting(prefix)` gives
    /// the desk's ids that start with `prefix`, sorted.
    pub fn name_tickets(
        &mut self,
        ids_starting: &dyn Fn(&str) -> Vec<String>,
    ) -> Result<(), DeskError> {
        for term in &mut self.terms {
            let Test::Words(word) = &term.test else {
                continue;
            };
            if !(MIN_ID_WORD..=TICKET_ID_LEN).contains(&word.len()) || !is_id_text(word) {
                continue;
            }
            let ids = ids_starting(word);
            match ids.as_slice() {
                [] => {}
                [id] => {
                    term.test = Test::Text {
                        field: Field::Id,
                        values: vec![id.clone()],
                    }
                }
                _ => {
                    let sorted: Vec<&str> = ids.iter().map(String::as_str).collect();
                    let candidates: Vec<&str> = sorted
                        .iter()
                        .take(8)
                        .map(|id| &id[..unique_prefix_len(id, &sorted).max(word.len() + 1)])
                        .collect();
                    let more = if ids.len() > candidates.len() {
                        format!(" and {} more", ids.len() - candidates.len())
                    } else {
                        String::new()
                    };
                    return Err(bad(format!(
                        "ticket id '{word}' is ambiguous: it starts {}{more}; type more characters, or write id:{word} for all of them",
                        candidates.join(", ")
                    )));
                }
            }
        }
        Ok(())
    }

    /// True when a term picks tickets by id (`id:PREFIX`, or a word read as an id): the
    /// user named them, so they are wanted whatever their status.
    pub fn names_tickets(&self) -> bool {
        self.terms.iter().any(|t| {
            !t.negated
                && matches!(
                    t.test,
                    Test::Text {
                        field: Field::Id,
                        ..
                    }
                )
        })
    }

    /// Adds the term `is:active`: only tickets still being worked.
    pub fn only_active(&mut self) {
        self.terms.push(Term {
            negated: false,
            test: Test::Is(vec!["active".into()]),
        });
    }

    /// True when a term already says which statuses are wanted (`status:` or `is:`).
    pub fn mentions_status(&self) -> bool {
        self.terms
            .iter()
            .any(|t| matches!(t.test, Test::Status(_) | Test::Is(_)))
    }

    /// True when a term reads the event log (comments for bare words, SLA clocks), so
    /// the ticket's state alone cannot decide it.
    pub fn needs_events(&self) -> bool {
        self.terms.iter().any(|t| t.test.needs_events())
    }

    /// True when every term that the state alone decides holds: a cheap first pass over
    /// summaries (tickets without their events) before [`Query::matches`] on whole ones.
    pub fn matches_state(&self, t: &TicketState, ctx: &QueryContext<'_>) -> bool {
        self.terms.iter().all(|term| {
            term.test
                .holds_on_state(t, ctx)
                .is_none_or(|holds| holds != term.negated)
        })
    }

    /// [`Query::matches_state`] read through columns (see [`Columns`]): the terms on
    /// fixed-width fields first, so that text is read only for tickets that pass them.
    pub fn matches_columns<C: Columns + ?Sized>(&self, t: &C, ctx: &QueryContext<'_>) -> bool {
        let holds = |term: &Term| {
            term.test
                .holds_on(t, ctx)
                .is_none_or(|holds| holds != term.negated)
        };
        self.terms.iter().filter(|t| t.test.is_fixed()).all(holds)
            && self.terms.iter().filter(|t| !t.test.is_fixed()).all(holds)
    }

    /// True when every term holds for the ticket.
    pub fn matches(&self, t: &Ticket, ctx: &QueryContext<'_>) -> bool {
        self.terms
            .iter()
            .all(|term| term.test.holds(t, ctx) != term.negated)
    }
}

fn parse_term(token: &str) -> Result<Term, DeskError> {
    let (negated, body) = match token.strip_prefix('-') {
        Some(rest) if !rest.is_empty() => (true, rest),
        _ => (false, token),
    };
    let Some((field, value)) = body.split_once(':') else {
        return Ok(Term {
            negated,
            test: Test::Words(body.to_lowercase()),
        });
    };
    let field_lower = field.to_ascii_lowercase();
    let subject = SUBJECTS
        .iter()
        .copied()
        .find(|s| s.name() == field_lower)
        .ok_or_else(|| {
            bad(format!(
                "unknown field '{field}': use one of {}",
                field_names().join(", ")
            ))
        })?;
    let field = subject.name();
    if value.is_empty() {
        return Err(bad(format!("'{token}' has no value: write {field}:VALUE")));
    }
    let (op, rest) = split_op(value);
    let values: Vec<&str> = rest
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .collect();
    if values.is_empty() {
        return Err(bad(format!("'{token}' has no value: write {field}:VALUE")));
    }
    let ordered_only = |what: &str| -> Result<(), DeskError> {
        if op != Op::Eq && values.len() > 1 {
            return Err(bad(format!("'{token}': a comparison takes one {what}")));
        }
        Ok(())
    };
    let no_comparison = || -> Result<(), DeskError> {
        if op != Op::Eq {
            Err(bad(format!(
                "'{token}': {field} cannot be compared with < or >; use {field}:VALUE"
            )))
        } else {
            Ok(())
        }
    };
    let test = match subject {
        Subject::Field(f) => match f.kind() {
            Kind::Rank => {
                ordered_only(field)?;
                let values = match f {
                    Field::Tier => parse_values(&values, |t: Tier| i64::from(t.level()))?,
                    Field::Priority => parse_values(&values, |p: Priority| i64::from(p.number()))?,
                    _ => parse_values(&values, grade_rank)?,
                };
                Test::Rank {
                    field: f,
                    op,
                    values,
                }
            }
            Kind::Status => {
                no_comparison()?;
                Test::Status(parse_values(&values, |s: Status| s)?)
            }
            Kind::Type => {
                no_comparison()?;
                Test::Type(parse_values(&values, |t: TicketType| t)?)
            }
            Kind::Flag => {
                no_comparison()?;
                let value = match values.as_slice() {
                    [v] => parse_bool(v).ok_or_else(|| {
                        bad(format!(
                            "{field}:{v} is not a yes/no value: use {field}:true or {field}:false"
                        ))
                    })?,
                    _ => {
                        return Err(bad(format!(
                            "'{token}': {field} takes one value, true or false"
                        )))
                    }
                };
                Test::Flag { field: f, value }
            }
            Kind::Time => time_term(token, field, op, &values)?,
            Kind::Text | Kind::List | Kind::Number | Kind::Table => {
                no_comparison()?;
                Test::Text {
                    field: f,
                    values: values.iter().map(|v| v.to_lowercase()).collect(),
                }
            }
        },
        Subject::Age => time_term(token, field, op, &values)?,
        Subject::Is => {
            no_comparison()?;
            let mut out = Vec::new();
            for v in values {
                let v = v.to_ascii_lowercase();
                if !["open", "paused", "done", "active"].contains(&v.as_str()) {
                    return Err(bad(format!(
                        "is:{v} is not known: use is:open, is:paused, is:done or is:active"
                    )));
                }
                out.push(v);
            }
            Test::Is(out)
        }
        Subject::Sla => {
            no_comparison()?;
            let mut out = Vec::new();
            for v in values {
                let v = v.to_ascii_lowercase();
                if !SLA_STATES.contains(&v.as_str()) {
                    return Err(bad(format!(
                        "sla:{v} is not an SLA state: use one of {}",
                        SLA_STATES.join(", ")
                    )));
                }
                out.push(v);
            }
            Test::Sla(out)
        }
        Subject::FollowUp => {
            no_comparison()?;
            let [v] = values.as_slice() else {
                return Err(bad(format!(
                    "'{token}': followup takes one of due, set, none"
                )));
            };
            let v = v.to_ascii_lowercase();
            if !["due", "set", "none"].contains(&v.as_str()) {
                return Err(bad(format!(
                    "followup:{v} is not known: use followup:due, followup:set or followup:none"
                )));
            }
            Test::FollowUp(v)
        }
    };
    Ok(Term { negated, test })
}

/// A term on a time: `age` takes a duration (time since filing), `created` a date or an
/// instant, `updated` either. A date is its whole day.
fn time_term(token: &str, name: &'static str, op: Op, values: &[&str]) -> Result<Test, DeskError> {
    let [v] = values else {
        return Err(bad(format!(
            "'{token}': {name} takes one duration or date, e.g. {name}:>4h or {name}:>=2026-11-01"
        )));
    };
    // `age` reads the filing time as a duration; the fields read their own time.
    let (field, dates, durations) = match Field::from_key(name) {
        Some(Field::Created) => (Field::Created, true, false),
        Some(Field::Updated) => (Field::Updated, true, true),
        Some(Field::CustomerUpdated) => (Field::CustomerUpdated, true, true),
        _ => (Field::Created, false, true),
    };
    let date = if dates { When::parse(v) } else { None };
    match (date, parse_duration(v)) {
        (Some(when), _) => Ok(Test::Date { field, op, when }),
        (None, Some(seconds)) if durations => Ok(Test::Elapsed { field, op, seconds }),
        _ if !dates => Err(bad(format!(
            "'{v}' is not a duration: use a number and s, m, h, d or w, e.g. age:>4h"
        ))),
        _ if !durations => Err(bad(format!(
            "'{v}' is not a date: use YYYY-MM-DD or an RFC 3339 time, e.g. created:>=2026-11-01"
        ))),
        _ => Err(bad(format!(
            "'{v}' is neither a duration nor a date: use e.g. updated:>4h or updated:>=2026-11-01"
        ))),
    }
}

/// Parses every value as a `T` (a bad one is a query error naming it) and converts it.
fn parse_values<T, U>(values: &[&str], convert: impl Fn(T) -> U) -> Result<Vec<U>, DeskError>
where
    T: std::str::FromStr<Err = DeskError>,
{
    values
        .iter()
        .map(|v| v.parse::<T>().map(&convert).map_err(|e| bad(e.to_string())))
        .collect()
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.to_ascii_lowercase().as_str() {
        "true" | "yes" | "y" | "1" => Some(true),
        "false" | "no" | "n" | "0" => Some(false),
        _ => None,
    }
}

impl Test {
    /// Bare words search comments; SLA clocks are computed from the log.
    fn needs_events(&self) -> bool {
        matches!(self, Test::Words(_) | Test::Sla(_))
    }

    fn holds(&self, t: &Ticket, ctx: &QueryContext<'_>) -> bool {
        match self {
            Test::Sla(states) => {
                let status = match ctx.config {
                    Some(c) => crate::sla::evaluate(t, c.matrix(), c.book(), ctx.now),
                    None => {
                        crate::sla::evaluate(t, &PriorityMatrix::default(), &DefaultBook, ctx.now)
                    }
                };
                let clocks = [
                    status.response.state.as_str(),
                    status.resolution.state.as_str(),
                ];
                states.iter().any(|s| clocks.contains(&s.as_str()))
            }
            Test::Words(word) => {
                contains_ci(&t.title, word)
                    || contains_ci(&t.description, word)
                    || t.comments().any(|(_, text, _)| contains_ci(text, word))
            }
            _ => self
                .holds_on_state(t, ctx)
                .expect("a term that does not need the log is decided by the state"),
        }
    }

    /// Whether the term holds, when the state alone decides it; `None` for terms that
    /// read the event log ([`Test::needs_events`]).
    fn holds_on_state(&self, t: &TicketState, ctx: &QueryContext<'_>) -> Option<bool> {
        self.holds_on(t, ctx)
    }

    /// [`Test::holds_on_state`] on any view of a ticket's fields: a state, or the
    /// summary cache's columns.
    fn holds_on<C: Columns + ?Sized>(&self, t: &C, ctx: &QueryContext<'_>) -> Option<bool> {
        Some(match self {
            Test::Sla(_) | Test::Words(_) => return None,
            Test::Text { field, values } => {
                let actual = t.texts(*field);
                values.iter().any(|wanted| {
                    if wanted == "none" {
                        return actual.is_empty();
                    }
                    let wanted = if wanted == "me" {
                        match &ctx.me {
                            Some(me) => me.to_lowercase(),
                            None => return false,
                        }
                    } else {
                        wanted.clone()
                    };
                    actual.iter().any(|a| {
                        let a = a.to_lowercase();
                        match *field {
                            Field::Title => a.contains(&wanted),
                            Field::Id | Field::Problem => a.starts_with(&wanted),
                            _ => a == wanted,
                        }
                    })
                })
            }
            Test::Rank { field, op, values } => {
                let actual = t.rank(*field).expect("rank terms name rank fields");
                values.iter().any(|v| op.holds(actual.cmp(v)))
            }
            Test::Status(list) => list.contains(&t.status()),
            Test::Type(list) => list.contains(&t.ticket_type()),
            Test::Is(list) => {
                let status = t.status();
                list.iter().any(|v| match v.as_str() {
                    "open" => status.category() == StatusCategory::Open,
                    "paused" => status.category() == StatusCategory::Paused,
                    "done" => status.category() == StatusCategory::Done,
                    _ => status.is_active(),
                })
            }
            Test::Flag { field, value } => {
                t.flag(*field).expect("flag terms name flag fields") == *value
            }
            Test::Elapsed { field, op, seconds } => {
                let since = t.time(*field).expect("duration terms name time fields");
                op.holds((ctx.now - since).num_seconds().cmp(seconds))
            }
            Test::Date { field, op, when } => {
                let at = t.time(*field).expect("date terms name time fields");
                when.holds(*op, at)
            }
            Test::FollowUp(which) => {
                let date = t.follow_up();
                match which.as_str() {
                    "due" => {
                        t.status().is_active() && date.is_some_and(|d| d <= ctx.now.date_naive())
                    }
                    "set" => date.is_some(),
                    _ => date.is_none(),
                }
            }
        })
    }

    /// True when the term reads only fixed-width fields (no text): the cheapest to test.
    fn is_fixed(&self) -> bool {
        match self {
            Test::Text { field, .. } => *field == Field::Id,
            Test::Sla(_) | Test::Words(_) => false,
            _ => true,
        }
    }
}

/// What queries and sorting read of a ticket without its event log: the fields of a
/// [`TicketState`], which the summary cache also keeps in columns, so that a query tests
/// them without decoding the ticket.
pub trait Columns {
    /// The id.
    fn id(&self) -> &str;
    /// The status.
    fn status(&self) -> Status;
    /// The type.
    fn ticket_type(&self) -> TicketType;
    /// A rank field's value (see [`TicketState::rank`]).
    fn rank(&self, field: Field) -> Option<i64>;
    /// A flag field's value.
    fn flag(&self, field: Field) -> Option<bool>;
    /// A time field's value.
    fn time(&self, field: Field) -> Option<DateTime<Utc>>;
    /// The vendor follow-up date, if one is set.
    fn follow_up(&self) -> Option<chrono::NaiveDate>;
    /// A field's values as text (see [`TicketState::texts`]).
    fn texts(&self, field: Field) -> Vec<std::borrow::Cow<'_, str>>;
}

impl Columns for TicketState {
    fn id(&self) -> &str {
        self.id.as_str()
    }

    fn status(&self) -> Status {
        self.status
    }

    fn ticket_type(&self) -> TicketType {
        self.ticket_type
    }

    fn rank(&self, field: Field) -> Option<i64> {
        TicketState::rank(self, field)
    }

    fn flag(&self, field: Field) -> Option<bool> {
        TicketState::flag(self, field)
    }

    fn time(&self, field: Field) -> Option<DateTime<Utc>> {
        TicketState::time(self, field)
    }

    fn follow_up(&self) -> Option<chrono::NaiveDate> {
        self.vendor.as_ref().and_then(|v| v.follow_up)
    }

    fn texts(&self, field: Field) -> Vec<std::borrow::Cow<'_, str>> {
        TicketState::texts(self, field)
    }
}

/// A ticket's value for one sort field, read once from its columns: numbers for the
/// fixed-width fields (in the order [`TicketState::compare`] gives them), texts for the
/// others.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
enum SortValue<'a> {
    Number(i64, u32),
    Texts(Vec<std::borrow::Cow<'a, str>>),
}

fn sort_value<'a, C: Columns + ?Sized>(c: &'a C, field: Field) -> SortValue<'a> {
    let position = |all: &[_], v| all.iter().position(|x| *x == v).unwrap_or(0) as i64;
    let instant = |t: Option<DateTime<Utc>>| {
        t.map_or(SortValue::Number(i64::MIN, 0), |t| {
            SortValue::Number(t.timestamp(), t.timestamp_subsec_nanos())
        })
    };
    match field {
        Field::Priority | Field::Tier => SortValue::Number(c.rank(field).unwrap_or(0), 0),
        Field::Created | Field::Updated | Field::CustomerUpdated => instant(c.time(field)),
        Field::Status => SortValue::Number(position(Status::ALL, c.status()), 0),
        Field::Type => SortValue::Number(
            TicketType::ALL
                .iter()
                .position(|x| *x == c.ticket_type())
                .unwrap_or(0) as i64,
            0,
        ),
        Field::Id => SortValue::Texts(vec![std::borrow::Cow::Borrowed(c.id())]),
        Field::Title => SortValue::Texts(vec![std::borrow::Cow::Owned(
            c.texts(Field::Title).concat().to_lowercase(),
        )]),
        Field::Impact | Field::Urgency => SortValue::Number(-c.rank(field).unwrap_or(0), 0),
        Field::Major | Field::KnownError => {
            SortValue::Number(i64::from(c.flag(field).unwrap_or(false)), 0)
        }
        _ => SortValue::Texts(c.texts(field)),
    }
}

/// A ticket's sort key on a fixed-width field: the field's value (negated when
/// descending), then priority, creation time, id and position.
type FixedKey<'a> = ((i64, u32), i64, (i64, u32), &'a str, usize);

/// The positions of `items` in the order [`sort_order`] gives the tickets they are
/// views of, read through their columns (see [`Columns`]): each ticket's keys are read
/// once, not at every comparison.
pub fn sort_columns<C: Columns>(items: &[C], key: &str) -> Result<Vec<usize>, DeskError> {
    let (descending, field) = sort_key(key)?;
    let numeric = |c: &C| match sort_value(c, field) {
        SortValue::Number(n, nanos) => Some((n, nanos)),
        SortValue::Texts(_) => None,
    };
    if items.first().is_none_or(|c| numeric(c).is_some()) {
        // Fixed-width fields: plain tuples, sorted without a comparison closure. Ids are
        // unique, so the order is total and an unstable sort gives the same.
        let instant = |c: &C| match sort_value(c, Field::Created) {
            SortValue::Number(secs, nanos) => (secs, nanos),
            SortValue::Texts(_) => (i64::MIN, 0),
        };
        let mut keys: Vec<FixedKey<'_>> = items
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let (n, nanos) = numeric(c).unwrap_or((i64::MIN, 0));
                // Descending: the order of the negated value (n is never i64::MIN for
                // a present field: ranks, positions and seconds are far from it).
                let primary = if descending {
                    (n.saturating_neg(), u32::MAX - nanos)
                } else {
                    (n, nanos)
                };
                let priority = c.rank(Field::Priority).unwrap_or(0);
                (primary, priority, instant(c), c.id(), i)
            })
            .collect();
        keys.sort_unstable();
        return Ok(keys.into_iter().map(|k| k.4).collect());
    }
    let keys: Vec<(SortValue<'_>, i64, SortValue<'_>, &str)> = items
        .iter()
        .map(|c| {
            (
                sort_value(c, field),
                c.rank(Field::Priority).unwrap_or(0),
                sort_value(c, Field::Created),
                c.id(),
            )
        })
        .collect();
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by(|&i, &j| {
        let (a, b) = (&keys[i], &keys[j]);
        let ord = a.0.cmp(&b.0);
        let ord = if descending { ord.reverse() } else { ord };
        ord.then_with(|| (a.1, &a.2, a.3).cmp(&(b.1, &b.2, b.3)))
    });
    Ok(order)
}

/// A sort key: descending or not, and its field; an unknown key is an error naming the
/// known ones.
fn sort_key(key: &str) -> Result<(bool, Field), DeskError> {
    let (descending, field) = match key.strip_prefix('-') {
        Some(f) => (true, f),
        None => (false, key),
    };
    let Some(field) = Field::from_sort_key(field) else {
        return Err(DeskError::Unknown {
            what: crate::error::Named::SortKey,
            name: field.to_string(),
            known: crate::model::field::SORT_KEY_NAMES
                .iter()
                .map(|k| k.to_string())
                .collect(),
        });
    };
    Ok((descending, field))
}

fn contains_ci(haystack: &str, lower_needle: &str) -> bool {
    haystack.to_lowercase().contains(lower_needle)
}

/// Sorts tickets by a field; a leading `-` reverses. Ties fall back to priority, then
/// creation time, then id, so the order is always the same.
pub fn sort_tickets<T: AsRef<TicketState>>(tickets: &mut [T], key: &str) -> Result<(), DeskError> {
    // Sort positions, then move each ticket once: a ticket's state is large, and a sort
    // moving it n log n times costs more than the comparisons.
    let order = sort_order(tickets, key)?;
    permute(tickets, &order);
    Ok(())
}

/// The positions of `tickets` in the order [`sort_tickets`] gives them, the tickets left
/// where they are: for a reader that need not move them at all.
pub fn sort_order<T: AsRef<TicketState>>(
    tickets: &[T],
    key: &str,
) -> Result<Vec<usize>, DeskError> {
    let (descending, field) = sort_key(key)?;
    let mut order: Vec<usize> = (0..tickets.len()).collect();
    order.sort_by(|&i, &j| {
        let (a, b) = (tickets[i].as_ref(), tickets[j].as_ref());
        let ord = a.compare(b, field);
        let ord = if descending { ord.reverse() } else { ord };
        ord.then_with(|| a.priority.cmp(&b.priority))
            .then_with(|| a.created.cmp(&b.created))
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(order)
}

/// Rearranges `items` so that position `k` holds what was at `order[k]`, following each
/// cycle of the permutation with swaps (no second copy of a large list in memory).
fn permute<T>(items: &mut [T], order: &[usize]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        let mut at = start;
        while !placed[at] {
            placed[at] = true;
            let from = order[at];
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, Filing, Grade, PriorityMatrix, TicketId};

    #[test]
    fn a_permutation_puts_each_item_where_the_order_says() {
        for order in [
            vec![],
            vec![0],
            vec![1, 0],
            vec![2, 0, 1],
            vec![3, 1, 0, 2, 5, 4],
            vec![4, 3, 2, 1, 0],
        ] {
            let mut items: Vec<usize> = (0..order.len()).map(|i| i * 10).collect();
            permute(&mut items, &order);
            let wanted: Vec<usize> = order.iter().map(|&i| i * 10).collect();
            assert_eq!(items, wanted, "{order:?}");
        }
    }

    fn now() -> DateTime<Utc> {
        "2026-11-22T12:00:00Z".parse().unwrap()
    }

    fn ticket(title: &str, tier: i64, impact: Grade, labels: &[&str]) -> Ticket {
        let m = PriorityMatrix::default();
        let mut t = Ticket::file(
            TicketId::generate(),
            Filing {
                description: "The Berlin office".into(),
                impact,
                service: Some("vpn".into()),
                tier: Tier::new(tier).unwrap(),
                assignee: Some("alice@example.com".into()),
                labels: labels.iter().map(|s| s.to_string()).collect(),
                ..Filing::new(title, "carol@example.com")
            },
            "carol@example.com",
            "2026-11-22T06:00:00Z".parse().unwrap(),
            &m,
        );
        t.record(
            Action::Commented {
                text: "Router firmware 4.2".into(),
                internal: false,
            },
            "alice@example.com",
            "2026-11-22T07:00:00Z".parse().unwrap(),
            &m,
        );
        t
    }

    fn q(text: &str) -> Query {
        Query::parse(&[text]).unwrap()
    }

    fn ctx() -> QueryContext<'static> {
        QueryContext {
            me: Some("alice@example.com".into()),
            now: now(),
            config: None,
        }
    }

    #[test]
    fn fields_values_and_negation() {
        let t = ticket("VPN drops", 2, Grade::High, &["vpn", "remote"]);
        let c = ctx();
        assert!(q("tier:2 label:vpn").matches(&t, &c));
        assert!(q("tier:1,2").matches(&t, &c));
        assert!(!q("-label:remote").matches(&t, &c));
        assert!(q("priority:<=P2").matches(&t, &c));
        assert!(!q("priority:<P2").matches(&t, &c));
        assert!(q("tier:>=2 impact:>=medium").matches(&t, &c));
        assert!(q("assignee:me owner:none").matches(&t, &c));
        assert!(q("service:VPN team:none").matches(&t, &c));
        assert!(q("status:new is:open is:active").matches(&t, &c));
        assert!(!q("is:done").matches(&t, &c));
        assert!(q("major:false").matches(&t, &c));
        assert!(q("title:drop").matches(&t, &c));
        assert!(q(&format!("id:{}", &t.id.as_str()[..4])).matches(&t, &c));
    }

    #[test]
    fn durations_and_dates() {
        let t = ticket("x", 1, Grade::Low, &[]);
        let c = ctx();
        assert!(q("age:>4h").matches(&t, &c));
        assert!(!q("age:>7h").matches(&t, &c));
        assert!(q("updated:>4h updated:<6h").matches(&t, &c));
        assert!(q("created:>=2026-11-22 created:<2026-11-23").matches(&t, &c));
    }

    #[test]
    fn words_that_start_a_ticket_id_name_it() {
        let ids = ["7k3mq2ab00000000", "7k3mq2cd00000000", "9zzz000000000000"];
        let starting = |p: &str| -> Vec<String> {
            ids.iter()
                .filter(|id| id.starts_with(p))
                .map(|id| id.to_string())
                .collect()
        };
        let named = |text: &str| -> Result<Query, DeskError> {
            let mut query = Query::parse(&[text])?;
            query.name_tickets(&starting)?;
            Ok(query)
        };
        let t = ticket("x", 1, Grade::Low, &[]);
        let c = ctx();
        // An id, or the unique start of one, selects by id.
        let q = named("9zzz00").unwrap();
        assert!(q.names_tickets());
        assert!(!q.needs_events());
        let q = named(ids[0]).unwrap();
        assert!(q.names_tickets());
        let q = named(&format!("-{}", &ids[0][..7])).unwrap();
        assert!(!q.names_tickets());
        assert!(q.matches(&t, &c), "-ID leaves that ticket out, no other");
        // Too short, not id text, or naming nothing: still words.
        for word in ["9zzz0", "printer", "berlin", "7k3mq2ab000000001"] {
            let q = named(word).unwrap();
            assert!(!q.names_tickets(), "{word}");
            assert!(q.needs_events(), "{word}");
        }
        assert!(named("berlin").unwrap().matches(&t, &c));
        // The start of several: refused, listing them.
        let err = named("7k3mq2").unwrap_err().to_string();
        assert!(
            err.contains("ambiguous")
                && err.contains("7k3mq2a,")
                && err.contains("7k3mq2c")
                && err.contains("id:7k3mq2"),
            "{err}"
        );
        assert!(matches!(named("7K3MQ2"), Err(DeskError::BadQuery(_))));
        // `id:` still takes any prefix, several tickets at once.
        assert!(named("id:7k3m").unwrap().names_tickets());
    }

    #[test]
    fn a_date_is_its_whole_day() {
        // Filed at 06:00 on the 22nd, last updated at 07:00.
        let t = ticket("x", 1, Grade::Low, &[]);
        let c = ctx();
        for (query, expected) in [
            ("created:2026-11-22", true),
            ("created:2026-11-21", false),
            ("created:2026-11-23", false),
            ("created:>2026-11-21", true),
            ("created:>2026-11-22", false),
            ("created:>=2026-11-22", true),
            ("created:>=2026-11-23", false),
            ("created:<2026-11-22", false),
            ("created:<2026-11-23", true),
            ("created:<=2026-11-22", true),
            ("created:<=2026-11-21", false),
            ("-created:2026-11-22", false),
            ("created:2026-11-22T06:00:00Z", true),
            ("created:>2026-11-22T06:00:00Z", false),
            ("created:<=2026-11-22T06:00:00Z", true),
            ("updated:2026-11-22", true),
            ("updated:>=2026-11-22T07:00:01Z", false),
            ("updated:<2026-11-22", false),
        ] {
            assert_eq!(q(query).matches(&t, &c), expected, "{query}");
        }
        assert!(Query::parse(&["created:>4h"]).is_err());
        assert!(Query::parse(&["updated:soon"]).is_err());
        assert!(Query::parse(&["age:>2026-11-01"]).is_err());
    }

    #[test]
    fn bare_words_search_title_description_and_comments() {
        let t = ticket("VPN drops", 1, Grade::Low, &[]);
        let c = ctx();
        assert!(q("berlin firmware").matches(&t, &c));
        assert!(q("\"vpn drops\"").matches(&t, &c));
        assert!(!q("printer").matches(&t, &c));
        assert!(q("-printer").matches(&t, &c));
    }

    #[test]
    fn bad_queries_name_the_problem() {
        let err = Query::parse(&["colour:red"]).unwrap_err().to_string();
        assert!(
            err.contains("unknown field 'colour'") && err.contains("priority"),
            "{err}"
        );
        assert!(Query::parse(&["tier:7"])
            .unwrap_err()
            .to_string()
            .contains("0, 1, 2, 3 or 4"));
        assert!(Query::parse(&["priority:P9"]).is_err());
        assert!(Query::parse(&["status:done"])
            .unwrap_err()
            .to_string()
            .contains("in-progress"));
        assert!(Query::parse(&["age:>4y"]).is_err());
        assert!(Query::parse(&["tier:"]).is_err());
        assert!(Query::parse(&["status:<open"]).is_err());
        assert!(Query::parse(&["title:\"open"]).is_err());
    }

    #[test]
    fn the_state_decides_state_terms_and_leaves_log_terms_to_whole_tickets() {
        let t = ticket("VPN drops", 2, Grade::High, &["vpn"]);
        let c = ctx();
        assert!(q("tier:2 firmware").matches_state(&t.state, &c));
        assert!(!q("tier:1 firmware").matches_state(&t.state, &c));
        assert!(q("printer").matches_state(&t.state, &c));
        assert!(!q("printer").matches(&t, &c));
        assert!(q("tier:2 firmware").matches(&t, &c));
    }

    #[test]
    fn every_field_queries_can_name_is_listed() {
        for spec in crate::model::field::FIELDS {
            let listed = SUBJECTS.contains(&Subject::Field(spec.field));
            assert_eq!(listed, spec.term.is_some(), "{}", spec.key);
        }
        let names = field_names();
        let unique: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
    }

    #[test]
    fn sorting_is_total() {
        let a = ticket("a", 1, Grade::Low, &[]);
        let b = ticket("b", 1, Grade::High, &[]);
        let mut list = vec![&a, &b];
        sort_tickets(&mut list, "priority").unwrap();
        assert_eq!(list[0].title, "b");
        sort_tickets(&mut list, "-title").unwrap();
        assert_eq!(list[0].title, "b");
        assert!(sort_tickets(&mut list, "colour").is_err());
    }
}
