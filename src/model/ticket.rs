//! A ticket: its flat state, folded from its event log, and the file that holds both.

use chrono::{DateTime, Utc};
use toml::{Table, Value};

use super::event::{Action, Event, Filing, Rca, Relation, Vendor};
use super::fields::{Fields, Key, TableItem, TableList, TableWriter};
use super::id::{IdSource, TicketId};
use super::types::{Grade, PendingReason, Priority, PriorityMatrix, Status, TicketType, Tier};

/// The file format version this build writes.
pub const SCHEMA: i64 = 1;

/// A ticket's flat state without its event log: what listing, sorting and state-only
/// queries read (the summary cache holds these). SLA clocks and metrics need the log, so
/// they take a whole [`Ticket`].
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TicketState {
    /// The schema the file was written with.
    pub schema: i64,
    /// Its id.
    pub id: TicketId,
    /// The title: one line saying what it is about.
    pub title: String,
    /// Incident, request, problem or change.
    pub ticket_type: TicketType,
    /// Lifecycle status.
    pub status: Status,
    /// Why it waits, while pending.
    pub pending_reason: Option<PendingReason>,
    /// The support level working it.
    pub tier: Tier,
    /// P1-P5: the override if any, else the matrix.
    pub priority: Priority,
    /// Why the priority was set by hand (present exactly when it was).
    pub priority_reason: Option<String>,
    /// Impact.
    pub impact: Grade,
    /// Urgency.
    pub urgency: Grade,
    /// The affected service.
    pub service: Option<String>,
    /// The office it concerns (a key of `[sites]`).
    pub site: Option<String>,
    /// The team working it.
    pub team: Option<String>,
    /// The Level 1 owner: single point of contact, kept through escalation.
    pub owner: Option<String>,
    /// The person working it now.
    pub assignee: Option<String>,
    /// Who reported it.
    pub reporter: String,
    /// Labels, sorted.
    pub labels: Vec<String>,
    /// A major incident.
    pub major: bool,
    /// A problem with a workaround but no fix.
    pub known_error: bool,
    /// Where it came from, when imported (`github#123`).
    pub external_ref: Option<String>,
    /// When it was filed.
    #[serde(with = "super::binary::instant")]
    pub created: DateTime<Utc>,
    /// The latest event's time (notices sent do not count: they are not work on it).
    #[serde(with = "super::binary::instant")]
    pub updated: DateTime<Utc>,
    /// The last public update or notice to the reporter (`customer_updated:`), if any.
    #[serde(with = "super::binary::opt_instant")]
    pub customer_updated: Option<DateTime<Utc>>,
    /// The `Message-ID`s of the mail received on it, to thread replies (not in the file:
    /// the `received` events hold them).
    pub message_ids: Vec<String>,
    /// Free text.
    pub description: String,
    /// The resolution, while resolved or closed.
    pub resolution: Option<String>,
    /// The resolution code, while resolved or closed.
    pub resolution_code: Option<String>,
    /// The problem record this incident belongs to.
    pub problem: Option<String>,
    /// The incidents of this problem.
    pub incidents: Vec<String>,
    /// The ticket this one duplicates.
    pub duplicate_of: Option<String>,
    /// Tickets that duplicate this one.
    pub duplicates: Vec<String>,
    /// Related tickets.
    pub related: Vec<String>,
    /// Linked knowledge-base articles.
    pub kb: Vec<String>,
    /// The latest customer-satisfaction score, 1-5.
    pub csat: Option<u8>,
    /// What the customer said with it.
    pub csat_comment: Option<String>,
    /// The root-cause analysis (problems).
    pub rca: Rca,
    /// The outside vendor it is handed to (Level 4), if any.
    pub vendor: Option<Vendor>,
    /// Top-level fields this version does not know, kept verbatim.
    #[serde(with = "super::binary::toml_table")]
    pub extra: Table,
}

/// A whole ticket: the state (a pure fold of `events`) plus the events themselves. It
/// reads as its state (`ticket.title`) through `Deref`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Ticket {
    /// The state folded from `events`.
    pub state: TicketState,
    /// The log, in fold order: `(lamport, id)`.
    pub events: Vec<Event>,
}

impl std::ops::Deref for Ticket {
    type Target = TicketState;

    fn deref(&self) -> &TicketState {
        &self.state
    }
}

impl std::ops::DerefMut for Ticket {
    fn deref_mut(&mut self) -> &mut TicketState {
        &mut self.state
    }
}

impl AsRef<TicketState> for Ticket {
    fn as_ref(&self) -> &TicketState {
        &self.state
    }
}

impl AsRef<TicketState> for TicketState {
    fn as_ref(&self) -> &TicketState {
        self
    }
}

impl Ticket {
    /// Files a new ticket: a `created` event with a random id, folded.
    pub fn file(
        id: TicketId,
        filing: Filing,
        by: &str,
        at: DateTime<Utc>,
        matrix: &PriorityMatrix,
    ) -> Ticket {
        Ticket::file_with(&mut IdSource::random(), id, filing, by, at, matrix)
    }

    /// Files a new ticket: a `created` event with its id from `ids`, folded.
    pub fn file_with(
        ids: &mut IdSource,
        id: TicketId,
        filing: Filing,
        by: &str,
        at: DateTime<Utc>,
        matrix: &PriorityMatrix,
    ) -> Ticket {
        let event = Event {
            id: ids.event_id(),
            lamport: 1,
            at,
            by: by.to_string(),
            action: Action::Created(Box::new(filing)),
            extra: Table::new(),
        };
        Ticket::fold(id, vec![event], Table::new(), matrix).expect("a created event folds")
    }

    /// The state as the deterministic fold of `events`, ordered by `(lamport, id)`.
    /// Fails only when there is no `created` event.
    pub fn fold(
        id: TicketId,
        events: Vec<Event>,
        extra: Table,
        matrix: &PriorityMatrix,
    ) -> Result<Ticket, String> {
        Ticket::fold_visiting(id, events, extra, matrix, &mut |_, _| {})
    }

    /// Replays the log, calling `visit` with each event and the state right after it (in
    /// fold order): what SLA clocks and metrics need, without a history walk.
    pub fn replay(&self, matrix: &PriorityMatrix, visit: &mut dyn FnMut(&Event, &TicketState)) {
        Ticket::fold_visiting(
            self.id.clone(),
            self.events.clone(),
            Table::new(),
            matrix,
            visit,
        )
        .expect("a ticket that folded folds again");
    }

