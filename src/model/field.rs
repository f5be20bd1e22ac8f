//! The registry of ticket fields: every top-level key of a ticket file, what kind of
//! value it holds, and which of the desk's field lists it belongs to (query terms, sort
//! keys, CSV columns, report groups, `set`). Listings, queries, exports and reports read
//! a ticket's fields through [`Field`], so a field is named and read in one place.
//!
//! Where a list's order shows in output (an error listing valid fields, the CSV header),
//! the list is kept here in that order; a unit test checks it names exactly the fields
//! whose [`FieldSpec`] says they belong to it.

use std::cmp::Ordering;

use chrono::{DateTime, Utc};

use super::ticket::TicketState;
use super::types::Grade;

/// A top-level field of a ticket, in the ticket file's key order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    /// `id`.
    Id,
    /// `title`.
    Title,
    /// `type`.
    Type,
    /// `status`.
    Status,
    /// `pending_reason`.
    PendingReason,
    /// `tier`.
    Tier,
    /// `priority`.
    Priority,
    /// `priority_reason`.
    PriorityReason,
    /// `impact`.
    Impact,
    /// `urgency`.
    Urgency,
    /// `service`.
    Service,
    /// `site`.
    Site,
    /// `team`.
    Team,
    /// `owner`.
    Owner,
    /// `assignee`.
    Assignee,
    /// `reporter`.
    Reporter,
    /// `labels` (a query term names one: `label:`).
    Labels,
    /// `major`.
    Major,
    /// `known_error`.
    KnownError,
    /// `external_ref`.
    ExternalRef,
    /// `created`.
    Created,
    /// `updated`.
    Updated,
    /// `customer_updated`: the last public update or notice to the reporter (the filing
    /// when there is none).
    CustomerUpdated,
    /// `description`.
    Description,
    /// `resolution`.
    Resolution,
    /// `resolution_code`.
    ResolutionCode,
    /// `problem`.
    Problem,
    /// `incidents`.
    Incidents,
    /// `duplicate_of`.
    DuplicateOf,
    /// `duplicates`.
    Duplicates,
    /// `related`.
    Related,
    /// `kb`.
    Kb,
    /// `csat`.
    Csat,
    /// `csat_comment`.
    CsatComment,
    /// `rca` (a table).
    Rca,
    /// `vendor` (a table; a query term matches its name).
    Vendor,
}

/// What a field holds, which decides how a query term on it reads its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free or chosen text, possibly absent; a term matches any of its values.
    Text,
    /// Several texts (labels, links).
    List,
    /// An ordered value compared by rank (`tier:>=2`, `priority:<=P2`, `impact:>=medium`).
    Rank,
    /// The lifecycle status.
    Status,
    /// The ticket type.
    Type,
    /// Yes or no.
    Flag,
    /// An instant.
    Time,
    /// A number (the CSAT score).
    Number,
    /// A sub-table (RCA, vendor).
    Table,
}

/// One field's entry in the registry.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// The field.
    pub field: Field,
    /// Its key in the ticket file, the JSON and the CSV.
    pub key: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// The name a query term gives it, if queries can name it.
    pub term: Option<&'static str>,
    /// `ls --sort` accepts it.
    pub sort: bool,
    /// A column of the CSV export and import (and a field of the JSON import).
    pub csv: bool,
    /// `report --by` groups by it.
    pub group: bool,
    /// `set` changes it.
    pub settable: bool,
}

const fn spec(field: Field, key: &'static str, kind: Kind) -> FieldSpec {
    FieldSpec {
        field,
        key,
        kind,
        term: None,
        sort: false,
        csv: false,
        group: false,
        settable: false,
    }
}

impl FieldSpec {
    const fn term(mut self, name: &'static str) -> FieldSpec {
        self.term = Some(name);
        self
    }

    const fn query(self) -> FieldSpec {
        self.term(self.key)
    }

    const fn sort(mut self) -> FieldSpec {
        self.sort = true;
        self
    }

    const fn csv(mut self) -> FieldSpec {
        self.csv = true;
        self
    }

    const fn group(mut self) -> FieldSpec {
        self.group = true;
        self
    }

    const fn settable(mut self) -> FieldSpec {
        self.settable = true;
        self
    }
}

