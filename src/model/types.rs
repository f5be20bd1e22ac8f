//! The small vocabulary of the support model: tiers, statuses, priorities, ticket types.

use std::fmt;
use std::str::FromStr;

use crate::error::DeskError;

/// A support level, 0 (self-service) to 4 (outside support). The numbers are fixed;
/// their names and teams come from the desk's configuration.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Tier(u8);

impl Tier {
    /// The highest tier: outside support (vendors).
    pub const MAX: Tier = Tier(4);
    /// The tier a ticket is filed at unless told otherwise: the service desk.
    pub const SERVICE_DESK: Tier = Tier(1);

    /// A tier from its number; `None` outside 0-4.
    pub fn new(level: i64) -> Option<Tier> {
        (0..=4).contains(&level).then_some(Tier(level as u8))
    }

    /// The tier's number.
    pub fn level(self) -> u8 {
        self.0
    }

    /// The next tier up, if there is one.
    pub fn next(self) -> Option<Tier> {
        Tier::new(i64::from(self.0) + 1)
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl FromStr for Tier {
    type Err = DeskError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let digits = t
            .strip_prefix('L')
            .or_else(|| t.strip_prefix('l'))
            .unwrap_or(t);
        digits
            .parse::<i64>()
            .ok()
            .and_then(Tier::new)
            .ok_or_else(|| DeskError::from(crate::error::BadValue::Tier(s.to_string())))
    }
}

/// Defines a string-valued enum with its canonical names, parsing and display.
macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal, { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name used in files, queries and output.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// The accepted names, for error messages.
            pub fn names() -> String {
                Self::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join(", ")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = DeskError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let lower = s.trim().to_ascii_lowercase();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == lower)
                    .ok_or_else(|| DeskError::Unknown {
                        what: crate::error::Named::Value($what),
                        name: s.to_string(),
                        known: Self::ALL.iter().map(|v| v.as_str().to_string()).collect(),
                    })
            }
        }
    };
}

named_enum!(
    /// What kind of record a ticket is.
    TicketType, "type", {
        Incident => "incident",
        Request => "request",
        Problem => "problem",
        Change => "change",
    }
);

named_enum!(
    /// Where a ticket is in its lifecycle.
    Status, "status", {
        New => "new",
        Open => "open",
        InProgress => "in-progress",
        Pending => "pending",
        Resolved => "resolved",
        Closed => "closed",
    }
);

named_enum!(
    /// The grade of an impact or an urgency (high, medium, low), the two axes of the
    /// priority matrix. Not a support level: those are [`Tier`]s. ("level" in its parse
    /// error is user-facing wording and stays.)
    Grade, "level", {
        High => "high",
        Medium => "medium",
        Low => "low",
    }
);

named_enum!(
    /// Why a ticket waits in `pending`.
    PendingReason, "pending reason", {
        Customer => "customer",
        Vendor => "vendor",
        Change => "change",
        Problem => "problem",
    }
);

named_enum!(
    /// The category of a status: it drives SLA clocks and metrics.
    StatusCategory, "status category", {
        Open => "open",
        Paused => "paused",
        Done => "done",
    }
);

impl Status {
    /// The category the status belongs to.
    pub fn category(self) -> StatusCategory {
        match self {
            Status::New | Status::Open | Status::InProgress => StatusCategory::Open,
            Status::Pending => StatusCategory::Paused,
            Status::Resolved | Status::Closed => StatusCategory::Done,
        }
    }

    /// True while the ticket still needs work (open or paused).
    pub fn is_active(self) -> bool {
        self.category() != StatusCategory::Done
    }
}

impl Grade {
    /// 0 for high, 1 for medium, 2 for low: the row or column in the priority matrix.
    pub fn index(self) -> usize {
        match self {
            Grade::High => 0,
            Grade::Medium => 1,
            Grade::Low => 2,
        }
    }
}

/// Priority P1 (most urgent) to P5.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct Priority(u8);

impl Priority {
    /// A priority from its number; `None` outside 1-5.
    pub fn new(n: i64) -> Option<Priority> {
        (1..=5).contains(&n).then_some(Priority(n as u8))
    }

    /// 1 for P1 ... 5 for P5.
    pub fn number(self) -> u8 {
        self.0
    }
}

impl fmt::Display for Priority {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "P{}", self.0)
    }
}

impl FromStr for Priority {
    type Err = DeskError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        t.strip_prefix(['P', 'p'])
            .and_then(|n| n.parse::<i64>().ok())
            .and_then(Priority::new)
            .ok_or_else(|| DeskError::from(crate::error::BadValue::Priority(s.to_string())))
    }
}

/// The impact x urgency matrix that gives a ticket its priority.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorityMatrix {
    /// `cells[impact.index()][urgency.index()]`.
    pub cells: [[Priority; 3]; 3],
}

impl Default for PriorityMatrix {
    fn default() -> Self {
        let p = |n| Priority(n);
        PriorityMatrix {
            cells: [[p(1), p(2), p(3)], [p(2), p(3), p(4)], [p(3), p(4), p(5)]],
        }
    }
}

impl PriorityMatrix {
    /// The priority for an impact and an urgency.
    pub fn priority(&self, impact: Grade, urgency: Grade) -> Priority {
        self.cells[impact.index()][urgency.index()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiers_parse_with_or_without_level_prefix() {
        assert_eq!("2".parse::<Tier>().unwrap().level(), 2);
        assert_eq!("L3".parse::<Tier>().unwrap().level(), 3);
        assert!("5".parse::<Tier>().is_err());
        assert!("-1".parse::<Tier>().is_err());
        assert_eq!(Tier::MAX.next(), None);
    }

    #[test]
    fn statuses_have_categories() {
        assert_eq!("in-progress".parse::<Status>().unwrap(), Status::InProgress);
        assert_eq!(Status::Pending.category(), StatusCategory::Paused);
        assert!(!Status::Closed.is_active());
        let err = "done".parse::<Status>().unwrap_err().to_string();
        assert!(err.contains("new, open, in-progress"), "{err}");
    }

    #[test]
    fn default_matrix_matches_the_spec() {
        let m = PriorityMatrix::default();
        assert_eq!(m.priority(Grade::High, Grade::High).to_string(), "P1");
        assert_eq!(m.priority(Grade::Medium, Grade::Medium).to_string(), "P3");
        assert_eq!(m.priority(Grade::Low, Grade::Low).to_string(), "P5");
        assert_eq!(m.priority(Grade::High, Grade::Low).to_string(), "P3");
    }

    #[test]
    fn priorities_parse_and_order() {
        assert!("p2".parse::<Priority>().unwrap() < "P4".parse::<Priority>().unwrap());
        assert!("P0".parse::<Priority>().is_err());
        assert!("high".parse::<Priority>().is_err());
    }
}
