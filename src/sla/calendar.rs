//! Working-time calendars: when SLA clocks count.
//!
//! A calendar is either always open (`24x7`, wall-clock time) or a time zone with working
//! days, working hours and holidays. Working hours are local wall-clock hours, so a
//! 09:00-17:00 day stays eight hours long across a daylight-saving change. Both directions
//! (adding working time, measuring it) walk the calendar one local day at a time and are
//! exact to the second.

use std::collections::BTreeSet;

use chrono::offset::LocalResult;
use chrono::{
    DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, TimeZone, Utc,
};
use chrono_tz::Tz;

const DAY_SECONDS: i64 = 86_400;

/// The days of the week, Monday first (the index of `Weekday::num_days_from_monday`).
const DAY_NAMES: [(&str, &str); 7] = [
    ("mon", "monday"),
    ("tue", "tuesday"),
    ("wed", "wednesday"),
    ("thu", "thursday"),
    ("fri", "friday"),
    ("sat", "saturday"),
    ("sun", "sunday"),
];

/// Working time: a time zone, working days and hours, holidays; or always open (24x7).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    name: String,
    /// `None` for an always-open calendar.
    hours: Option<WorkingHours>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct WorkingHours {
    zone: Tz,
    /// Indexed Monday = 0.
    days: [bool; 7],
    /// Seconds after local midnight.
    start: u32,
    /// Seconds after local midnight; at most 86400 (`24:00`).
    end: u32,
    /// Local dates on which nobody works.
    holidays: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// The built-in `24x7` calendar.
    pub fn always_open() -> Calendar {
        Calendar {
            name: "24x7".to_string(),
            hours: None,
        }
    }

    /// The built-in `business` default: Monday-Friday 09:00-17:00 UTC, no holidays.
    pub fn business_default() -> Calendar {
        Calendar {
            name: "business".to_string(),
            hours: Some(WorkingHours {
                zone: Tz::UTC,
                days: [true, true, true, true, true, false, false],
                start: 9 * 3_600,
                end: 17 * 3_600,
                holidays: BTreeSet::new(),
            }),
        }
    }

    /// From desk.toml values: `timezone` an IANA name ("Europe/Berlin"), `days` like
    /// `["mon","tue","wed","thu","fri"]` (full names too, any case, and ranges such as
    /// `"mon-fri"`; a range may wrap round the week end, `"fri-mon"`), `hours`
    /// `"09:00-17:00"` (the end after the start on the same day; `24:00` is the end of the
    /// day), `holidays` dates in the calendar's time zone. Errors name the bad value and
    /// say what is expected.
    pub fn new(
        name: &str,
        timezone: &str,
        days: &[String],
        hours: &str,
        holidays: &[NaiveDate],
    ) -> Result<Calendar, String> {
        let zone: Tz = timezone.trim().parse().map_err(|_| {
            format!("time zone '{timezone}' is not an IANA time zone name (e.g. Europe/Berlin)")
        })?;
        let days = parse_days(days)?;
        let (start, end) = parse_hours(hours)?;
        Ok(Calendar {
            name: name.to_string(),
            hours: Some(WorkingHours {
                zone,
                days,
                start,
                end,
                holidays: holidays.iter().copied().collect(),
            }),
        })
    }

    /// The calendar's name, as desk.toml and SLA policies refer to it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The working hours in words, as customers read them: `Europe/Berlin,
    /// Monday-Friday 09:00-17:00`, or `around the clock`. Holidays are left out.
    pub fn describe(&self) -> String {
        let Some(h) = &self.hours else {
            return "around the clock".to_string();
        };
        format!(
            "{}, {} {}-{}",
            h.zone.name(),
            describe_days(&h.days),
            clock(h.start),
            clock(h.end)
        )
    }

    /// True for a calendar that counts every second (24x7).
    pub fn is_always_open(&self) -> bool {
        self.hours.is_none()
    }

    /// Length of one working day in seconds (86400 for 24x7, 28800 for 09:00-17:00): what
    /// a `d` in an SLA target means on this calendar.
    pub fn working_day_seconds(&self) -> i64 {
        match &self.hours {
            None => DAY_SECONDS,
            Some(h) => i64::from(h.end - h.start),
        }
    }

    /// How many days a week are working days (7 for 24x7, 5 for Monday-Friday): what a
    /// `w` in an SLA target means on this calendar.
    pub fn working_days_per_week(&self) -> i64 {
        match &self.hours {
            None => 7,
            Some(h) => h.days.iter().filter(|d| **d).count() as i64,
        }
    }

    /// The instant at which `seconds` of working time have passed since `from`. When the
    /// time runs out exactly at the end of a working day, that end is the answer (not the
    /// next morning). Zero or negative `seconds` give `from`.
    pub fn add_working(&self, from: DateTime<Utc>, seconds: i64) -> DateTime<Utc> {
        if seconds <= 0 {
            return from;
        }
        let Some(hours) = &self.hours else {
            return from
                .checked_add_signed(TimeDelta::seconds(seconds))
                .unwrap_or(DateTime::<Utc>::MAX_UTC);
        };
        let mut left = TimeDelta::seconds(seconds);
        for (start, end) in hours.windows_from(from) {
            let available = end - start;
            if left <= available {
                return start + left;
            }
            left -= available;
        }
        // Only past the last date chrono can represent.
        DateTime::<Utc>::MAX_UTC
    }

    /// Working seconds between `from` and `to` (0 if `to <= from`).
    pub fn working_between(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        if to <= from {
            return 0;
        }
        let Some(hours) = &self.hours else {
            return (to - from).num_seconds();
        };
        let mut total = TimeDelta::zero();
        for (start, end) in hours.windows_from(from) {
            if start >= to {
                break;
            }
            total += end.min(to) - start;
        }
        total.num_seconds()
    }
}