use Field as F;
use Kind as K;

/// Every field, in the ticket file's key order.
pub const FIELDS: &[FieldSpec] = &[
    spec(F::Id, "id", K::Text).query().sort().csv(),
    spec(F::Title, "title", K::Text)
        .query()
        .sort()
        .csv()
        .settable(),
    spec(F::Type, "type", K::Type)
        .query()
        .sort()
        .csv()
        .settable(),
    spec(F::Status, "status", K::Status).query().sort().csv(),
    spec(F::PendingReason, "pending_reason", K::Text).csv(),
    spec(F::Tier, "tier", K::Rank).query().sort().csv().group(),
    spec(F::Priority, "priority", K::Rank)
        .query()
        .sort()
        .csv()
        .group()
        .settable(),
    spec(F::PriorityReason, "priority_reason", K::Text).csv(),
    spec(F::Impact, "impact", K::Rank)
        .query()
        .sort()
        .csv()
        .settable(),
    spec(F::Urgency, "urgency", K::Rank)
        .query()
        .sort()
        .csv()
        .settable(),
    spec(F::Service, "service", K::Text)
        .query()
        .sort()
        .csv()
        .group()
        .settable(),
    spec(F::Site, "site", K::Text)
        .query()
        .sort()
        .csv()
        .group()
        .settable(),
    spec(F::Team, "team", K::Text).query().sort().csv().group(),
    spec(F::Owner, "owner", K::Text).query().sort().csv(),
    spec(F::Assignee, "assignee", K::Text).query().sort().csv(),
    spec(F::Reporter, "reporter", K::Text).query().csv(),
    spec(F::Labels, "labels", K::List)
        .term("label")
        .csv()
        .settable(),
    spec(F::Major, "major", K::Flag).query().csv().settable(),
    spec(F::KnownError, "known_error", K::Flag)
        .query()
        .settable(),
    spec(F::ExternalRef, "external_ref", K::Text).csv(),
    spec(F::Created, "created", K::Time).query().sort().csv(),
    spec(F::Updated, "updated", K::Time).query().sort().csv(),
    spec(F::CustomerUpdated, "customer_updated", K::Time)
        .query()
        .sort(),
    spec(F::Description, "description", K::Text)
        .csv()
        .settable(),
    spec(F::Resolution, "resolution", K::Text).csv(),
    spec(F::ResolutionCode, "resolution_code", K::Text),
    spec(F::Problem, "problem", K::Text).query(),
    spec(F::Incidents, "incidents", K::List),
    spec(F::DuplicateOf, "duplicate_of", K::Text),
    spec(F::Duplicates, "duplicates", K::List),
    spec(F::Related, "related", K::List),
    spec(F::Kb, "kb", K::List),
    spec(F::Csat, "csat", K::Number),
    spec(F::CsatComment, "csat_comment", K::Text),
    spec(F::Rca, "rca", K::Table),
    spec(F::Vendor, "vendor", K::Table).query(),
];

/// The sort keys in the order `ls --sort` lists them (the default first).
pub const SORT_KEYS: &[Field] = &[
    F::Priority,
    F::Created,
    F::Updated,
    F::Tier,
    F::Status,
    F::Id,
    F::Title,
    F::Type,
    F::Impact,
    F::Urgency,
    F::Assignee,
    F::Owner,
    F::Team,
    F::Service,
    F::CustomerUpdated,
    F::Site,
];

/// The CSV columns in export order (the columns of files exported before stay where
/// they were, so new ones go at the end).
pub const CSV_COLUMNS: &[Field] = &[
    F::Id,
    F::Title,
    F::Type,
    F::Status,
    F::PendingReason,
    F::Tier,
    F::Priority,
    F::PriorityReason,
    F::Impact,
    F::Urgency,
    F::Service,
    F::Team,
    F::Owner,
    F::Assignee,
    F::Reporter,
    F::Labels,
    F::Major,
    F::Created,
    F::Updated,
    F::Resolution,
    F::ExternalRef,
    F::Description,
    F::Site,
];

/// The fields `report --by` groups by, in the order it lists them.
pub const GROUP_KEYS: &[Field] = &[F::Tier, F::Team, F::Service, F::Priority, F::Site];

