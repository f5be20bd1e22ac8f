//! The one place that reads the current time: `DESK_NOW` when set (tests, demos,
//! replays), the system time otherwise. Beside it, `DESK_SEED`, which makes new ids
//! repeatable in the same way.

use chrono::{DateTime, SubsecRound, Utc};

use crate::error::DeskError;

/// The environment variable that fixes the current time.
pub const DESK_NOW: &str = "DESK_NOW";

/// The environment variable that makes new ids follow from a seed.
pub const DESK_SEED: &str = "DESK_SEED";

/// The seed new ids follow from, when `DESK_SEED` is set; `None`: random ids.
pub fn id_seed() -> Result<Option<u64>, DeskError> {
    match std::env::var(DESK_SEED) {
        Ok(text) if !text.trim().is_empty() => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| DeskError::from(crate::error::BadValue::Seed(text.to_string()))),
        _ => Ok(None),
    }
}

/// The current time, to the second.
pub fn now() -> Result<DateTime<Utc>, DeskError> {
    match std::env::var(DESK_NOW) {
        Ok(text) if !text.trim().is_empty() => parse_time(&text)
            .ok_or_else(|| DeskError::from(crate::error::BadValue::Now(text.to_string()))),
        _ => Ok(Utc::now().trunc_subsecs(0)),
    }
}

/// Parses an RFC 3339 time, or a bare date (midnight UTC).
pub fn parse_time(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc).trunc_subsecs(0));
    }
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

/// Parses a duration such as `30m`, `4h`, `2d`, `1w` or `90s` into seconds.
pub fn parse_duration(text: &str) -> Option<i64> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit())?;
    let (number, unit) = text.split_at(split);
    let n: i64 = number.parse().ok()?;
    let unit_seconds = match unit {
        "s" => 1,
        "m" | "min" => 60,
        "h" => 3_600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => return None,
    };
    n.checked_mul(unit_seconds)
}

/// A duration in seconds as a short human form: `45s`, `12m`, `5h`, `3d`.
pub fn format_age(seconds: i64) -> String {
    let s = seconds.max(0);
    match s {
        0..=59 => format!("{s}s"),
        60..=3_599 => format!("{}m", s / 60),
        3_600..=86_399 => format!("{}h", s / 3_600),
        _ => format!("{}d", s / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse() {
        assert_eq!(parse_duration("4h"), Some(14_400));
        assert_eq!(parse_duration("2d"), Some(172_800));
        assert_eq!(parse_duration("15m"), Some(900));
        assert_eq!(parse_duration("1w"), Some(604_800));
        assert_eq!(parse_duration("4"), None);
        assert_eq!(parse_duration("h"), None);
        assert_eq!(parse_duration("4y"), None);
    }

    #[test]
    fn times_parse_as_rfc3339_or_dates() {
        assert_eq!(
            parse_time("2026-11-22").unwrap().to_rfc3339(),
            "2026-11-22T00:00:00+00:00"
        );
        assert_eq!(
            parse_time("2026-11-22T10:00:00+01:00")
                .unwrap()
                .to_rfc3339(),
            "2026-11-22T09:00:00+00:00"
        );
        assert!(parse_time("yesterday").is_none());
    }

    #[test]
    fn ages_format_compactly() {
        assert_eq!(format_age(30), "30s");
        assert_eq!(format_age(3_600 * 5), "5h");
        assert_eq!(format_age(86_400 * 3 + 5), "3d");
    }
}