impl WorkingHours {
    /// The working windows, in order and without overlap, from `from` on; the first one
    /// is cut to begin at `from`. Ends when chrono runs out of dates.
    fn windows_from(
        &self,
        from: DateTime<Utc>,
    ) -> impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)> + '_ {
        // The previous local day too: its window may end after local midnight when an
        // ambiguous hour is read at its later instant.
        let first = from.with_timezone(&self.zone).date_naive();
        let first = first.pred_opt().unwrap_or(first);
        let mut floor = from;
        std::iter::successors(Some(first), |d| d.succ_opt()).filter_map(move |date| {
            let (start, end) = self.window(date)?;
            // Never count an instant twice, whatever the time zone's transitions do.
            let start = start.max(floor);
            if end <= start {
                return None;
            }
            floor = end;
            Some((start, end))
        })
    }

    /// The working window of one local date in UTC, if it is a working day.
    fn window(&self, date: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let weekday = date.weekday().num_days_from_monday() as usize;
        if !self.days[weekday] || self.holidays.contains(&date) {
            return None;
        }
        let midnight = date.and_time(NaiveTime::MIN);
        let start = midnight.checked_add_signed(TimeDelta::seconds(i64::from(self.start)))?;
        let end = midnight.checked_add_signed(TimeDelta::seconds(i64::from(self.end)))?;
        let start = to_utc(self.zone, start, Pick::Earliest);
        let end = to_utc(self.zone, end, Pick::Latest);
        (start < end).then_some((start, end))
    }
}

/// `Monday-Friday`, `Monday, Wednesday, Friday`, `Saturday-Sunday`: runs of three or
/// more days as a range, Monday first.
fn describe_days(days: &[bool; 7]) -> String {
    let name = |i: usize| {
        let full = DAY_NAMES[i].1;
        let mut chars = full.chars();
        chars
            .next()
            .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
            .unwrap_or_default()
    };
    let mut parts = Vec::new();
    let mut i = 0;
    while i < 7 {
        if !days[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i + 1 < 7 && days[i + 1] {
            i += 1;
        }
        match i - start {
            0 => parts.push(name(start)),
            1 => parts.extend([name(start), name(i)]),
            _ => parts.push(format!("{}-{}", name(start), name(i))),
        }
        i += 1;
    }
    if parts.is_empty() {
        "no working days".to_string()
    } else {
        parts.join(", ")
    }
}

/// Seconds after midnight as `HH:MM` (`24:00` for the end of the day).
fn clock(seconds: u32) -> String {
    format!("{:02}:{:02}", seconds / 3_600, seconds % 3_600 / 60)
}

/// Which instant to take for a local time the clocks pass twice (when they go back).
#[derive(Clone, Copy)]
enum Pick {
    Earliest,
    Latest,
}

/// The UTC instant of a local wall-clock time. A time passed twice gives its earliest
/// instant for a window's start and its latest for an end, so the window covers the
/// whole repeated hour; a time that never happens (the clocks jumped over it) gives the
/// instant of the jump.
fn to_utc(zone: Tz, local: NaiveDateTime, pick: Pick) -> DateTime<Utc> {
    match zone.from_local_datetime(&local) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(a, b) => {
            let (a, b) = (a.with_timezone(&Utc), b.with_timezone(&Utc));
            match pick {
                Pick::Earliest => a.min(b),
                Pick::Latest => a.max(b),
            }
        }
        LocalResult::None => jump_instant(zone, local),
    }
}