/// The CSV header, in [`CSV_COLUMNS`] order.
pub const CSV_HEADER: [&str; CSV_COLUMNS.len()] = keys(CSV_COLUMNS);

/// The sort keys' names, in [`SORT_KEYS`] order.
pub const SORT_KEY_NAMES: [&str; SORT_KEYS.len()] = keys(SORT_KEYS);

/// The names of [`GROUP_KEYS`], in order.
pub const GROUP_KEY_NAMES: [&str; GROUP_KEYS.len()] = keys(GROUP_KEYS);

/// The keys of `fields`, in order (`N` is their number), for lists that must be
/// constants.
pub const fn keys<const N: usize>(fields: &[Field]) -> [&'static str; N] {
    assert!(fields.len() == N);
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = fields[i].key();
        i += 1;
    }
    out
}

/// Top-level keys of a ticket file that are not fields of its state.
pub const FILE_KEYS: &[&str] = &["schema", "events"];

impl Field {
    /// The field's registry entry.
    pub const fn spec(self) -> &'static FieldSpec {
        let mut i = 0;
        while i < FIELDS.len() {
            if FIELDS[i].field as u8 == self as u8 {
                return &FIELDS[i];
            }
            i += 1;
        }
        panic!("every field has an entry")
    }

    /// Its key in the ticket file, the JSON and the CSV.
    pub const fn key(self) -> &'static str {
        self.spec().key
    }

    /// What it holds.
    pub fn kind(self) -> Kind {
        self.spec().kind
    }

    /// The field whose file key is `key`.
    pub fn from_key(key: &str) -> Option<Field> {
        FIELDS.iter().find(|s| s.key == key).map(|s| s.field)
    }

    /// The field a query term names `name` (`label` for labels).
    pub fn from_term(name: &str) -> Option<Field> {
        FIELDS
            .iter()
            .find(|s| s.term == Some(name))
            .map(|s| s.field)
    }

    /// The name a query term gives it.
    pub fn term(self) -> Option<&'static str> {
        self.spec().term
    }

    /// The field a sort key names.
    pub fn from_sort_key(name: &str) -> Option<Field> {
        SORT_KEYS.iter().copied().find(|f| f.key() == name)
    }

    /// The field a `report --by` group names.
    pub fn from_group_key(name: &str) -> Option<Field> {
        GROUP_KEYS.iter().copied().find(|f| f.key() == name)
    }

    /// The fields `set` changes, in the file's key order.
    pub fn settable() -> impl Iterator<Item = Field> {
        FIELDS.iter().filter(|s| s.settable).map(|s| s.field)
    }
}

/// True when `key` is a top-level key this version writes in a ticket file; any other is
/// kept verbatim as unknown.
pub fn is_file_key(key: &str) -> bool {
    FILE_KEYS.contains(&key) || Field::from_key(key).is_some()
}

/// An impact or urgency as a rank: low < medium < high, so `impact:>=medium` reads
/// naturally.
pub fn grade_rank(l: Grade) -> i64 {
    2 - l.index() as i64
}

fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