    fn fold_visiting(
        id: TicketId,
        mut events: Vec<Event>,
        extra: Table,
        matrix: &PriorityMatrix,
        visit: &mut dyn FnMut(&Event, &TicketState),
    ) -> Result<Ticket, String> {
        events.sort_by(|a, b| (a.lamport, &a.id).cmp(&(b.lamport, &b.id)));
        events.dedup_by(|a, b| a.id == b.id);
        let first = events
            .iter()
            .find_map(|e| match &e.action {
                Action::Created(f) => Some((f.clone(), e.at)),
                _ => None,
            })
            .ok_or_else(|| "it has no 'created' event".to_string())?;
        let (filing, created) = first;
        let mut t = TicketState {
            schema: SCHEMA,
            id,
            title: String::new(),
            ticket_type: filing.ticket_type,
            status: Status::New,
            pending_reason: None,
            tier: filing.tier,
            priority: matrix.priority(filing.impact, filing.urgency),
            priority_reason: None,
            impact: filing.impact,
            urgency: filing.urgency,
            service: None,
            site: None,
            team: None,
            owner: None,
            assignee: None,
            reporter: filing.reporter.clone(),
            labels: Vec::new(),
            major: false,
            known_error: false,
            external_ref: filing.external_ref.clone(),
            created,
            updated: created,
            customer_updated: None,
            message_ids: Vec::new(),
            description: String::new(),
            resolution: None,
            resolution_code: None,
            problem: None,
            incidents: Vec::new(),
            duplicate_of: None,
            duplicates: Vec::new(),
            related: Vec::new(),
            kb: Vec::new(),
            csat: None,
            csat_comment: None,
            rca: Rca::default(),
            vendor: None,
            extra,
        };
        let mut override_priority: Option<Priority> = None;
        for e in &events {
            if !matches!(e.action, Action::Notified(_) | Action::Delivery { .. }) {
                t.updated = t.updated.max(e.at);
            }
            if t.tells_customer(e) {
                t.customer_updated = Some(t.customer_updated.map_or(e.at, |u| u.max(e.at)));
            }
            t.apply(&e.action, &mut override_priority);
            t.priority = override_priority.unwrap_or_else(|| matrix.priority(t.impact, t.urgency));
            visit(e, &t);
        }
        t.priority = override_priority.unwrap_or_else(|| matrix.priority(t.impact, t.urgency));
        if override_priority.is_none() {
            t.priority_reason = None;
        }
        t.labels.sort();
        t.labels.dedup();
        Ok(Ticket { state: t, events })
    }
}

impl TicketState {
    /// Whether `e` keeps the reporter informed: a public comment by someone else, or a
    /// notice sent to them.
    fn tells_customer(&self, e: &Event) -> bool {
        match &e.action {
            Action::Commented {
                internal: false, ..
            } => !e.by.eq_ignore_ascii_case(&self.reporter),
            Action::Notified(n) => {
                n.to.iter()
                    .any(|to| to.eq_ignore_ascii_case(&self.reporter))
            }
            _ => false,
        }
    }

    fn apply(&mut self, action: &Action, override_priority: &mut Option<Priority>) {
        match action {
            Action::Created(f) => {
                self.title = f.title.clone();
                self.ticket_type = f.ticket_type;
                self.description = f.description.clone();
                self.impact = f.impact;
                self.urgency = f.urgency;
                *override_priority = f.priority;
                self.priority_reason = f.priority_reason.clone();
                self.service = f.service.clone();
                self.site = f.site.clone();
                self.tier = f.tier;
                self.team = f.team.clone();
                self.reporter = f.reporter.clone();
                self.labels = f.labels.clone();
                self.major = f.major;
                self.assignee = f.assignee.clone();
                self.owner = f.owner.clone();
                if self.owner.is_none() && f.tier <= Tier::SERVICE_DESK {
                    self.owner = f.assignee.clone();
                }
            }
            Action::Commented { .. }
            | Action::Swept { .. }
            | Action::Notified(_)
            | Action::Delivery { .. }
            | Action::Other(_) => {}
            Action::Received(r) => add_unique(&mut self.message_ids, &r.message_id),
            Action::RcaRecorded(rca) => self.rca.update(rca),
            Action::VendorHandoff(v) => self.vendor.get_or_insert_with(Vendor::default).update(v),
            Action::Rated { score, comment } => {
                self.csat = Some(*score);
                self.csat_comment = comment.clone();
            }
            Action::Assigned { assignee, team } => {
                if let Some(a) = assignee {
                    self.assignee = non_empty(a);
                    if self.owner.is_none() && self.tier <= Tier::SERVICE_DESK {
                        self.owner = self.assignee.clone();
                    }
                    if self.assignee.is_some() && self.status == Status::New {
                        self.status = Status::Open;
                    }
                }
                if let Some(team) = team {
                    self.team = non_empty(team);
                }
            }
            Action::OwnerChanged { owner } => self.owner = non_empty(owner),
            Action::StatusChanged {
                to, pending_reason, ..
            } => {
                self.status = *to;
                self.pending_reason = if *to == Status::Pending {
                    *pending_reason
                } else {
                    None
                };
                if to.is_active() {
                    self.resolution = None;
                    self.resolution_code = None;
                }
            }
            Action::Resolved {
                resolution,
                code,
                kb,
            } => {
                self.status = Status::Resolved;
                self.pending_reason = None;
                self.resolution = Some(resolution.clone());
                self.resolution_code = code.clone();
                if let Some(slug) = kb {
                    add_unique(&mut self.kb, slug);
                }
            }
            Action::Reopened { .. } => {
                self.status = Status::Open;
                self.pending_reason = None;
                self.resolution = None;
                self.resolution_code = None;
            }
            Action::TierChanged { to, team, .. } => {
                self.tier = *to;
                if let Some(team) = team {
                    self.team = non_empty(team);
                }
                // The new tier's team picks it up; the owner stays.
                self.assignee = None;
                if self.status == Status::New {
                    self.status = Status::Open;
                }
            }
            Action::FieldSet {
                field,
                value,
                reason,
            } => self.set_field(field, value, reason.as_deref(), override_priority),
            Action::Labeled { add, remove } => {
                self.labels.retain(|l| !remove.contains(l));
                for l in add {
                    add_unique(&mut self.labels, l);
                }
            }
            Action::Linked { relation, target } => match relation {
                Relation::Problem => self.problem = Some(target.clone()),
                Relation::DuplicateOf => self.duplicate_of = Some(target.clone()),
                Relation::Incident => add_unique(&mut self.incidents, target),
                Relation::Duplicate => add_unique(&mut self.duplicates, target),
                Relation::Related => add_unique(&mut self.related, target),
                Relation::Kb => add_unique(&mut self.kb, target),
            },
            Action::Unlinked { relation, target } => match relation {
                Relation::Problem => {
                    if self.problem.as_ref() == Some(target) {
                        self.problem = None
                    }
                }
                Relation::DuplicateOf => {
                    if self.duplicate_of.as_ref() == Some(target) {
                        self.duplicate_of = None
                    }
                }
                Relation::Incident => self.incidents.retain(|x| x != target),
                Relation::Duplicate => self.duplicates.retain(|x| x != target),
                Relation::Related => self.related.retain(|x| x != target),
                Relation::Kb => self.kb.retain(|x| x != target),
            },
        }
    }

