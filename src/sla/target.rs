//! SLA targets: how much working time a first response or a resolution may take.

use std::fmt;

use super::calendar::Calendar;

/// An SLA target such as `90s`, `15m`, `4h`, `3d` or `1w`, counted in working time on the
/// policy's calendar.
///
/// `s`, `m` and `h` are seconds, minutes and hours of working time. `d` is one working
/// day of the calendar (24 hours on `24x7`, 8 hours on a 09:00-17:00 calendar). `w` is one
/// working week: as many working days as the calendar has in a week, so 7 d on `24x7`
/// and 5 d on a Monday-Friday calendar (6 d on Monday-Saturday), which makes `1w` on a
/// business calendar mean "by the same time next week".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    text: String,
    amount: i64,
    unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Seconds,
    Minutes,
    Hours,
    Days,
    Weeks,
}

impl Target {
    /// Parses a target: a whole number above zero and one unit, `s`, `m`, `h`, `d` or
    /// `w` (`min` is accepted for minutes). The error names the text and the accepted
    /// forms.
    pub fn parse(text: &str) -> Result<Target, String> {
        let trimmed = text.trim();
        let bad = || {
            format!(
                "SLA target '{text}' is not a duration: use a whole number and a unit, s, m, h, d (working days) or w (working weeks), e.g. 15m, 4h or 3d"
            )
        };
        let split = trimmed
            .find(|c: char| !c.is_ascii_digit())
            .ok_or_else(bad)?;
        let (number, unit) = trimmed.split_at(split);
        let unit = match unit {
            "s" => Unit::Seconds,
            "m" | "min" => Unit::Minutes,
            "h" => Unit::Hours,
            "d" => Unit::Days,
            "w" => Unit::Weeks,
            _ => return Err(bad()),
        };
        // Bounded so that seconds_on cannot overflow on any calendar (10,000 weeks).
        let amount: i64 = number.parse().map_err(|_| bad())?;
        if amount == 0 {
            return Err(format!(
                "SLA target '{text}' is zero: a target must be more than nothing, e.g. 15m"
            ));
        }
        if amount.saturating_mul(unit.max_seconds()) > 10_000 * 7 * 86_400 {
            return Err(format!(
                "SLA target '{text}' is too long: keep it under 10000 weeks"
            ));
        }
        Ok(Target {
            text: trimmed.to_string(),
            amount,
            unit,
        })
    }

    /// The target as written, e.g. `4h`.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The target in working seconds on `calendar`.
    pub fn seconds_on(&self, calendar: &Calendar) -> i64 {
        let unit = match self.unit {
            Unit::Seconds => 1,
            Unit::Minutes => 60,
            Unit::Hours => 3_600,
            Unit::Days => calendar.working_day_seconds(),
            Unit::Weeks => calendar.working_days_per_week() * calendar.working_day_seconds(),
        };
        self.amount * unit
    }
}

impl Unit {
    /// The most one unit can be on any calendar.
    fn max_seconds(self) -> i64 {
        match self {
            Unit::Seconds => 1,
            Unit::Minutes => 60,
            Unit::Hours => 3_600,
            Unit::Days => 86_400,
            Unit::Weeks => 7 * 86_400,
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seconds(text: &str, calendar: &Calendar) -> i64 {
        Target::parse(text).unwrap().seconds_on(calendar)
    }

    #[test]
    fn targets_count_working_time_on_their_calendar() {
        let open = Calendar::always_open();
        let business = Calendar::business_default();
        assert_eq!(seconds("90s", &business), 90);
        assert_eq!(seconds("15m", &business), 900);
        assert_eq!(seconds("4h", &open), 14_400);
        assert_eq!(seconds("1d", &open), 86_400);
        assert_eq!(seconds("1d", &business), 8 * 3_600);
        assert_eq!(seconds("3d", &business), 24 * 3_600);
        assert_eq!(seconds("1w", &open), 7 * 86_400);
        assert_eq!(seconds("1w", &business), 5 * 8 * 3_600);
        let target = Target::parse(" 4h ").unwrap();
        assert_eq!(target.text(), "4h");
        assert_eq!(target.to_string(), "4h");
    }

    #[test]
    fn bad_targets_name_the_text_and_the_accepted_forms() {
        for bad in [
            "4y",
            "h",
            "",
            "4",
            "-4h",
            "4 h",
            "4H",
            "1.5h",
            "99999999999999999999d",
        ] {
            let err = Target::parse(bad).unwrap_err();
            assert!(err.contains(&format!("'{bad}'")), "{err}");
            assert!(err.contains("s, m, h, d"), "{err}");
        }
        let err = Target::parse("0m").unwrap_err();
        assert!(err.contains("'0m'") && err.contains("zero"), "{err}");
        let err = Target::parse("100000w").unwrap_err();
        assert!(err.contains("too long"), "{err}");
    }
}