impl TicketState {
    /// The field's text values, as a query term matches them: none when it is empty,
    /// one per label or link. Tables give none, except the vendor: its name. Ranks,
    /// flags, times and numbers give their text.
    pub fn texts(&self, field: Field) -> Vec<std::borrow::Cow<'_, str>> {
        use std::borrow::Cow::{Borrowed, Owned};
        fn opt(v: &Option<String>) -> Vec<std::borrow::Cow<'_, str>> {
            v.as_deref()
                .map(std::borrow::Cow::Borrowed)
                .into_iter()
                .collect()
        }
        fn list(v: &[String]) -> Vec<std::borrow::Cow<'_, str>> {
            v.iter()
                .map(|s| std::borrow::Cow::Borrowed(s.as_str()))
                .collect()
        }
        match field {
            F::Id => vec![Borrowed(self.id.as_str())],
            F::Title => vec![Borrowed(self.title.as_str())],
            F::Type => vec![Borrowed(self.ticket_type.as_str())],
            F::Status => vec![Borrowed(self.status.as_str())],
            F::PendingReason => self
                .pending_reason
                .map(|p| Owned(p.to_string()))
                .into_iter()
                .collect(),
            F::Tier => vec![Owned(self.tier.to_string())],
            F::Priority => vec![Owned(self.priority.to_string())],
            F::PriorityReason => opt(&self.priority_reason),
            F::Impact => vec![Borrowed(self.impact.as_str())],
            F::Urgency => vec![Borrowed(self.urgency.as_str())],
            F::Service => opt(&self.service),
            F::Site => opt(&self.site),
            F::Team => opt(&self.team),
            F::Owner => opt(&self.owner),
            F::Assignee => opt(&self.assignee),
            F::Reporter => vec![Borrowed(self.reporter.as_str())],
            F::Labels => list(&self.labels),
            F::Major => vec![Owned(self.major.to_string())],
            F::KnownError => vec![Owned(self.known_error.to_string())],
            F::ExternalRef => opt(&self.external_ref),
            F::Created => vec![Owned(time_text(self.created))],
            F::Updated => vec![Owned(time_text(self.updated))],
            F::CustomerUpdated => self
                .customer_updated
                .map(|t| Owned(time_text(t)))
                .into_iter()
                .collect(),
            F::Description if self.description.is_empty() => Vec::new(),
            F::Description => vec![Borrowed(self.description.as_str())],
            F::Resolution => opt(&self.resolution),
            F::ResolutionCode => opt(&self.resolution_code),
            F::Problem => opt(&self.problem),
            F::Incidents => list(&self.incidents),
            F::DuplicateOf => opt(&self.duplicate_of),
            F::Duplicates => list(&self.duplicates),
            F::Related => list(&self.related),
            F::Kb => list(&self.kb),
            F::Csat => self
                .csat
                .map(|c| Owned(c.to_string()))
                .into_iter()
                .collect(),
            F::CsatComment => opt(&self.csat_comment),
            F::Rca => Vec::new(),
            F::Vendor => self
                .vendor
                .as_ref()
                .and_then(|v| v.name.as_deref())
                .map(Borrowed)
                .into_iter()
                .collect(),
        }
    }

    /// The field as one CSV cell: its texts joined with commas, empty when it has none.
    pub fn cell(&self, field: Field) -> String {
        self.texts(field).join(",")
    }

    /// A rank field's rank (tier level, priority number, impact or urgency rank).
    pub fn rank(&self, field: Field) -> Option<i64> {
        match field {
            F::Tier => Some(i64::from(self.tier.level())),
            F::Priority => Some(i64::from(self.priority.number())),
            F::Impact => Some(grade_rank(self.impact)),
            F::Urgency => Some(grade_rank(self.urgency)),
            _ => None,
        }
    }

    /// A flag field's value.
    pub fn flag(&self, field: Field) -> Option<bool> {
        match field {
            F::Major => Some(self.major),
            F::KnownError => Some(self.known_error),
            _ => None,
        }
    }

    /// A time field's value.
    pub fn time(&self, field: Field) -> Option<DateTime<Utc>> {
        match field {
            F::Created => Some(self.created),
            F::Updated => Some(self.updated),
            F::CustomerUpdated => Some(self.customer_updated.unwrap_or(self.created)),
            _ => None,
        }
    }

    /// How two tickets order by a field, ascending: P1 before P5, the highest impact and
    /// urgency first, titles without regard to case, empty before set.
    pub fn compare(&self, other: &TicketState, field: Field) -> Ordering {
        let (a, b) = (self, other);
        match field {
            F::Priority => a.priority.cmp(&b.priority),
            F::Created => a.created.cmp(&b.created),
            F::Updated => a.updated.cmp(&b.updated),
            F::CustomerUpdated => a.time(F::CustomerUpdated).cmp(&b.time(F::CustomerUpdated)),
            F::Tier => a.tier.cmp(&b.tier),
            F::Status => a.status.cmp(&b.status),
            F::Id => a.id.cmp(&b.id),
            F::Title => a.title.to_lowercase().cmp(&b.title.to_lowercase()),
            F::Type => a.ticket_type.cmp(&b.ticket_type),
            F::Impact | F::Urgency => b.rank(field).cmp(&a.rank(field)),
            F::Assignee => a.assignee.cmp(&b.assignee),
            F::Owner => a.owner.cmp(&b.owner),
            F::Team => a.team.cmp(&b.team),
            F::Service => a.service.cmp(&b.service),
            F::Site => a.site.cmp(&b.site),
            F::Major | F::KnownError => a.flag(field).cmp(&b.flag(field)),
            F::Csat => a.csat.cmp(&b.csat),
            _ => a.texts(field).cmp(&b.texts(field)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flagged(pick: impl Fn(&FieldSpec) -> bool) -> Vec<Field> {
        FIELDS.iter().filter(|s| pick(s)).map(|s| s.field).collect()
    }

    fn same_members(list: &[Field], flagged: Vec<Field>, what: &str) {
        let mut listed = list.to_vec();
        listed.sort_by_key(|f| f.key());
        let mut flagged = flagged;
        flagged.sort_by_key(|f| f.key());
        assert_eq!(
            listed, flagged,
            "{what}: the ordered list and the flags disagree"
        );
    }

    #[test]
    fn ordered_lists_name_exactly_the_flagged_fields() {
        same_members(SORT_KEYS, flagged(|s| s.sort), "sort keys");
        same_members(CSV_COLUMNS, flagged(|s| s.csv), "CSV columns");
        same_members(GROUP_KEYS, flagged(|s| s.group), "report groups");
    }

    #[test]
    fn keys_and_terms_are_unique_and_every_field_has_one_entry() {
        let keys: std::collections::HashSet<_> = FIELDS.iter().map(|s| s.key).collect();
        assert_eq!(keys.len(), FIELDS.len());
        let fields: std::collections::HashSet<_> = FIELDS.iter().map(|s| s.field).collect();
        assert_eq!(fields.len(), FIELDS.len());
        let terms: Vec<_> = FIELDS.iter().filter_map(|s| s.term).collect();
        let unique: std::collections::HashSet<_> = terms.iter().collect();
        assert_eq!(unique.len(), terms.len());
        for s in FIELDS {
            assert_eq!(Field::from_key(s.key), Some(s.field));
            assert!(!FILE_KEYS.contains(&s.key));
        }
        assert_eq!(Field::from_term("label"), Some(Field::Labels));
        assert_eq!(Field::from_term("labels"), None);
    }

    #[test]
    fn the_registry_follows_the_ticket_file_key_order() {
        use crate::model::{Filing, PriorityMatrix, Ticket, TicketId};
        let m = PriorityMatrix::default();
        let t = Ticket::file(
            TicketId::generate(),
            Filing {
                description: "text".into(),
                service: Some("vpn".into()),
                team: Some("desk".into()),
                assignee: Some("a@x".into()),
                labels: vec!["vpn".into()],
                ..Filing::new("VPN drops", "carol@example.com")
            },
            "carol@example.com",
            "2026-11-22T06:00:00Z".parse().unwrap(),
            &m,
        );
        let table: toml::Table = toml::from_str(&t.to_toml()).unwrap();
        let written: Vec<&str> = table
            .keys()
            .map(String::as_str)
            .filter(|k| !FILE_KEYS.contains(k))
            .collect();
        let registry: Vec<&str> = FIELDS
            .iter()
            .map(|s| s.key)
            .filter(|k| written.contains(k))
            .collect();
        assert_eq!(written, registry);
        assert!(table.keys().all(|k| is_file_key(k)));
    }

    #[test]
    fn cells_read_as_the_csv_export_wrote_them() {
        use crate::model::{Filing, PriorityMatrix, Ticket, TicketId};
        let m = PriorityMatrix::default();
        let t = Ticket::file(
            TicketId::generate(),
            Filing {
                labels: vec!["remote".into(), "vpn".into()],
                ..Filing::new("VPN drops", "carol@example.com")
            },
            "carol@example.com",
            "2026-11-22T06:00:00Z".parse().unwrap(),
            &m,
        );
        assert_eq!(t.cell(Field::Labels), "remote,vpn");
        assert_eq!(t.cell(Field::Tier), t.tier.to_string());
        assert_eq!(t.cell(Field::Major), "false");
        assert_eq!(t.cell(Field::Created), "2026-11-22T06:00:00Z");
        assert_eq!(t.cell(Field::Service), "");
        assert_eq!(t.cell(Field::PendingReason), "");
    }
}