    fn set_field(
        &mut self,
        field: &str,
        value: &Value,
        reason: Option<&str>,
        override_priority: &mut Option<Priority>,
    ) {
        // Values that do not parse (written by a newer version) are ignored, not fatal.
        let text = value.as_str().unwrap_or_default();
        match field {
            "title" => self.title = text.to_string(),
            "description" => self.description = text.to_string(),
            "type" => {
                if let Ok(t) = text.parse() {
                    self.ticket_type = t
                }
            }
            "impact" => {
                if let Ok(l) = text.parse() {
                    self.impact = l
                }
            }
            "urgency" => {
                if let Ok(l) = text.parse() {
                    self.urgency = l
                }
            }
            "priority" => {
                if text == "auto" {
                    *override_priority = None;
                    self.priority_reason = None;
                } else if let Ok(p) = text.parse() {
                    *override_priority = Some(p);
                    self.priority_reason = reason.map(str::to_string);
                }
            }
            "service" => self.service = non_empty(text),
            "site" => self.site = non_empty(text),
            "major" => self.major = value.as_bool().unwrap_or(self.major),
            "known_error" => self.known_error = value.as_bool().unwrap_or(self.known_error),
            _ => {}
        }
    }
}

impl Ticket {
    /// Two versions of one ticket united: every event of either (by event id), folded
    /// again. Symmetric: `union(a, b)` and `union(b, a)` serialise to the same bytes.
    /// Unknown top-level fields are united too; where both sides hold a different value
    /// for one, the greater value (by its TOML text) is kept, so the choice does not
    /// depend on which side merges.
    pub fn union(a: &Ticket, b: &Ticket, matrix: &PriorityMatrix) -> Ticket {
        let mut events = a.events.clone();
        let known: std::collections::HashSet<&str> =
            a.events.iter().map(|e| e.id.as_str()).collect();
        events.extend(
            b.events
                .iter()
                .filter(|e| !known.contains(e.id.as_str()))
                .cloned(),
        );
        let mut extra = a.extra.clone();
        for (key, theirs) in &b.extra {
            match extra.get(key) {
                Some(ours) if ours.to_string() >= theirs.to_string() => {}
                _ => {
                    extra.insert(key.clone(), theirs.clone());
                }
            }
        }
        let mut t = Ticket::fold(a.id.clone(), events, extra, matrix)
            .expect("both sides have a created event");
        t.schema = a.schema.max(b.schema);
        t
    }

    /// The Lamport timestamp for the next event: one more than the highest in the file.
    pub fn next_lamport(&self) -> u64 {
        self.events.iter().map(|e| e.lamport).max().unwrap_or(0) + 1
    }

    /// Appends an event with a random id and folds the state again.
    pub fn record(&mut self, action: Action, by: &str, at: DateTime<Utc>, matrix: &PriorityMatrix) {
        self.record_with(&mut IdSource::random(), action, by, at, matrix);
    }

    /// Appends an event with its id from `ids` and folds the state again.
    pub fn record_with(
        &mut self,
        ids: &mut IdSource,
        action: Action,
        by: &str,
        at: DateTime<Utc>,
        matrix: &PriorityMatrix,
    ) {
        let event = Event {
            id: ids.event_id(),
            lamport: self.next_lamport(),
            at,
            by: by.to_string(),
            action,
            extra: Table::new(),
        };
        let mut events = std::mem::take(&mut self.events);
        events.push(event);
        *self = Ticket::fold(
            self.id.clone(),
            events,
            std::mem::take(&mut self.extra),
            matrix,
        )
        .expect("a ticket that folded still folds with one more event");
    }

    /// The canonical file: state first (fixed key order), unknown fields, then events in
    /// fold order. Equal events give equal bytes.
    pub fn to_toml(&self) -> String {
        let mut table = self.state_table();
        table.insert(
            "events".into(),
            Value::Array(
                self.events
                    .iter()
                    .map(|e| Value::Table(e.to_table()))
                    .collect(),
            ),
        );
        let mut text = toml::to_string(&table).expect("a ticket table serialises");
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text
    }

    /// The ticket as JSON: the TOML's field names, `short_id` after `id`, timestamps in
    /// RFC 3339 UTC, and the events when asked for.
    pub fn to_json(&self, short_id: &str, with_events: bool) -> serde_json::Value {
        let mut out = serde_json::Map::new();
        for (key, value) in self.state_table() {
            out.insert(key.clone(), toml_to_json(value));
            if key == "id" {
                out.insert(
                    "short_id".into(),
                    serde_json::Value::String(short_id.to_string()),
                );
            }
        }
        if with_events {
            out.insert(
                "events".into(),
                serde_json::Value::Array(
                    self.events
                        .iter()
                        .map(|e| toml_to_json(Value::Table(e.to_table())))
                        .collect(),
                ),
            );
        }
        serde_json::Value::Object(out)
    }
}

