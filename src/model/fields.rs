//! Reading typed values out of a TOML table, taking each key as it is read so that
//! whatever is left over (fields from a newer version) can be kept verbatim.
//!
//! A ticket file is read straight from the TOML parser into [`Fields`] (see
//! [`TableItem`]): its keys in document order, the keys this version knows held as static
//! names, with no map to hash into and take back out of.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use toml::value::Datetime;
use toml::{Table, Value};

/// A table being taken apart key by key. Errors name the key; the caller adds the file.
pub struct Fields {
    /// The keys in document order; a key read is `None`. Few keys per table, so a scan
    /// beats hashing.
    entries: Vec<(Cow<'static, str>, Option<Value>)>,
}

impl Fields {
    /// Wraps a table.
    pub fn new(table: Table) -> Fields {
        Fields {
            entries: table
                .into_iter()
                .map(|(k, v)| (Cow::Owned(k), Some(v)))
                .collect(),
        }
    }

    pub(crate) fn from_entries(entries: Vec<(Cow<'static, str>, Option<Value>)>) -> Fields {
        Fields { entries }
    }

    /// What is left: the keys nobody asked for, in the order of the file.
    pub fn rest(self) -> Table {
        self.entries
            .into_iter()
            .filter_map(|(k, v)| v.map(|v| (k.into_owned(), v)))
            .collect()
    }

    /// A string value without taking it.
    pub fn peek_str(&self, key: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.as_ref())
            .and_then(Value::as_str)
    }

    /// Removes a key whatever its type.
    pub fn take(&mut self, key: &str) -> Option<Value> {
        self.entries
            .iter_mut()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.take())
    }

    /// An optional string.
    pub fn opt_str(&mut self, key: &str) -> Result<Option<String>, String> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(format!(
                "'{key}' should be a string, not {}",
                other.type_str()
            )),
        }
    }

    /// A required string.
    pub fn str(&mut self, key: &str) -> Result<String, String> {
        self.opt_str(key)?
            .ok_or_else(|| format!("'{key}' is missing"))
    }

    /// An optional integer.
    pub fn opt_int(&mut self, key: &str) -> Result<Option<i64>, String> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::Integer(i)) => Ok(Some(i)),
            Some(other) => Err(format!(
                "'{key}' should be an integer, not {}",
                other.type_str()
            )),
        }
    }

    /// A required integer.
    pub fn int(&mut self, key: &str) -> Result<i64, String> {
        self.opt_int(key)?
            .ok_or_else(|| format!("'{key}' is missing"))
    }

    /// A boolean, false when absent.
    pub fn flag(&mut self, key: &str) -> Result<bool, String> {
        match self.take(key) {
            None => Ok(false),
            Some(Value::Boolean(b)) => Ok(b),
            Some(other) => Err(format!(
                "'{key}' should be true or false, not {}",
                other.type_str()
            )),
        }
    }

    /// A list of strings, empty when absent.
    pub fn strings(&mut self, key: &str) -> Result<Vec<String>, String> {
        match self.take(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .into_iter()
                .map(|v| match v {
                    Value::String(s) => Ok(s),
                    other => Err(format!(
                        "'{key}' should hold strings, not {}",
                        other.type_str()
                    )),
                })
                .collect(),
            Some(other) => Err(format!(
                "'{key}' should be a list of strings, not {}",
                other.type_str()
            )),
        }
    }

    /// A required timestamp.
    pub fn time(&mut self, key: &str) -> Result<DateTime<Utc>, String> {
        match self.take(key) {
            None => Err(format!("'{key}' is missing")),
            Some(Value::Datetime(d)) => {
                from_toml_datetime(&d).ok_or_else(|| format!("'{key}' is not a full date and time"))
            }
            Some(Value::String(s)) => DateTime::parse_from_rfc3339(&s)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| format!("'{key}' is not an RFC 3339 time")),
            Some(other) => Err(format!(
                "'{key}' should be a date and time, not {}",
                other.type_str()
            )),
        }
    }

    /// An optional calendar date (`2026-11-25`; an RFC 3339 string is accepted too).
    pub fn opt_date(&mut self, key: &str) -> Result<Option<NaiveDate>, String> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::Datetime(d)) => match d.date {
                Some(date) => {
                    NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
                        .map(Some)
                        .ok_or_else(|| format!("'{key}' is not a valid date"))
                }
                None => Err(format!("'{key}' should be a date, e.g. 2026-11-25")),
            },
            Some(Value::String(s)) => NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                .map(Some)
                .map_err(|_| format!("'{key}' should be a date, e.g. 2026-11-25")),
            Some(other) => Err(format!(
                "'{key}' should be a date, not {}",
                other.type_str()
            )),
        }
    }

    /// An optional parsed value (`Tier`, `Status`, ...).
    pub fn opt_parsed<T: std::str::FromStr>(&mut self, key: &str) -> Result<Option<T>, String>
    where
        T::Err: std::fmt::Display,
    {
        match self.take(key) {
            None => Ok(None),
            Some(Value::String(s)) => s.parse().map(Some).map_err(|e| format!("'{key}': {e}")),
            Some(Value::Integer(i)) => i
                .to_string()
                .parse()
                .map(Some)
                .map_err(|e| format!("'{key}': {e}")),
            Some(other) => Err(format!("'{key}' has the wrong type ({})", other.type_str())),
        }
    }

    /// A required parsed value.
    pub fn parsed<T: std::str::FromStr>(&mut self, key: &str) -> Result<T, String>
    where
        T::Err: std::fmt::Display,
    {
        self.opt_parsed(key)?
            .ok_or_else(|| format!("'{key}' is missing"))
    }
}

