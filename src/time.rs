//! The one place that reads the current time: `DESK_NOW` when set (tests, demos,
//! replays), the system time otherwise. Beside it, `DESK_SEED`, which makes new ids
//! repeatable in the same way. And the zone times are shown in to people.

use chrono::{DateTime, Local, Offset, SubsecRound, TimeZone, Utc};
use chrono_tz::Tz;

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

/// The zone times are shown in to people (JSON keeps UTC): `TZ` when it is set, else
/// the desk's `[display] timezone`, else the system's own zone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DisplayZone {
    /// An IANA zone, shown with its abbreviation (`CET`).
    Named(Tz),
    /// The system's zone (or a POSIX `TZ` rule such as `EST5EDT,M3.2.0,M11.1.0`),
    /// shown with its offset (`+01:00`), or `UTC` at offset zero.
    System,
}

impl DisplayZone {
    /// The zone for a `TZ` value (`None`: not set) and a desk's display zone.
    pub fn choose(tz: Option<&str>, desk: Option<Tz>) -> DisplayZone {
        match tz.map(str::trim).filter(|t| !t.is_empty()) {
            // `TZ=:Europe/Paris` means the same as `TZ=Europe/Paris`.
            Some(tz) => match tz.trim_start_matches(':').parse::<Tz>() {
                Ok(zone) => DisplayZone::Named(zone),
                Err(_) => DisplayZone::System,
            },
            None => desk.map_or(DisplayZone::System, DisplayZone::Named),
        }
    }

    /// The zone for this process: `TZ` from the environment and the desk's zone.
    pub fn from_env(desk: Option<Tz>) -> DisplayZone {
        DisplayZone::choose(std::env::var("TZ").ok().as_deref(), desk)
    }

    /// `at` in this zone, formatted with chrono's `format` (no `%Z`: see
    /// [`DisplayZone::minute`]).
    pub fn format(&self, at: DateTime<Utc>, format: &str) -> String {
        match self {
            DisplayZone::Named(zone) => at.with_timezone(zone).format(format).to_string(),
            DisplayZone::System => at.with_timezone(&Local).format(format).to_string(),
        }
    }

    /// `2026-11-22 10:00 CET`: a time to the minute with its zone.
    pub fn minute(&self, at: DateTime<Utc>) -> String {
        format!("{} {}", self.format(at, "%Y-%m-%d %H:%M"), self.label(at))
    }

    /// The zone's name at `at`: an abbreviation (`CET`, `UTC`), or an offset.
    pub fn label(&self, at: DateTime<Utc>) -> String {
        match self {
            DisplayZone::Named(zone) => at.with_timezone(zone).format("%Z").to_string(),
            DisplayZone::System => {
                let offset = Local.offset_from_utc_datetime(&at.naive_utc()).fix();
                if offset.local_minus_utc() == 0 {
                    "UTC".to_string()
                } else {
                    offset.to_string()
                }
            }
        }
    }

    /// A due or past time, as short as stays unambiguous next to `now`: `13:00` on the
    /// same day, `Mon 13:00` within six days either side, `11-30 13:00` otherwise.
    pub fn near(&self, at: DateTime<Utc>, now: DateTime<Utc>) -> String {
        let day = |t| self.format(t, "%Y-%m-%d");
        if day(at) == day(now) {
            self.format(at, "%H:%M")
        } else if (at - now).num_days().abs() < 6 {
            self.format(at, "%a %H:%M")
        } else {
            self.format(at, "%m-%d %H:%M")
        }
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

    #[test]
    fn display_zones_follow_tz_then_the_desk() {
        let paris: Tz = "Europe/Paris".parse().unwrap();
        let tokyo: Tz = "Asia/Tokyo".parse().unwrap();
        assert_eq!(
            DisplayZone::choose(Some("Asia/Tokyo"), Some(paris)),
            DisplayZone::Named(tokyo)
        );
        assert_eq!(
            DisplayZone::choose(Some(":Asia/Tokyo"), None),
            DisplayZone::Named(tokyo)
        );
        assert_eq!(
            DisplayZone::choose(None, Some(paris)),
            DisplayZone::Named(paris)
        );
        assert_eq!(
            DisplayZone::choose(Some(" "), Some(paris)),
            DisplayZone::Named(paris)
        );
        assert_eq!(DisplayZone::choose(None, None), DisplayZone::System);
        assert_eq!(
            DisplayZone::choose(Some("EST5EDT,M3.2.0,M11.1.0x"), None),
            DisplayZone::System
        );
    }

    #[test]
    fn times_show_in_the_display_zone() {
        let zone = DisplayZone::Named("Europe/Paris".parse().unwrap());
        let winter = parse_time("2026-11-22T09:00:00Z").unwrap();
        let summer = parse_time("2026-07-01T09:00:00Z").unwrap();
        assert_eq!(zone.minute(winter), "2026-11-22 10:00 CET");
        assert_eq!(zone.minute(summer), "2026-07-01 11:00 CEST");
        let utc = DisplayZone::Named(Tz::UTC);
        assert_eq!(utc.minute(winter), "2026-11-22 09:00 UTC");
    }

    #[test]
    fn near_times_are_short_and_unambiguous() {
        let zone = DisplayZone::Named(Tz::UTC);
        let now = parse_time("2026-11-22T09:00:00Z").unwrap(); // a Sunday
        let at = |s| parse_time(s).unwrap();
        assert_eq!(zone.near(at("2026-11-22T13:00:00Z"), now), "13:00");
        assert_eq!(zone.near(at("2026-11-24T13:00:00Z"), now), "Tue 13:00");
        assert_eq!(zone.near(at("2026-11-20T08:00:00Z"), now), "Fri 08:00");
        assert_eq!(zone.near(at("2026-12-24T13:00:00Z"), now), "12-24 13:00");
    }
}