impl TicketState {
    /// The flat state in canonical key order (everything but the events).
    fn state_table(&self) -> Table {
        let mut w = TableWriter::new();
        w.put("schema", SCHEMA.max(self.schema))
            .put("id", self.id.as_str())
            .put("title", self.title.as_str())
            .put("type", self.ticket_type.as_str())
            .put("status", self.status.as_str())
            .opt("pending_reason", self.pending_reason)
            .put("tier", i64::from(self.tier.level()))
            .put("priority", self.priority.to_string())
            .opt("priority_reason", self.priority_reason.as_ref())
            .put("impact", self.impact.as_str())
            .put("urgency", self.urgency.as_str())
            .opt("service", self.service.as_ref())
            .opt("site", self.site.as_ref())
            .opt("team", self.team.as_ref())
            .opt("owner", self.owner.as_ref())
            .opt("assignee", self.assignee.as_ref())
            .put("reporter", self.reporter.as_str())
            .list_always("labels", &self.labels)
            .flag("major", self.major)
            .flag("known_error", self.known_error)
            .opt("external_ref", self.external_ref.as_ref())
            .time("created", &self.created)
            .time("updated", &self.updated);
        if let Some(t) = &self.customer_updated {
            w.time("customer_updated", t);
        }
        if !self.description.is_empty() {
            w.put("description", self.description.as_str());
        }
        w.opt("resolution", self.resolution.as_ref())
            .opt("resolution_code", self.resolution_code.as_ref())
            .opt("problem", self.problem.as_ref())
            .list("incidents", &self.incidents)
            .opt("duplicate_of", self.duplicate_of.as_ref())
            .list("duplicates", &self.duplicates)
            .list("related", &self.related)
            .list("kb", &self.kb);
        if let Some(score) = self.csat {
            w.put("csat", i64::from(score));
        }
        w.opt("csat_comment", self.csat_comment.as_ref())
            .extra(&self.extra);
        let mut table = w.finish();
        // Sub-tables last, so the flat fields read first in the file.
        if !self.rca.is_empty() {
            let mut r = TableWriter::new();
            self.rca.write(&mut r);
            table.insert("rca".into(), Value::Table(r.finish()));
        }
        if let Some(v) = &self.vendor {
            let mut r = TableWriter::new();
            v.write(&mut r);
            table.insert("vendor".into(), Value::Table(r.finish()));
        }
        table
    }
}

impl Ticket {
    /// Reads a ticket file. The state fields in the file are not trusted: the state is
    /// folded again from the events. The error says what is wrong, without the path.
    pub fn from_toml(
        expected_id: &TicketId,
        text: &str,
        matrix: &PriorityMatrix,
    ) -> Result<Ticket, String> {
        let doc = match super::canonical::read(text) {
            Some(parts) => Document {
                fields: parts.fields,
                events: parts.events.map(|events| {
                    TableList(Some(
                        events.into_iter().map(|f| TableItem(Some(f))).collect(),
                    ))
                }),
                extra: parts.extra,
            },
            None => toml::from_str(text).map_err(|e| toml_error(text, &e))?,
        };
        let mut f = doc.fields;
        let schema = f.opt_int("schema")?.unwrap_or(SCHEMA);
        let id = f.str("id")?;
        if id != expected_id.as_str() {
            return Err(format!("its id '{id}' does not match its file name"));
        }
        let events = match doc.events {
            Some(TableList(Some(items))) => items
                .into_iter()
                .enumerate()
                .map(|(i, item)| match item {
                    TableItem(Some(fields)) => Event::from_fields(fields),
                    TableItem(None) => Err(format!("events[{i}] is not a table")),
                })
                .collect::<Result<Vec<_>, _>>()?,
            Some(TableList(None)) => return Err("'events' is not a list of tables".into()),
            None => return Err("it has no [[events]]".into()),
        };
        let extra = doc.extra;
        let mut t = Ticket::fold(expected_id.clone(), events, extra, matrix)?;
        t.schema = schema;
        Ok(t)
    }

    /// The comments, in fold order: `(event, text, internal)`.
    pub fn comments(&self) -> impl Iterator<Item = (&Event, &str, bool)> {
        self.events.iter().filter_map(|e| match &e.action {
            Action::Commented { text, internal } => Some((e, text.as_str(), *internal)),
            _ => None,
        })
    }
}

/// A ticket file as the TOML parser hands it over: the keys the reading checks, the
/// events as tables of fields, the keys this version does not know; the state keys it
/// writes are skipped unread (the state is folded again from the events).
struct Document {
    /// `schema` and `id`.
    fields: Fields,
    events: Option<TableList>,
    extra: Table,
}

impl<'de> serde::Deserialize<'de> for Document {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Document, D::Error> {
        struct DocumentVisitor;

        impl<'de> serde::de::Visitor<'de> for DocumentVisitor {
            type Value = Document;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a ticket file")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Document, A::Error> {
                let mut fields = Vec::with_capacity(2);
                let mut events = None;
                let mut extra = Table::new();
                while let Some(Key(key)) = map.next_key()? {
                    match key.as_ref() {
                        "schema" | "id" => fields.push((key, Some(map.next_value::<Value>()?))),
                        "events" => events = Some(map.next_value::<TableList>()?),
                        k if super::field::is_file_key(k) => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                        _ => {
                            let value = map.next_value::<Value>()?;
                            extra.insert(key.into_owned(), value);
                        }
                    }
                }
                Ok(Document {
                    fields: Fields::from_entries(fields),
                    events,
                    extra,
                })
            }
        }

        d.deserialize_map(DocumentVisitor)
    }
}

/// A TOML value as JSON; datetimes become RFC 3339 strings.
pub fn toml_to_json(value: Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        Value::String(s) => J::String(s),
        Value::Integer(i) => J::from(i),
        Value::Float(f) => J::from(f),
        Value::Boolean(b) => J::Bool(b),
        Value::Datetime(d) => J::String(match super::fields::from_toml_datetime(&d) {
            Some(t) => t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            None => d.to_string(),
        }),
        Value::Array(items) => J::Array(items.into_iter().map(toml_to_json).collect()),
        Value::Table(t) => J::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

/// A TOML parse error as one line: the line number and the reason.
fn toml_error(text: &str, e: &toml::de::Error) -> String {
    let reason = e.message().trim().to_string();
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("invalid TOML at line {line}: {reason}")
        }
        None => format!("invalid TOML: {reason}"),
    }
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