/// The keys of a ticket file's tables that this version reads, sorted: held as static
/// names rather than allocated once per table.
const KNOWN_KEYS: &[&str] = &[
    "about",
    "add",
    "assignee",
    "at",
    "attachments",
    "attempt",
    "by",
    "clock",
    "code",
    "comment",
    "contract",
    "description",
    "events",
    "external_ref",
    "failure",
    "field",
    "fix",
    "follow_up",
    "from",
    "id",
    "impact",
    "internal",
    "kb",
    "kind",
    "labels",
    "major",
    "message_id",
    "method",
    "name",
    "note",
    "notice",
    "original",
    "owner",
    "pending_reason",
    "priority",
    "priority_reason",
    "reason",
    "ref",
    "relation",
    "remove",
    "reporter",
    "reproduced",
    "resolution",
    "root_cause",
    "rule",
    "schema",
    "score",
    "service",
    "site",
    "subject",
    "symptoms",
    "target",
    "team",
    "text",
    "tier",
    "title",
    "to",
    "type",
    "urgency",
    "value",
    "workaround",
];

/// The key under which the `toml` crate hands a date-time to a visitor as a one-entry
/// map: how an item that is a date-time is told from a table.
const DATETIME_KEY: &str = "$__toml_private_datetime";

/// A key as a static name when this version reads it, else as its own string.
pub(crate) fn intern(key: Cow<'_, str>) -> Cow<'static, str> {
    match KNOWN_KEYS.binary_search(&key.as_ref()) {
        Ok(i) => Cow::Borrowed(KNOWN_KEYS[i]),
        Err(_) => Cow::Owned(key.into_owned()),
    }
}

/// A table key as read from the file.
pub(crate) struct Key(pub(crate) Cow<'static, str>);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        struct KeyVisitor;

        impl Visitor<'_> for KeyVisitor {
            type Value = Key;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a string key")
            }

            fn visit_str<E: de::Error>(self, s: &str) -> Result<Key, E> {
                Ok(Key(intern(Cow::Borrowed(s))))
            }

            fn visit_string<E: de::Error>(self, s: String) -> Result<Key, E> {
                Ok(Key(intern(Cow::Owned(s))))
            }
        }

        d.deserialize_str(KeyVisitor)
    }
}

/// One item of an array that should hold tables, read straight from the parser: its
/// fields, or `None` when it is not a table.
pub(crate) struct TableItem(pub(crate) Option<Fields>);

impl<'de> Deserialize<'de> for TableItem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<TableItem, D::Error> {
        d.deserialize_any(TableItemVisitor)
    }
}

struct TableItemVisitor;