/// The instant daylight saving jumped over `local`, a wall-clock time inside a gap.
fn jump_instant(zone: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    let offset_at =
        |t: NaiveDateTime| i64::from(zone.offset_from_utc_datetime(&t).fix().local_minus_utc());
    let before = offset_at(local - TimeDelta::days(1));
    let after = offset_at(local + TimeDelta::days(1));
    // `local` read with the later offset is before the jump, read with the earlier one
    // after it: the jump lies between, found to the second.
    let mut lo = local - TimeDelta::seconds(after);
    let mut hi = local - TimeDelta::seconds(before);
    if hi <= lo {
        return hi.and_utc();
    }
    while hi - lo > TimeDelta::seconds(1) {
        let mid = lo + (hi - lo) / 2;
        if offset_at(mid) == before {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi.and_utc()
}

fn parse_days(days: &[String]) -> Result<[bool; 7], String> {
    const EXPECTED: &str =
        "use mon, tue, wed, thu, fri, sat, sun (or full names, or a range like mon-fri)";
    let day_index = |text: &str| {
        let lower = text.trim().to_ascii_lowercase();
        DAY_NAMES
            .iter()
            .position(|(short, long)| lower == *short || lower == *long)
    };
    let mut set = [false; 7];
    for entry in days {
        let indices = match entry.split_once('-') {
            Some((first, last)) => day_index(first).zip(day_index(last)).map(|(a, b)| {
                // A range may wrap round the end of the week: fri-mon.
                let length = (b + 7 - a) % 7 + 1;
                (0..length).map(|i| (a + i) % 7).collect::<Vec<_>>()
            }),
            None => day_index(entry).map(|i| vec![i]),
        };
        let indices = indices
            .ok_or_else(|| format!("working day '{entry}' is not a day of the week: {EXPECTED}"))?;
        for i in indices {
            set[i] = true;
        }
    }
    if !set.contains(&true) {
        return Err(format!(
            "a calendar needs at least one working day: {EXPECTED}, e.g. [\"mon-fri\"]"
        ));
    }
    Ok(set)
}

/// `HH:MM-HH:MM` as seconds after local midnight.
fn parse_hours(hours: &str) -> Result<(u32, u32), String> {
    let time_of_day = |text: &str| {
        let (h, m) = text.trim().split_once(':')?;
        let all_digits =
            |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(h) || m.len() != 2 || !all_digits(m) {
            return None;
        }
        let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
        (h < 24 && m < 60 || h == 24 && m == 0).then_some(h * 3_600 + m * 60)
    };
    let range = hours
        .split_once('-')
        .and_then(|(start, end)| time_of_day(start).zip(time_of_day(end)))
        .ok_or_else(|| {
            format!("working hours '{hours}' are not a range of clock times: use HH:MM-HH:MM, e.g. 09:00-17:00")
        })?;
    let (start, end) = range;
    if end <= start {
        return Err(format!(
            "working hours '{hours}' end before they start: the end must be later on the same day, e.g. 09:00-17:00 (use 24:00 for midnight)"
        ));
    }
    Ok(range)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn time(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn describe_names_zone_days_and_hours() {
        assert_eq!(Calendar::always_open().describe(), "around the clock");
        assert_eq!(
            Calendar::business_default().describe(),
            "UTC, Monday-Friday 09:00-17:00"
        );
        let odd = Calendar::new(
            "odd",
            "America/New_York",
            &strings(&["mon", "tue", "thu", "sat-sun"]),
            "07:30-24:00",
            &[],
        )
        .unwrap();
        assert_eq!(
            odd.describe(),
            "America/New_York, Monday, Tuesday, Thursday, Saturday, Sunday 07:30-24:00"
        );
    }

    fn berlin() -> Calendar {
        Calendar::new(
            "berlin",
            "Europe/Berlin",
            &strings(&["mon-fri"]),
            "09:00-17:00",
            &[],
        )
        .unwrap()
    }

    #[test]
    fn always_open_counts_wall_clock_time() {
        let c = Calendar::always_open();
        let from = time("2026-11-21T23:30:00Z");
        assert_eq!(c.name(), "24x7");
        assert_eq!(c.working_day_seconds(), 86_400);
        assert_eq!(c.add_working(from, 3_600), time("2026-11-22T00:30:00Z"));
        assert_eq!(c.working_between(from, time("2026-11-22T00:30:00Z")), 3_600);
        assert_eq!(c.working_between(time("2026-11-22T00:30:00Z"), from), 0);
    }

    #[test]
    fn business_hours_skip_nights_and_weekends() {
        let c = Calendar::business_default();
        assert_eq!(c.name(), "business");
        assert_eq!(c.working_day_seconds(), 28_800);
        // 2026-11-20 is a Friday: one hour left that day, three on Monday.
        assert_eq!(date("2026-11-20").weekday(), chrono::Weekday::Fri);
        let friday = time("2026-11-20T16:00:00Z");
        let monday_noon = time("2026-11-23T12:00:00Z");
        assert_eq!(c.add_working(friday, 4 * 3_600), monday_noon);
        assert_eq!(c.working_between(friday, monday_noon), 4 * 3_600);
        // Started on a Saturday night, counted from Monday morning.
        assert_eq!(
            c.add_working(time("2026-11-21T22:00:00Z"), 60),
            time("2026-11-23T09:01:00Z")
        );
        // Running out exactly at the end of the day gives the end of the day.
        assert_eq!(c.add_working(friday, 3_600), time("2026-11-20T17:00:00Z"));
        assert_eq!(c.add_working(friday, 0), friday);
    }

    #[test]
    fn working_hours_stay_local_across_daylight_saving() {
        // Berlin leaves summer time on Sunday 2026-10-25 (UTC+2 -> UTC+1).
        assert_eq!(date("2026-10-25").weekday(), chrono::Weekday::Sun);
        let c = berlin();
        let friday = time("2026-10-23T00:00:00Z");
        let tuesday = time("2026-10-27T00:00:00Z");
        assert_eq!(c.working_between(friday, tuesday), 16 * 3_600);
        // Friday's window is 07:00-15:00 UTC, Monday's 08:00-16:00 UTC.
        assert_eq!(c.add_working(friday, 1), time("2026-10-23T07:00:01Z"));
        assert_eq!(
            c.add_working(friday, 8 * 3_600),
            time("2026-10-23T15:00:00Z")
        );
        assert_eq!(
            c.add_working(friday, 8 * 3_600 + 1),
            time("2026-10-26T08:00:01Z")
        );
        assert_eq!(
            c.add_working(friday, 16 * 3_600),
            time("2026-10-26T16:00:00Z")
        );
    }

    #[test]
    fn hours_that_daylight_saving_skips_or_repeats_are_handled() {
        // Berlin: 2026-03-29 02:00 -> 03:00 (skipped hour), 2026-10-25 03:00 -> 02:00
        // (repeated hour). A Sunday calendar covering those hours:
        let c = Calendar::new(
            "night",
            "Europe/Berlin",
            &strings(&["sun"]),
            "02:30-04:00",
            &[],
        )
        .unwrap();
        // 02:30 never happens in March: the day starts at the jump, 01:00 UTC (03:00 CEST),
        // and ends at 04:00 CEST = 02:00 UTC.
        let march = time("2026-03-29T00:00:00Z");
        assert_eq!(
            c.working_between(march, time("2026-03-30T00:00:00Z")),
            3_600
        );
        assert_eq!(c.add_working(march, 1), time("2026-03-29T01:00:01Z"));
        // In October 02:30 happens twice: work starts at the first (00:30 UTC) and ends at
        // 04:00 CET = 03:00 UTC.
        let october = time("2026-10-25T00:00:00Z");
        assert_eq!(
            c.working_between(october, time("2026-10-26T00:00:00Z")),
            9_000
        );
        assert_eq!(c.add_working(october, 1), time("2026-10-25T00:30:01Z"));
    }

    #[test]
    fn holidays_are_skipped() {
        let christmas = date("2026-12-25");
        assert_eq!(date("2026-12-24").weekday(), chrono::Weekday::Thu);
        assert_eq!(christmas.weekday(), chrono::Weekday::Fri);
        let mut c = Calendar::business_default();
        let thursday = time("2026-12-24T16:00:00Z");
        // Without the holiday: one hour on Thursday, one on Friday.
        assert_eq!(c.add_working(thursday, 7_200), time("2026-12-25T10:00:00Z"));
        c = Calendar::new(
            "business",
            "UTC",
            &strings(&["mon-fri"]),
            "09:00-17:00",
            &[christmas],
        )
        .unwrap();
        assert_eq!(c.add_working(thursday, 7_200), time("2026-12-28T10:00:00Z"));
        assert_eq!(
            c.working_between(thursday, time("2026-12-28T10:00:00Z")),
            7_200
        );
    }

    #[test]
    fn days_accept_names_ranges_and_any_case() {
        let days = |items: &[&str]| parse_days(&strings(items)).unwrap();
        let weekdays = [true, true, true, true, true, false, false];
        assert_eq!(days(&["mon", "tue", "wed", "thu", "fri"]), weekdays);
        assert_eq!(days(&["Monday-FRIDAY"]), weekdays);
        assert_eq!(
            days(&["fri-mon"]),
            [true, false, false, false, true, true, true]
        );
        assert_eq!(
            days(&["Sun"]),
            [false, false, false, false, false, false, true]
        );
        let c = Calendar::new("six", "UTC", &strings(&["mon-sat"]), "08:00-24:00", &[]).unwrap();
        assert_eq!(c.working_days_per_week(), 6);
        assert_eq!(c.working_day_seconds(), 16 * 3_600);
    }

    #[test]
    fn bad_calendars_say_what_is_expected() {
        let days = strings(&["mon-fri"]);
        let err = Calendar::new("b", "Europe/Berln", &days, "09:00-17:00", &[]).unwrap_err();
        assert_eq!(
            err,
            "time zone 'Europe/Berln' is not an IANA time zone name (e.g. Europe/Berlin)"
        );
        let err = Calendar::new("b", "UTC", &strings(&["mon", "fryday"]), "09:00-17:00", &[])
            .unwrap_err();
        assert!(
            err.contains("'fryday'") && err.contains("mon, tue"),
            "{err}"
        );
        let err = Calendar::new("b", "UTC", &[], "09:00-17:00", &[]).unwrap_err();
        assert!(err.contains("at least one working day"), "{err}");
        let err = Calendar::new("b", "UTC", &days, "17:00-09:00", &[]).unwrap_err();
        assert!(
            err.contains("'17:00-09:00'") && err.contains("e.g. 09:00-17:00"),
            "{err}"
        );
        for bad in [
            "9am",
            "09:00",
            "9:0-17:00",
            "09:00-25:00",
            "09:60-17:00",
            "",
        ] {
            let err = Calendar::new("b", "UTC", &days, bad, &[]).unwrap_err();
            assert!(
                err.contains(&format!("'{bad}'")) && err.contains("HH:MM-HH:MM"),
                "{err}"
            );
        }
    }

    fn any_time() -> impl Strategy<Value = DateTime<Utc>> {
        // 2020-01-01 to about 2031, to the second.
        (1_577_836_800i64..1_577_836_800 + 12 * 365 * 86_400)
            .prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
    }

    proptest! {
        /// Adding working time and measuring it are inverse, on any calendar, whatever
        /// the start and however long the span (here up to about a year and a half).
        #[test]
        fn measuring_what_was_added_gives_it_back(
            from in any_time(),
            seconds in prop_oneof![0i64..100_000, 0i64..3_000 * 3_600],
        ) {
            for c in [Calendar::business_default(), berlin(), Calendar::always_open()] {
                let due = c.add_working(from, seconds);
                prop_assert!(due >= from);
                prop_assert_eq!(c.working_between(from, due), seconds, "{}", c.name());
            }
        }

        /// The answer is the earliest instant: one second less of working time falls
        /// earlier.
        #[test]
        fn added_time_lands_on_the_earliest_instant(from in any_time(), seconds in 1i64..1_000_000) {
            let c = berlin();
            prop_assert!(c.add_working(from, seconds - 1) < c.add_working(from, seconds));
        }
    }
}
