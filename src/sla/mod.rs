//! Service levels: calendars, targets, policies, and the clocks of a ticket.
//!
//! Nothing is stored: [`evaluate`] computes a ticket's response and resolution clocks at
//! any instant from its event log and the desk's policies ([`SlaBook`]).

pub mod calendar;
mod engine;
pub mod target;

pub use calendar::Calendar;
pub use engine::{evaluate, ClockState, SlaClock, SlaStatus};
pub use target::Target;

use crate::model::Priority;

/// The warning thresholds used when a policy names none: 75% and 90% of the target.
pub const DEFAULT_WARNING: [f64; 2] = [0.75, 0.9];

/// Targets for one priority (or one service override): response and resolution, the
/// calendar they run on, and the warning thresholds (fractions of the target, default
/// [`DEFAULT_WARNING`]).
#[derive(Debug, Clone, PartialEq)]
pub struct SlaPolicy {
    /// Time to first response.
    pub response: Target,
    /// Time to resolution.
    pub resolution: Target,
    /// The working time both targets are counted in.
    pub calendar: Calendar,
    /// Fractions of a target at which a running clock shows `warning`; the lowest counts.
    pub warning: Vec<f64>,
}

/// Where the engine gets the policy for a priority (and service): implemented by the desk
/// configuration.
pub trait SlaBook {
    /// The policy for a ticket of `priority` on `service` (its override, if the service
    /// has one).
    fn policy(&self, priority: Priority, service: Option<&str>) -> SlaPolicy;

    /// The policy for a ticket of `priority` on `service` at `site`: as
    /// [`SlaBook::policy`], on the site's calendar where the policy says
    /// `calendar = "site"`. The engine asks this one.
    fn policy_at(
        &self,
        priority: Priority,
        service: Option<&str>,
        site: Option<&str>,
    ) -> SlaPolicy {
        let _ = site;
        self.policy(priority, service)
    }
}

/// The calendar name a policy gives to run on the ticket's site's calendar.
pub const SITE_CALENDAR: &str = "site";

/// The policies of SPEC 4 that a new desk starts with: P1 15m/4h and P2 1h/8h around the
/// clock, P3 4h/3d, P4 1d/5d and P5 2d/10d in business hours.
pub fn default_policy(priority: Priority) -> SlaPolicy {
    let (response, resolution, calendar) = match priority.number() {
        1 => ("15m", "4h", Calendar::always_open()),
        2 => ("1h", "8h", Calendar::always_open()),
        3 => ("4h", "3d", Calendar::business_default()),
        4 => ("1d", "5d", Calendar::business_default()),
        _ => ("2d", "10d", Calendar::business_default()),
    };
    let target = |text| Target::parse(text).expect("the default targets parse");
    SlaPolicy {
        response: target(response),
        resolution: target(resolution),
        calendar,
        warning: DEFAULT_WARNING.to_vec(),
    }
}

/// The default policies for every priority and service: [`default_policy`].
#[derive(Debug, Clone, Copy, Default)]
pub struct DefaultBook;

impl SlaBook for DefaultBook {
    fn policy(&self, priority: Priority, _service: Option<&str>) -> SlaPolicy {
        default_policy(priority)
    }
}

/// The SLA state at `now` of each ticket a query chose, in the selection's order: each
/// one read whole once, the clocks evaluated on every core.
pub fn evaluate_chosen(
    selection: &crate::selection::Selection,
    config: &crate::config::DeskConfig,
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<SlaStatus> {
    let chosen: Vec<_> = selection.iter().collect();
    crate::parallel::map(&chosen, |t| {
        evaluate(&selection.whole(*t), &config.matrix, config, now)
    })
}
