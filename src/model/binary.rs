//! Serde adapters that let the model travel through compact binary formats (the summary
//! cache): times as whole numbers, TOML values as their TOML text (binary formats cannot
//! carry a self-describing `toml::Value` directly).

/// `DateTime<Utc>` as seconds and nanoseconds since the epoch: exact, and cheap to read.
pub mod instant {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes `(seconds, nanoseconds)`.
    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        (t.timestamp(), t.timestamp_subsec_nanos()).serialize(s)
    }

    /// Reads `(seconds, nanoseconds)`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let (secs, nanos) = <(i64, u32)>::deserialize(d)?;
        DateTime::from_timestamp(secs, nanos)
            .ok_or_else(|| serde::de::Error::custom("a time out of range"))
    }
}

/// An optional instant, as [`instant`] writes it.
pub mod opt_instant {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes `Some((seconds, nanoseconds))` or `None`.
    pub fn serialize<S: Serializer>(t: &Option<DateTime<Utc>>, s: S) -> Result<S::Ok, S::Error> {
        t.map(|t| (t.timestamp(), t.timestamp_subsec_nanos()))
            .serialize(s)
    }

    /// Reads what [`serialize`] wrote.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
        match <Option<(i64, u32)>>::deserialize(d)? {
            None => Ok(None),
            Some((secs, nanos)) => DateTime::from_timestamp(secs, nanos)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom("a time out of range")),
        }
    }
}

/// A TOML table as its TOML text (empty tables, the usual case, as an empty string).
pub mod toml_table {
    use serde::{Deserialize, Deserializer, Serializer};
    use toml::Table;

    /// Writes the table as TOML text.
    pub fn serialize<S: Serializer>(table: &Table, s: S) -> Result<S::Ok, S::Error> {
        if table.is_empty() {
            return s.serialize_str("");
        }
        let text = toml::to_string(table).map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }

    /// Reads the table back from its TOML text.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Table, D::Error> {
        let text = <&str>::deserialize(d)?;
        if text.is_empty() {
            return Ok(Table::new());
        }
        text.parse::<Table>().map_err(serde::de::Error::custom)
    }
}

/// One TOML value as the TOML text of `v = <value>`.
pub mod toml_value {
    use serde::{Deserialize, Deserializer, Serializer};
    use toml::{Table, Value};

    /// Writes the value as TOML text.
    pub fn serialize<S: Serializer>(value: &Value, s: S) -> Result<S::Ok, S::Error> {
        let mut table = Table::new();
        table.insert("v".into(), value.clone());
        let text = toml::to_string(&table).map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }

    /// Reads the value back.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        let text = <&str>::deserialize(d)?;
        let mut table = text.parse::<Table>().map_err(serde::de::Error::custom)?;
        table
            .remove("v")
            .ok_or_else(|| serde::de::Error::custom("a value without its key"))
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, NaiveDate, Utc};
    use toml::{Table, Value};

    use crate::model::{
        Action, Event, Filing, PriorityMatrix, Rca, Relation, Ticket, TicketId, Vendor,
    };

    fn round_trip(t: &Ticket) -> Ticket {
        let bytes = postcard::to_stdvec(t).unwrap();
        postcard::from_bytes(&bytes).unwrap()
    }

    #[test]
    fn a_ticket_with_every_kind_of_field_survives_the_round_trip() {
        let m = PriorityMatrix::default();
        let at: DateTime<Utc> = "2026-11-22T09:00:00.123456789Z".parse().unwrap();
        let mut t = Ticket::file(
            TicketId::parse("k3m9x2q7wd4hb8fz").unwrap(),
            Filing {
                labels: vec!["vpn".into()],
                service: Some("vpn".into()),
                ..Filing::new("VPN drops", "carol@example.com")
            },
            "carol@example.com",
            at,
            &m,
        );
        t.record(
            Action::FieldSet {
                field: "major".into(),
                value: Value::Boolean(true),
                reason: None,
            },
            "a@x",
            at,
            &m,
        );
        t.record(
            Action::RcaRecorded(Rca {
                root_cause: Some("IKE rekey".into()),
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
                follow_up: NaiveDate::from_ymd_opt(2026, 11, 25),
                ..Vendor::default()
            }),
            "v@x",
            at,
            &m,
        );
        t.record(
            Action::Linked {
                relation: Relation::Related,
                target: "abc".into(),
            },
            "a@x",
            at,
            &m,
        );
        let mut extra = Table::new();
        extra.insert("custom".into(), Value::Integer(7));
        extra.insert("nested".into(), Value::Table(extra.clone()));
        t.events.push(Event {
            id: "zzzz".into(),
            lamport: 99,
            at,
            by: "x@y".into(),
            action: Action::Other("future-kind".into()),
            extra: extra.clone(),
        });
        t.extra = extra;
        assert_eq!(round_trip(&t), t);
    }
}