impl<'de> Visitor<'de> for TableItemVisitor {
    type Value = TableItem;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any valid TOML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<TableItem, E> {
        Ok(TableItem(None))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<TableItem, E> {
        Ok(TableItem(None))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<TableItem, E> {
        Ok(TableItem(None))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<TableItem, E> {
        Ok(TableItem(None))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<TableItem, E> {
        Ok(TableItem(None))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TableItem, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(TableItem(None))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TableItem, A::Error> {
        let mut entries = Vec::with_capacity(16);
        while let Some(Key(key)) = map.next_key()? {
            if entries.is_empty() && key == DATETIME_KEY {
                map.next_value::<IgnoredAny>()?;
                return Ok(TableItem(None));
            }
            entries.push((key, Some(map.next_value::<Value>()?)));
        }
        Ok(TableItem(Some(Fields::from_entries(entries))))
    }
}

/// A value that should be an array of tables, read straight from the parser: its items,
/// or `None` when it is not an array.
pub(crate) struct TableList(pub(crate) Option<Vec<TableItem>>);

impl<'de> Deserialize<'de> for TableList {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<TableList, D::Error> {
        d.deserialize_any(TableListVisitor)
    }
}

struct TableListVisitor;

impl<'de> Visitor<'de> for TableListVisitor {
    type Value = TableList;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any valid TOML value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<TableList, E> {
        Ok(TableList(None))
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<TableList, E> {
        Ok(TableList(None))
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<TableList, E> {
        Ok(TableList(None))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<TableList, E> {
        Ok(TableList(None))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<TableList, E> {
        Ok(TableList(None))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<TableList, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(8));
        while let Some(item) = seq.next_element::<TableItem>()? {
            items.push(item);
        }
        Ok(TableList(Some(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TableList, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(TableList(None))
    }
}

/// A chrono time as a TOML datetime, to the second, in UTC.
pub fn to_toml_datetime(t: &DateTime<Utc>) -> Value {
    let text = t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    Value::Datetime(text.parse::<Datetime>().expect("formatted datetime parses"))
}

/// A calendar date as a TOML local date.
pub fn to_toml_date(d: NaiveDate) -> Value {
    Value::Datetime(
        d.format("%Y-%m-%d")
            .to_string()
            .parse::<Datetime>()
            .expect("formatted date parses"),
    )
}

/// A TOML datetime as a chrono time; a local date-time is taken as UTC.
pub fn from_toml_datetime(d: &Datetime) -> Option<DateTime<Utc>> {
    let date = d.date?;
    let time = d.time?;
    let naive = NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())?
        .and_hms_nano_opt(
            time.hour.into(),
            time.minute.into(),
            time.second.unwrap_or(0).into(),
            time.nanosecond.unwrap_or(0),
        )?;
    let utc = naive.and_utc();
    Some(match d.offset {
        None | Some(toml::value::Offset::Z) => utc,
        Some(toml::value::Offset::Custom { minutes }) => {
            utc - chrono::Duration::minutes(minutes.into())
        }
    })
}

/// Builds a table in insertion order, leaving out empty optional values.
#[derive(Default)]
pub struct TableWriter {
    table: Table,
}

impl TableWriter {
    /// An empty table.
    pub fn new() -> TableWriter {
        TableWriter::default()
    }

    /// Any value.
    pub fn put(&mut self, key: &str, value: impl Into<Value>) -> &mut Self {
        self.table.insert(key.to_string(), value.into());
        self
    }

    /// A string, left out when `None`.
    pub fn opt(&mut self, key: &str, value: Option<impl ToString>) -> &mut Self {
        if let Some(v) = value {
            self.table
                .insert(key.to_string(), Value::String(v.to_string()));
        }
        self
    }

    /// A list of strings, left out when empty.
    pub fn list(&mut self, key: &str, values: &[String]) -> &mut Self {
        if !values.is_empty() {
            self.list_always(key, values);
        }
        self
    }

    /// A list of strings, written even when empty.
    pub fn list_always(&mut self, key: &str, values: &[String]) -> &mut Self {
        self.table.insert(
            key.to_string(),
            Value::Array(values.iter().cloned().map(Value::String).collect()),
        );
        self
    }

    /// A flag, left out when false.
    pub fn flag(&mut self, key: &str, value: bool) -> &mut Self {
        if value {
            self.table.insert(key.to_string(), Value::Boolean(true));
        }
        self
    }

    /// A timestamp.
    pub fn time(&mut self, key: &str, t: &DateTime<Utc>) -> &mut Self {
        self.table.insert(key.to_string(), to_toml_datetime(t));
        self
    }

    /// Appends keys this version does not know, sorted so the output is canonical.
    pub fn extra(&mut self, extra: &Table) -> &mut Self {
        let mut keys: Vec<&String> = extra.keys().collect();
        keys.sort();
        for k in keys {
            if !self.table.contains_key(k) {
                self.table.insert(k.clone(), extra[k].clone());
            }
        }
        self
    }

    /// The finished table.
    pub fn finish(self) -> Table {
        self.table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datetimes_round_trip_through_toml() {
        let t = DateTime::parse_from_rfc3339("2026-11-22T09:14:03Z")
            .unwrap()
            .with_timezone(&Utc);
        let v = to_toml_datetime(&t);
        let Value::Datetime(d) = v else { panic!() };
        assert_eq!(from_toml_datetime(&d), Some(t));
        let offset: Datetime = "2026-11-22T10:14:03+01:00".parse().unwrap();
        assert_eq!(from_toml_datetime(&offset), Some(t));
    }

    #[test]
    fn fields_take_keys_and_keep_the_rest() {
        let table: Table = toml::from_str("a = 'x'\nn = 3\nfuture = true").unwrap();
        let mut f = Fields::new(table);
        assert_eq!(f.str("a").unwrap(), "x");
        assert_eq!(f.int("n").unwrap(), 3);
        assert!(f.str("a").is_err());
        let rest = f.rest();
        assert_eq!(rest.len(), 1);
        assert!(rest.contains_key("future"));
    }
}