fn add_unique(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|x| x == item) {
        list.push(item.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn time(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn filing() -> Filing {
        Filing {
            description: "Since Monday.
Berlin office.
"
            .into(),
            impact: Grade::High,
            service: Some("vpn".into()),
            team: Some("service-desk".into()),
            labels: vec!["vpn".into(), "remote".into()],
            ..Filing::new("VPN drops every 10 minutes", "carol@example.com")
        }
    }

    fn ticket() -> Ticket {
        Ticket::file(
            TicketId::parse("k3m9x2q7wd4hb8fz").unwrap(),
            filing(),
            "carol@example.com",
            time("2026-11-22T09:00:00Z"),
            &PriorityMatrix::default(),
        )
    }

    fn tier(n: i64) -> Tier {
        Tier::new(n).unwrap()
    }

    #[test]
    fn filing_folds_to_the_initial_state() {
        let t = ticket();
        assert_eq!(t.status, Status::New);
        assert_eq!(t.priority.to_string(), "P2");
        assert_eq!(t.labels, vec!["remote", "vpn"]);
        assert_eq!(t.events.len(), 1);
        assert_eq!(t.events[0].lamport, 1);
    }

    #[test]
    fn the_owner_is_the_first_level_1_assignee_and_survives_escalation() {
        let m = PriorityMatrix::default();
        let mut t = ticket();
        let at = time("2026-11-22T09:05:00Z");
        t.record(
            Action::Assigned {
                assignee: Some("alice@example.com".into()),
                team: None,
            },
            "alice@example.com",
            at,
            &m,
        );
        assert_eq!(t.status, Status::Open);
        assert_eq!(t.owner.as_deref(), Some("alice@example.com"));
        t.record(
            Action::TierChanged {
                from: tier(1),
                to: tier(2),
                reason: "needs network".into(),
                team: Some("network".into()),
            },
            "alice@example.com",
            at,
            &m,
        );
        assert_eq!(t.tier, tier(2));
        assert_eq!(t.assignee, None);
        assert_eq!(t.team.as_deref(), Some("network"));
        t.record(
            Action::Assigned {
                assignee: Some("bob@example.com".into()),
                team: None,
            },
            "bob@example.com",
            at,
            &m,
        );
        assert_eq!(t.owner.as_deref(), Some("alice@example.com"));
        assert_eq!(t.assignee.as_deref(), Some("bob@example.com"));
        t.record(
            Action::OwnerChanged {
                owner: "dave@example.com".into(),
            },
            "dave@example.com",
            at,
            &m,
        );
        assert_eq!(t.owner.as_deref(), Some("dave@example.com"));
    }

    #[test]
    fn fold_orders_by_lamport_then_id_not_by_time() {
        let m = PriorityMatrix::default();
        let base = ticket();
        let mk = |id: &str, lamport, at: &str, title: &str| Event {
            id: id.into(),
            lamport,
            at: time(at),
            by: "x@example.com".into(),
            action: Action::FieldSet {
                field: "title".into(),
                value: Value::String(title.into()),
                reason: None,
            },
            extra: Table::new(),
        };
        // Same Lamport timestamp: the higher id wins, whatever the times say.
        let mut events = base.events.clone();
        events.push(mk("zzzz", 2, "2026-11-22T08:00:00Z", "from z"));
        events.push(mk("aaaa", 2, "2026-11-22T12:00:00Z", "from a"));
        let t1 = Ticket::fold(base.id.clone(), events.clone(), Table::new(), &m).unwrap();
        events.reverse();
        let t2 = Ticket::fold(base.id.clone(), events, Table::new(), &m).unwrap();
        assert_eq!(t1.title, "from z");
        assert_eq!(t1.to_toml(), t2.to_toml());
        assert_eq!(t1.updated, time("2026-11-22T12:00:00Z"));
    }

    #[test]
    fn priority_follows_the_matrix_until_overridden() {
        let m = PriorityMatrix::default();
        let mut t = ticket();
        let at = time("2026-11-22T09:05:00Z");
        let set = |field: &str, value: &str, reason: Option<&str>| Action::FieldSet {
            field: field.into(),
            value: Value::String(value.into()),
            reason: reason.map(Into::into),
        };
        t.record(set("urgency", "high", None), "a@x", at, &m);
        assert_eq!(t.priority.to_string(), "P1");
        t.record(
            set("priority", "P4", Some("customer agreed")),
            "a@x",
            at,
            &m,
        );
        assert_eq!(t.priority.to_string(), "P4");
        assert_eq!(t.priority_reason.as_deref(), Some("customer agreed"));
        t.record(set("impact", "low", None), "a@x", at, &m);
        assert_eq!(t.priority.to_string(), "P4");
        t.record(set("priority", "auto", None), "a@x", at, &m);
        assert_eq!(t.priority.to_string(), "P3");
        assert_eq!(t.priority_reason, None);
    }

    #[test]
    fn status_moves_resolve_and_reopen() {
        let m = PriorityMatrix::default();
        let mut t = ticket();
        let at = time("2026-11-22T10:00:00Z");
        t.record(
            Action::StatusChanged {
                to: Status::Pending,
                pending_reason: Some(PendingReason::Customer),
                reason: None,
            },
            "a@x",
            at,
            &m,
        );
        assert_eq!(t.pending_reason, Some(PendingReason::Customer));
        t.record(
            Action::Resolved {
                resolution: "replaced the router".into(),
                code: Some("fixed".into()),
                kb: Some("vpn-rekey".into()),
            },
            "a@x",
            at,
            &m,
        );
        assert_eq!(t.status, Status::Resolved);
        assert_eq!(t.pending_reason, None);
        assert_eq!(t.kb, vec!["vpn-rekey"]);
        t.record(
            Action::Reopened {
                reason: "back again".into(),
            },
            "a@x",
            at,
            &m,
        );
        assert_eq!(t.status, Status::Open);
        assert_eq!(t.resolution, None);
    }

    #[test]
    fn the_file_round_trips_and_keeps_unknown_fields() {
        let m = PriorityMatrix::default();
        let t = ticket();
        let mut text = t.to_toml();
        assert!(text.starts_with("schema = 1\nid = \"k3m9x2q7wd4hb8fz\"\ntitle = "));
        assert!(text.contains("description = \"\"\"\nSince Monday."));
        // A newer version adds a state field and an event kind.
        text = text.replacen("title = ", "sentiment = \"angry\"\ntitle = ", 1);
        text.push_str(
            "\n[[events]]\nid = \"zz\"\nclock = 2\nat = 2026-11-22T09:10:00Z\nby = \"bot@x\"\nkind = \"sentiment\"\nscore = -3\n",
        );
        let read = Ticket::from_toml(&t.id, &text, &m).unwrap();
        let written = read.to_toml();
        assert!(written.contains("sentiment = \"angry\""));
        assert!(written.contains("kind = \"sentiment\"\nscore = -3"));
        let again = Ticket::from_toml(&t.id, &written, &m).unwrap();
        assert_eq!(again.to_toml(), written);
    }

    #[test]
    fn json_uses_the_toml_field_names() {
        let t = ticket();
        let j = t.to_json("k3m9x2", true);
        let keys: Vec<&String> = j.as_object().unwrap().keys().collect();
        assert_eq!(keys[..4], ["schema", "id", "short_id", "title"]);
        assert_eq!(j["created"], "2026-11-22T09:00:00Z");
        assert_eq!(j["events"][0]["kind"], "created");
        assert!(t.to_json("k3m9x2", false).get("events").is_none());
    }

    #[test]
    fn broken_files_say_why() {
        let m = PriorityMatrix::default();
        let id = TicketId::parse("k3m9x2q7wd4hb8fz").unwrap();
        let err = Ticket::from_toml(&id, "title = \"x\"\nstatus = = 3\n", &m).unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        let err = Ticket::from_toml(&id, "id = \"k3m9x2q7wd4hb8fz\"\n", &m).unwrap_err();
        assert!(err.contains("no [[events]]"), "{err}");
    }

    #[test]
    fn union_keeps_every_event_of_both_sides() {
        let m = PriorityMatrix::default();
        let base = ticket();
        let at = time("2026-11-22T10:00:00Z");
        let mut a = base.clone();
        a.record(
            Action::TierChanged {
                from: Tier::SERVICE_DESK,
                to: Tier::new(2).unwrap(),
                reason: "needs network".into(),
                team: Some("network".into()),
            },
            "a@x",
            at,
            &m,
        );
        let mut b = base.clone();
        b.record(
            Action::Commented {
                text: "customer called again".into(),
                internal: false,
            },
            "b@x",
            at,
            &m,
        );
        b.extra
            .insert("sentiment".into(), Value::String("angry".into()));
        let ab = Ticket::union(&a, &b, &m);
        let ba = Ticket::union(&b, &a, &m);
        assert_eq!(ab.to_toml(), ba.to_toml());
        assert_eq!(ab.events.len(), 3);
        assert_eq!(ab.tier, Tier::new(2).unwrap());
        assert_eq!(ab.comments().count(), 1);
        assert!(ab.to_toml().contains("sentiment = \"angry\""));
        // Uniting with itself or an older version changes nothing.
        assert_eq!(Ticket::union(&ab, &base, &m).to_toml(), ab.to_toml());
    }

    #[test]
    fn rca_vendor_and_rating_fold_into_tables_and_round_trip() {
        let m = PriorityMatrix::default();
        let mut t = ticket();
        let at = time("2026-11-22T10:00:00Z");
        t.record(
            Action::RcaRecorded(Rca {
                symptoms: Some("drops every 10 min".into()),
                root_cause: Some("IKE rekey timer".into()),
                ..Rca::default()
            }),
            "sam@x",
            at,
            &m,
        );
        t.record(
            Action::RcaRecorded(Rca {
                fix: Some("set lifetime to 8h".into()),
                reproduced: Some(true),
                ..Rca::default()
            }),
            "sam@x",
            at,
            &m,
        );
        t.record(
            Action::VendorHandoff(Vendor {
                name: Some("VPNCo".into()),
                reference: Some("VC-88123".into()),
                contract: None,
                follow_up: Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()),
            }),
            "vic@x",
            at,
            &m,
        );
        t.record(
            Action::Rated {
                score: 4,
                comment: Some("quick".into()),
            },
            "c@x",
            at,
            &m,
        );
        assert_eq!(t.rca.root_cause.as_deref(), Some("IKE rekey timer"));
        assert_eq!(t.rca.fix.as_deref(), Some("set lifetime to 8h"));
        assert_eq!(t.csat, Some(4));
        let text = t.to_toml();
        assert!(text.contains("csat = 4\n"), "{text}");
        assert!(text.contains("[rca]\nsymptoms = "), "{text}");
        assert!(
            text.contains(
                "[vendor]\nname = \"VPNCo\"\nref = \"VC-88123\"\nfollow_up = 2026-11-25\n"
            ),
            "{text}"
        );
        assert!(text.find("[vendor]").unwrap() < text.find("[[events]]").unwrap());
        let back = Ticket::from_toml(&t.id, &text, &m).unwrap();
        assert_eq!(back.to_toml(), text);
        assert_eq!(back.vendor, t.vendor);
        let j = t.to_json("k3m9x2", false);
        assert_eq!(j["vendor"]["follow_up"], "2026-11-25");
        assert_eq!(j["rca"]["reproduced"], true);
    }

    /// The reading as it was before files were parsed straight into fields: the whole
    /// file as a `toml::Table` first, then taken apart. The two must agree on every file.
    fn from_toml_through_a_table(
        expected_id: &TicketId,
        text: &str,
        matrix: &PriorityMatrix,
    ) -> Result<Ticket, String> {
        let table: Table = toml::from_str(text).map_err(|e| toml_error(text, &e))?;
        let mut f = Fields::new(table);
        let schema = f.opt_int("schema")?.unwrap_or(SCHEMA);
        let id = f.str("id")?;
        if id != expected_id.as_str() {
            return Err(format!("its id '{id}' does not match its file name"));
        }
        let events = match f.take("events") {
            Some(Value::Array(items)) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| match v {
                    Value::Table(t) => Event::from_table(t),
                    _ => Err(format!("events[{i}] is not a table")),
                })
                .collect::<Result<Vec<_>, _>>()?,
            Some(_) => return Err("'events' is not a list of tables".into()),
            None => return Err("it has no [[events]]".into()),
        };
        let mut extra = f.rest();
        extra.retain(|k, _| !super::super::field::is_file_key(k));
        let mut t = Ticket::fold(expected_id.clone(), events, extra, matrix)?;
        t.schema = schema;
        Ok(t)
    }

    /// Both readings of `text`: the same ticket (to its encoded bytes, unknown fields in
    /// their order) and the same canonical file, or the same error.
    fn assert_read_as_before(id: &TicketId, text: &str) {
        let m = PriorityMatrix::default();
        match (
            from_toml_through_a_table(id, text, &m),
            Ticket::from_toml(id, text, &m),
        ) {
            (Ok(before), Ok(now)) => {
                assert_eq!(before, now, "{text}");
                assert_eq!(
                    postcard::to_stdvec(&before).unwrap(),
                    postcard::to_stdvec(&now).unwrap(),
                    "{text}"
                );
                assert_eq!(before.to_toml(), now.to_toml(), "{text}");
            }
            (Err(before), Err(now)) => assert_eq!(before, now, "{text}"),
            (before, now) => panic!("{text}\nbefore: {before:?}\nnow: {now:?}"),
        }
    }

    #[test]
    fn broken_structure_is_reported_as_before() {
        let id = TicketId::parse("k3m9x2q7wd4hb8fz").unwrap();
        let good = ticket().to_toml();
        let head = "schema = 1\nid = \"k3m9x2q7wd4hb8fz\"\n";
        for text in [
            good.clone(),
            format!("{head}events = 3\n"),
            format!("{head}events = [1, 2]\n"),
            format!("{head}events = [2026-01-01]\n"),
            format!("{head}events = [[1], {{ id = \"x\" }}]\n"),
            format!("{head}events = 2026-01-01T09:00:00Z\n"),
            format!("{head}[events]\nid = \"x\"\n"),
            format!("{head}events = []\n"),
            format!("{head}title = 3\nstatus = [1]\n"),
            "schema = \"one\"\nid = 3\n".to_string(),
            "schema = 0\nid = \"k3m9x2q7wd4hb8fz\"\n".to_string(),
            "id = \"aaaaaaaaaaaaaaaa\"\n".to_string(),
            good.replacen("schema = 1\n", "", 1),
            good.replacen("schema = 1\n", "schema = 0\n", 1),
            good.replacen("title = ", "title = = ", 1),
            good.replacen("at = 2026-11-22T09:00:00Z", "at = 2026-11-22", 1),
            good.replacen("at = 2026-11-22T09:00:00Z", "at = 2026-11-22T09:00:00", 1),
            good.replacen("at = 2026-11-22T09:00:00Z", "at = 09:00:00", 1),
            good.replacen(
                "at = 2026-11-22T09:00:00Z",
                "at = 2026-11-22T10:00:00+01:00",
                1,
            ),
            good.replacen(
                "at = 2026-11-22T09:00:00Z",
                "at = \"2026-11-22T09:00:00Z\"",
                1,
            ),
            good.replacen("at = 2026-11-22T09:00:00Z", "at = \"yesterday\"", 1),
            good.replacen("clock = 1", "clock = -1", 1),
            good.replacen("clock = 1", "clock = \"1\"", 1),
            good.replacen("labels = [", "labels = [1, ", 1),
            good.replacen(
                "\n[[events]]\n",
                "\n[[events]]\nmood = { a = [1, 2026-01-01] }\n",
                1,
            ),
            good.replacen(
                "\n[[events]]\n",
                "\n[survey]\nscore = 1.5\n\n[[events]]\n",
                1,
            ),
            good.replacen("\ntitle = ", "\nzeta = 1\nalpha = \"a\"\ntitle = ", 1),
            good.replacen(
                "kind = \"created\"",
                "kind = \"created\"\nsentiment = \"x\"",
                1,
            ),
            good.replacen("tier = 1\nservice", "tier = \"L9\"\nservice", 1),
        ] {
            assert_read_as_before(&id, &text);
        }
    }

    /// Every ticket file under `$DESK_PARSE_CORPUS` (a desk's `tickets/` written out)
    /// reads as it did through a whole table. Run by hand on a real or generated desk:
    /// `DESK_PARSE_CORPUS=dir cargo test --lib -- --ignored reads_as_before`.
    #[test]
    #[ignore = "needs a directory of ticket files in DESK_PARSE_CORPUS"]
    fn a_corpus_of_ticket_files_reads_as_before() {
        let dir = std::env::var("DESK_PARSE_CORPUS").expect("DESK_PARSE_CORPUS names a directory");
        let mut dirs = vec![std::path::PathBuf::from(dir)];
        let mut files = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                let stem = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or_default();
                let Ok(id) = TicketId::parse(stem) else {
                    continue;
                };
                if path.extension() == Some("toml".as_ref()) {
                    assert_read_as_before(&id, &std::fs::read_to_string(&path).unwrap());
                    files += 1;
                }
            }
        }
        assert!(files > 0, "no ticket files found");
        eprintln!("{files} ticket files read as before");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn action(kind: u8, n: u8) -> Action {
            let tier = Tier::new(i64::from(n % 5)).unwrap();
            match kind % 7 {
                0 => Action::Commented {
                    text: format!("note {n}"),
                    internal: n % 2 == 0,
                },
                1 => Action::TierChanged {
                    from: Tier::SERVICE_DESK,
                    to: tier,
                    reason: "r".into(),
                    team: Some(format!("team-{n}")),
                },
                2 => Action::Assigned {
                    assignee: Some(format!("p{n}@example.com")),
                    team: None,
                },
                3 => Action::Labeled {
                    add: vec![format!("l{}", n % 4)],
                    remove: vec![format!("l{}", (n % 4 + 1) % 4)],
                },
                4 => Action::FieldSet {
                    field: "impact".into(),
                    value: Value::String(["high", "medium", "low"][usize::from(n % 3)].into()),
                    reason: None,
                },
                5 => Action::StatusChanged {
                    to: Status::Pending,
                    pending_reason: Some(PendingReason::Vendor),
                    reason: None,
                },
                _ => Action::Resolved {
                    resolution: format!("fix {n}"),
                    code: None,
                    kb: None,
                },
            }
        }

        /// An event of any kind this version writes (and one it does not), with or
        /// without fields it does not know.
        fn any_event(i: usize, kind: u8, n: u8, extra: bool) -> Event {
            use crate::model::{Attachment, Notice, Received};
            let text = |s: &str| format!("{s} {n} \"quoted\" \\ back\nsecond line");
            let action = match kind % 22 {
                0..=6 => action(kind, n),
                7 => Action::OwnerChanged {
                    owner: format!("o{n}@example.com"),
                },
                8 => Action::Reopened {
                    reason: text("why"),
                },
                9 => Action::TierChanged {
                    from: Tier::new(3).unwrap(),
                    to: Tier::new(i64::from(n % 3)).unwrap(),
                    reason: "back down".into(),
                    team: None,
                },
                10 => Action::FieldSet {
                    field: ["major", "known_error"][usize::from(n % 2)].into(),
                    value: Value::Boolean(n % 3 == 0),
                    reason: None,
                },
                11 => Action::FieldSet {
                    field: "priority".into(),
                    value: Value::String(["P1", "auto", "P9"][usize::from(n % 3)].into()),
                    reason: Some("agreed".into()),
                },
                12 => Action::Linked {
                    relation: [Relation::Problem, Relation::Kb, Relation::Related]
                        [usize::from(n % 3)],
                    target: format!("t{n}"),
                },
                13 => Action::Unlinked {
                    relation: [
                        Relation::DuplicateOf,
                        Relation::Incident,
                        Relation::Duplicate,
                    ][usize::from(n % 3)],
                    target: format!("t{n}"),
                },
                14 => Action::Swept {
                    rule: format!("status:open age:>{n}h -> escalate"),
                },
                15 => Action::RcaRecorded(Rca {
                    method: (n % 2 == 0).then(|| "5 whys".into()),
                    root_cause: Some(text("cause")),
                    reproduced: (n % 3 != 0).then_some(n % 2 == 0),
                    ..Rca::default()
                }),
                16 => Action::VendorHandoff(Vendor {
                    name: Some("VPNCo".into()),
                    reference: (n % 2 == 0).then(|| format!("VC-{n}")),
                    contract: None,
                    follow_up: chrono::NaiveDate::from_ymd_opt(2026, 12, u32::from(n % 28) + 1),
                }),
                17 => Action::Rated {
                    score: n % 5 + 1,
                    comment: (n % 2 == 0).then(|| text("said")),
                },
                18 => Action::Received(Box::new(Received {
                    message_id: format!("m{n}@mail.example.com"),
                    from: "carol@example.com".into(),
                    name: (n % 2 == 0).then(|| "Carol".into()),
                    subject: text("Re: VPN"),
                    original: format!("mail/{i}/1.eml"),
                    attachments: (0..n % 3)
                        .map(|k| Attachment {
                            name: format!("shot{k}.png"),
                            content_type: "image/png".into(),
                            size: u64::from(n) * 1000 + u64::from(k),
                            path: (k % 2 == 0).then(|| format!("attachments/{i}/{k}-shot.png")),
                        })
                        .collect(),
                    note: (n % 4 == 0).then(|| "auto-reply".into()),
                })),
                19 => Action::Notified(Box::new(Notice {
                    notice: "public-comment".into(),
                    about: format!("e{n}"),
                    to: vec!["carol@example.com".into()],
                    message_id: format!("n{n}@desk.example.com"),
                    attempt: u32::from(n % 3) + 1,
                })),
                20 => Action::Delivery {
                    message_id: format!("n{n}@desk.example.com"),
                    failure: (n % 2 == 0).then(|| "550 no such user".into()),
                },
                _ => Action::Other(format!("future-{}", n % 3)),
            };
            let mut more = Table::new();
            if extra || matches!(action, Action::Other(_)) {
                more.insert(format!("mood{}", n % 3), Value::Integer(i64::from(n)));
                more.insert(
                    "nested".into(),
                    Value::Array(vec![Value::String("a".into()), Value::Boolean(true)]),
                );
            }
            Event {
                id: format!("e{i:03}{n:03}"),
                lamport: i as u64 + 2,
                at: time("2026-11-22T09:00:00Z") + chrono::Duration::minutes(i as i64 * 7),
                by: if n % 2 == 0 {
                    "carol@example.com"
                } else {
                    "x@example.com"
                }
                .into(),
                action,
                extra: more,
            }
        }

        /// What a hand edit, a newer version or an older one could leave in a line.
        const EDITS: &[&str] = &[
            "3",
            "-1",
            "0",
            "6",
            "true",
            "1.5",
            "\"x\"",
            "\"\"",
            "[1, 2]",
            "[\"a\"]",
            "[]",
            "2026-01-01",
            "2026-01-01T10:00:00",
            "10:00:00",
            "2026-11-22T10:00:00+02:00",
            "\"2026-11-22T10:00:00Z\"",
            "{ a = 1 }",
            "= =",
            "\"L9\"",
            "\"P9\"",
            "\"future\"",
        ];

        /// `text` with one line changed by `how`.
        fn edited(text: &str, line: usize, how: u8, pick: usize) -> String {
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            let i = line % lines.len();
            let token = EDITS[pick % EDITS.len()];
            match how % 6 {
                0 => {}
                1 => {
                    lines.remove(i);
                }
                2 => {
                    if let Some((key, _)) = lines[i].split_once(" = ") {
                        lines[i] = format!("{key} = {token}");
                    }
                }
                3 => lines.insert(i, format!("future_{pick} = {token}")),
                4 => {
                    if let Some((_, value)) = lines[i].split_once(" = ") {
                        lines[i] = format!("unknown_{pick} = {value}");
                    }
                }
                _ => {
                    let head = text.split("\n[[events]]").next().unwrap_or_default();
                    return format!("{head}\nevents = {token}\n");
                }
            }
            lines.join("\n") + "\n"
        }

        proptest! {
            /// The fold depends on the set of events only: any arrival order, and any
            /// duplicates (the same event from two clones), give the same bytes.
            #[test]
            fn fold_is_order_independent(
                steps in proptest::collection::vec((any::<u8>(), any::<u8>(), 1u64..6, 0u32..1000), 0..25),
                seed in any::<u64>(),
            ) {
                let m = PriorityMatrix::default();
                let base = ticket();
                let mut events = base.events.clone();
                for (i, (kind, n, lamport, minute)) in steps.iter().enumerate() {
                    events.push(Event {
                        id: format!("e{i:03}{n:03}"),
                        lamport: lamport + 1,
                        at: base.created + chrono::Duration::minutes(i64::from(*minute)),
                        by: "x@example.com".into(),
                        action: action(*kind, *n),
                        extra: Table::new(),
                    });
                }
                let a = Ticket::fold(base.id.clone(), events.clone(), Table::new(), &m).unwrap();
                let mut shuffled = events.clone();
                let mut state = seed | 1;
                for i in (1..shuffled.len()).rev() {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    shuffled.swap(i, (state % (i as u64 + 1)) as usize);
                }
                shuffled.extend(events.iter().take(3).cloned());
                let b = Ticket::fold(base.id.clone(), shuffled, Table::new(), &m).unwrap();
                prop_assert_eq!(a.to_toml(), b.to_toml());
                let reread = Ticket::from_toml(&base.id, &a.to_toml(), &m).unwrap();
                prop_assert_eq!(reread.to_toml(), a.to_toml());
            }

            /// Every event kind, unknown fields and kinds, old schemas and hand edits
            /// read exactly as the reading through a whole `toml::Table` did: the same
            /// ticket and canonical file, or the same error.
            #[test]
            fn files_read_as_they_did_through_a_table(
                steps in proptest::collection::vec((any::<u8>(), any::<u8>(), any::<bool>()), 0..30),
                top_extra in any::<bool>(),
                edits in proptest::collection::vec((any::<usize>(), any::<u8>(), any::<usize>()), 0..3),
            ) {
                let m = PriorityMatrix::default();
                let base = ticket();
                let mut events = base.events.clone();
                for (i, (kind, n, extra)) in steps.iter().enumerate() {
                    events.push(any_event(i, *kind, *n, *extra));
                }
                let mut extra = Table::new();
                if top_extra {
                    extra.insert("sentiment".into(), Value::String("angry".into()));
                    let mut survey = Table::new();
                    survey.insert("score".into(), Value::Float(4.5));
                    extra.insert("survey".into(), Value::Table(survey));
                }
                let t = Ticket::fold(base.id.clone(), events, extra, &m).unwrap();
                let mut text = t.to_toml();
                assert_read_as_before(&base.id, &text);
                for (line, how, pick) in edits {
                    text = edited(&text, line, how, pick);
                    assert_read_as_before(&base.id, &text);
                }
            }
        }
    }
}
