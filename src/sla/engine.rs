//! The SLA engine: a ticket's response and resolution clocks, replayed from its events.

use std::fmt;

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Value};

use super::{Calendar, SlaBook, SlaPolicy, Target};
use crate::model::{Action, Priority, PriorityMatrix, Status, StatusCategory, Ticket};

/// Where a clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClockState {
    /// Running, below the warning threshold.
    Ok,
    /// Running, past the lowest warning threshold but not the target.
    Warning,
    /// Running, and the target has been reached.
    Breached,
    /// Stopped within the target.
    Met,
    /// Stopped after the target.
    Missed,
}

impl ClockState {
    /// The name used in JSON and queries.
    pub fn as_str(self) -> &'static str {
        match self {
            ClockState::Ok => "ok",
            ClockState::Warning => "warning",
            ClockState::Breached => "breached",
            ClockState::Met => "met",
            ClockState::Missed => "missed",
        }
    }
}

impl fmt::Display for ClockState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One SLA clock (first response or resolution) at an instant.
#[derive(Debug, Clone, PartialEq)]
pub struct SlaClock {
    /// The target it counts against, as written (`4h`).
    pub target: String,
    /// When the target is (or was) reached: for a running clock, counted from now (in the
    /// past once breached); for a stopped one, the due it had when it stopped; `None`
    /// while paused.
    pub due: Option<DateTime<Utc>>,
    /// Working seconds counted so far (at the stop, for a stopped clock).
    pub elapsed_seconds: i64,
    /// Running but not counting: the ticket is pending.
    pub paused: bool,
    /// Where it stands.
    pub state: ClockState,
    /// When it stopped (the first response; the last resolution), for a stopped clock.
    pub stopped_at: Option<DateTime<Utc>>,
}

impl SlaClock {
    /// `{"target", "due", "elapsed_seconds", "paused", "state"}`, `due` in RFC 3339 UTC
    /// or null.
    pub fn to_json(&self) -> Value {
        json!({
            "target": self.target,
            "due": self.due.map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
            "elapsed_seconds": self.elapsed_seconds,
            "paused": self.paused,
            "state": self.state.as_str(),
        })
    }
}

/// A ticket's SLA state at an instant: its priority then and its two clocks.
#[derive(Debug, Clone, PartialEq)]
pub struct SlaStatus {
    /// The priority the ticket had at that instant.
    pub priority: Priority,
    /// Time to first response.
    pub response: SlaClock,
    /// Time to resolution.
    pub resolution: SlaClock,
}

impl SlaStatus {
    /// `{"priority": "P2", "response": CLOCK, "resolution": CLOCK}`.
    pub fn to_json(&self) -> Value {
        json!({
            "priority": self.priority.to_string(),
            "response": self.response.to_json(),
            "resolution": self.resolution.to_json(),
        })
    }

    /// A target was not kept: a clock is running past its due (`breached`) or stopped
    /// late (`missed`).
    pub fn is_breached(&self) -> bool {
        self.clocks()
            .any(|c| matches!(c.state, ClockState::Breached | ClockState::Missed))
    }

    /// A running clock is past its warning threshold but not yet breached.
    pub fn is_warning(&self) -> bool {
        self.clocks().any(|c| c.state == ClockState::Warning)
    }

    fn clocks(&self) -> impl Iterator<Item = &SlaClock> {
        [&self.response, &self.resolution].into_iter()
    }
}

/// The SLA state of a ticket at `now`, computed from its events alone (nothing stored).
///
/// Both clocks start at filing and count working time on the policy's calendar; time in
/// `pending` does not count. The response clock stops at the first response (see
/// SPEC 4: a move out of `new`, a public comment, an assignment or an escalation, by
/// someone other than the reporter) or, failing one, when the ticket is resolved or
/// closed, since nobody awaits a response then; it never runs again. The resolution clock
/// stops whenever the ticket is resolved or closed and runs on, from its elapsed time,
/// when it is reopened; it is judged at its last stop.
///
/// The policy is the book's for the ticket's priority and service of the moment. When the
/// priority changes while a clock runs, that clock restarts: its elapsed time goes back
/// to zero at the change and the new priority's target applies from then, so every
/// second of a clock is measured against one priority. A stopped clock keeps its result;
/// if it runs again (a reopen) under another priority than the one it stopped under, it
/// restarts at the reopen. A change of service alone keeps the elapsed time and applies
/// the new service's policy from then on (recategorising a ticket does not reset it); so
/// does a change of site, whose calendar a policy may run on.
///
/// Events are taken in fold order at their `at` times; an event stamped earlier than the
/// one before it (clock skew between clones) counts as happening at that earlier event's
/// time, and the log is read only up to the first event after `now`.
pub fn evaluate(
    ticket: &Ticket,
    matrix: &PriorityMatrix,
    book: &dyn SlaBook,
    now: DateTime<Utc>,
) -> SlaStatus {
    let steps = steps(ticket, matrix);
    let mut clocks: Option<Clocks> = None;
    let mut last: Option<DateTime<Utc>> = None;
    let mut status = Status::New;
    for step in &steps {
        // Time never runs backwards in the engine.
        let at = last.map_or(step.at, |last| step.at.max(last));
        if at > now {
            break;
        }
        if let (Some(clocks), Some(last)) = (&mut clocks, last) {
            clocks.advance(last, at, status == Status::Pending);
        }
        let was = status;
        status = step.status;
        last = Some(at);
        match &mut clocks {
            Some(clocks) => clocks.apply(step, was, at, book),
            None if step.created => clocks = Some(Clocks::start(step, at, book)),
            None => {}
        }
    }
    let (clocks, now) = match (clocks, last) {
        (Some(mut clocks), Some(last)) => {
            clocks.advance(last, now, status == Status::Pending);
            (clocks, now)
        }
        // Filed after `now`: the clocks as they stand at filing.
        _ => {
            let filing = steps
                .iter()
                .find(|s| s.created)
                .expect("a folded ticket has a created event");
            status = filing.status;
            (Clocks::start(filing, filing.at, book), filing.at)
        }
    };
    let paused = status == Status::Pending;
    SlaStatus {
        priority: clocks.key.0,
        response: clocks.response.clock(now, paused),
        resolution: clocks.resolution.clock(now, paused),
    }
}

/// What one event means for the clocks, read during the replay.
struct Step {
    at: DateTime<Utc>,
    created: bool,
    /// A first response, if none has been given yet.
    responds: bool,
    status: Status,
    priority: Priority,
    service: Option<String>,
    site: Option<String>,
    /// Who did it.
    by: String,
    /// The marker `git desk sweep` records after a rule's actions.
    swept: bool,
}

fn steps(ticket: &Ticket, matrix: &PriorityMatrix) -> Vec<Step> {
    let mut steps = Vec::with_capacity(ticket.events.len());
    let mut before = Status::New;
    ticket.replay(matrix, &mut |event, state| {
        let by_staff = !same_person(&event.by, &state.reporter);
        let left_new = before == Status::New && state.status != Status::New;
        let reaches_out = match &event.action {
            Action::Commented { internal, .. } => !internal,
            Action::Assigned {
                assignee: Some(assignee),
                ..
            } => !assignee.trim().is_empty(),
            Action::TierChanged { from, to, .. } => to > from,
            _ => false,
        };
        steps.push(Step {
            at: event.at,
            created: matches!(event.action, Action::Created(_)),
            responds: by_staff && (left_new || reaches_out),
            status: state.status,
            priority: state.priority,
            service: state.service.clone(),
            site: state.site.clone(),
            by: event.by.clone(),
            swept: matches!(event.action, Action::Swept { .. }),
        });
        before = state.status;
    });
    // What an escalation rule did (the events right before its `swept` marker, by the
    // same hand at the same moment) is the desk's automation, not a person responding.
    for i in 0..steps.len() {
        if !steps[i].swept {
            continue;
        }
        let (by, at) = (steps[i].by.clone(), steps[i].at);
        for step in steps[..i].iter_mut().rev() {
            if step.by != by || step.at != at || step.swept {
                break;
            }
            step.responds = false;
        }
    }
    steps
}

fn same_person(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// Both clocks, and the policy of the moment.
struct Clocks {
    key: (Priority, Option<String>, Option<String>),
    policy: SlaPolicy,
    response: Run,
    resolution: Run,
}

impl Clocks {
    fn start(filing: &Step, at: DateTime<Utc>, book: &dyn SlaBook) -> Clocks {
        let policy = book.policy_at(
            filing.priority,
            filing.service.as_deref(),
            filing.site.as_deref(),
        );
        Clocks {
            key: (filing.priority, filing.service.clone(), filing.site.clone()),
            response: Run::start(filing.priority, &policy.response, &policy, at),
            resolution: Run::start(filing.priority, &policy.resolution, &policy, at),
            policy,
        }
    }

    /// Counts the time from `from` to `to` on the running clocks.
    fn advance(&mut self, from: DateTime<Utc>, to: DateTime<Utc>, pending: bool) {
        if pending {
            return;
        }
        self.response.advance(from, to);
        self.resolution.advance(from, to);
    }

    /// What an event (its state after, `step`; the status before, `was`) does to the
    /// clocks.
    fn apply(&mut self, step: &Step, was: Status, at: DateTime<Utc>, book: &dyn SlaBook) {
        let priority = step.priority;
        let key = (priority, step.service.clone(), step.site.clone());
        if key != self.key {
            // Asked only on a change: a book may build calendars for every call.
            self.policy = book.policy_at(priority, step.service.as_deref(), step.site.as_deref());
            self.key = key;
            self.response
                .adopt(priority, &self.policy.response, &self.policy, at);
            self.resolution
                .adopt(priority, &self.policy.resolution, &self.policy, at);
        }
        let done = step.status.category() == StatusCategory::Done;
        let was_done = was.category() == StatusCategory::Done;
        if step.responds || done {
            self.response.stop(at);
        }
        if done && !was_done {
            self.resolution.stop(at);
        }
        if was_done && !done {
            self.resolution
                .resume(priority, &self.policy.resolution, &self.policy, at);
        }
    }
}

/// One clock run through the ticket's history.
struct Run {
    /// The priority whose target the elapsed time counts against.
    priority: Priority,
    target: Target,
    calendar: Calendar,
    /// The lowest warning threshold, a fraction of the target.
    warning: Option<f64>,
    elapsed: i64,
    /// When the elapsed time reached the target, once it has.
    reached: Option<DateTime<Utc>>,
    running: bool,
    /// The due it had when it last stopped.
    due_at_stop: Option<DateTime<Utc>>,
    /// When it last stopped.
    stopped_at: Option<DateTime<Utc>>,
}

impl Run {
    fn start(priority: Priority, target: &Target, policy: &SlaPolicy, at: DateTime<Utc>) -> Run {
        let mut run = Run {
            priority,
            target: target.clone(),
            calendar: policy.calendar.clone(),
            warning: None,
            elapsed: 0,
            reached: None,
            running: true,
            due_at_stop: None,
            stopped_at: None,
        };
        run.adopt(priority, target, policy, at);
        run
    }

    fn target_seconds(&self) -> i64 {
        self.target.seconds_on(&self.calendar)
    }

    /// Takes up the policy of the moment, if running; a new priority restarts the count.
    fn adopt(
        &mut self,
        priority: Priority,
        target: &Target,
        policy: &SlaPolicy,
        at: DateTime<Utc>,
    ) {
        if !self.running {
            return;
        }
        let old_target = self.target_seconds();
        if priority != self.priority {
            self.priority = priority;
            self.elapsed = 0;
            self.reached = None;
        }
        self.target = target.clone();
        self.calendar = policy.calendar.clone();
        self.warning = policy
            .warning
            .iter()
            .copied()
            .filter(|w| w.is_finite())
            .reduce(f64::min);
        let new_target = self.target_seconds();
        if self.elapsed < new_target {
            self.reached = None;
        } else if self.reached.is_none() || new_target != old_target {
            // A shorter target that is already used up was reached at the change.
            self.reached = Some(at);
        }
    }

    fn advance(&mut self, from: DateTime<Utc>, to: DateTime<Utc>) {
        if !self.running {
            return;
        }
        let counted = self.calendar.working_between(from, to);
        let left = self.target_seconds() - self.elapsed;
        if self.reached.is_none() && counted >= left {
            self.reached = Some(self.calendar.add_working(from, left));
        }
        self.elapsed += counted;
    }

    fn due(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.reached.unwrap_or_else(|| {
            self.calendar
                .add_working(now, self.target_seconds() - self.elapsed)
        })
    }

    fn stop(&mut self, at: DateTime<Utc>) {
        if self.running {
            self.due_at_stop = Some(self.due(at));
            self.stopped_at = Some(at);
            self.running = false;
        }
    }

    fn resume(
        &mut self,
        priority: Priority,
        target: &Target,
        policy: &SlaPolicy,
        at: DateTime<Utc>,
    ) {
        self.running = true;
        self.stopped_at = None;
        self.adopt(priority, target, policy, at);
    }

    fn clock(&self, now: DateTime<Utc>, pending: bool) -> SlaClock {
        let target = self.target_seconds();
        let (state, due, paused) = if self.running {
            let state = if self.elapsed >= target {
                ClockState::Breached
            } else if self
                .warning
                .is_some_and(|w| self.elapsed as f64 >= w * target as f64)
            {
                ClockState::Warning
            } else {
                ClockState::Ok
            };
            let due = (!pending).then(|| self.due(now));
            (state, due, pending)
        } else if self.elapsed <= target {
            (ClockState::Met, self.due_at_stop, false)
        } else {
            (ClockState::Missed, self.due_at_stop, false)
        };
        SlaClock {
            target: self.target.text().to_string(),
            due,
            elapsed_seconds: self.elapsed,
            paused,
            state,
            stopped_at: if self.running { None } else { self.stopped_at },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Filing, Grade, PendingReason, TicketId, Tier};
    use crate::sla::DefaultBook;
    use chrono::TimeDelta;

    const REPORTER: &str = "reporter@example.com";
    const AGENT: &str = "agent@example.com";

    fn time(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    /// A Sunday morning: the 24x7 priorities do not care, business ones wait for Monday.
    fn t0() -> DateTime<Utc> {
        time("2026-11-22T09:00:00Z")
    }

    fn minute(m: i64) -> DateTime<Utc> {
        t0() + TimeDelta::minutes(m)
    }

    fn file(impact: Grade, urgency: Grade, at: DateTime<Utc>) -> Ticket {
        Ticket::file(
            TicketId::generate(),
            Filing {
                impact,
                urgency,
                ..Filing::new("t", REPORTER)
            },
            REPORTER,
            at,
            &PriorityMatrix::default(),
        )
    }

    /// A P1 filed at t0.
    fn p1() -> Ticket {
        file(Grade::High, Grade::High, t0())
    }

    fn record(ticket: &mut Ticket, action: Action, by: &str, at: DateTime<Utc>) {
        ticket.record(action, by, at, &PriorityMatrix::default());
    }

    fn sla(ticket: &Ticket, now: DateTime<Utc>) -> SlaStatus {
        evaluate(ticket, &PriorityMatrix::default(), &DefaultBook, now)
    }

    fn comment(internal: bool) -> Action {
        Action::Commented {
            text: "looking".into(),
            internal,
        }
    }

    fn status(to: Status) -> Action {
        Action::StatusChanged {
            to,
            pending_reason: (to == Status::Pending).then_some(PendingReason::Customer),
            reason: None,
        }
    }

    fn resolve() -> Action {
        Action::Resolved {
            resolution: "rebooted".into(),
            code: None,
            kb: None,
        }
    }

    fn reopen() -> Action {
        Action::Reopened {
            reason: "back again".into(),
        }
    }

    fn set(field: &str, value: &str) -> Action {
        Action::FieldSet {
            field: field.into(),
            value: toml::Value::String(value.into()),
            reason: None,
        }
    }

    /// Asserts a clock's state, elapsed seconds and due at once.
    #[track_caller]
    fn check(clock: &SlaClock, state: ClockState, elapsed: i64, due: Option<DateTime<Utc>>) {
        assert_eq!(
            (clock.state, clock.elapsed_seconds, clock.due),
            (state, elapsed, due)
        );
    }

    #[test]
    fn an_unanswered_p1_warns_then_breaches_its_15_minute_response() {
        let t = p1();
        let at_14 = sla(&t, minute(14));
        assert_eq!(at_14.priority.to_string(), "P1");
        check(
            &at_14.response,
            ClockState::Warning,
            14 * 60,
            Some(minute(15)),
        );
        assert!(at_14.is_warning() && !at_14.is_breached());
        let at_16 = sla(&t, minute(16));
        assert_eq!(at_16.response.state, ClockState::Breached);
        // Due stays where the target was reached, now in the past.
        assert_eq!(at_16.response.due, Some(minute(15)));
        assert!(at_16.is_breached());
        assert_eq!(sla(&t, minute(15)).response.state, ClockState::Breached);
        assert_eq!(sla(&t, minute(5)).response.state, ClockState::Ok);
    }

    #[test]
    fn a_public_comment_by_staff_is_the_first_response() {
        let mut t = p1();
        record(&mut t, comment(false), AGENT, minute(10));
        let s = sla(&t, minute(30));
        check(&s.response, ClockState::Met, 600, Some(minute(15)));
        assert!(!s.response.paused);
        // The resolution clock runs on.
        check(&s.resolution, ClockState::Ok, 30 * 60, Some(minute(240)));
    }

    #[test]
    fn the_reporter_and_internal_notes_do_not_respond() {
        let mut t = p1();
        record(&mut t, comment(false), REPORTER, minute(5));
        // Same person, whatever the case of the address.
        record(&mut t, comment(false), "Reporter@Example.COM", minute(6));
        record(&mut t, comment(true), AGENT, minute(7));
        record(
            &mut t,
            Action::Assigned {
                assignee: Some(String::new()),
                team: Some("desk".into()),
            },
            AGENT,
            minute(8),
        );
        record(&mut t, set("title", "VPN down"), AGENT, minute(9));
        assert_eq!(sla(&t, minute(16)).response.state, ClockState::Breached);
    }

    #[test]
    fn moving_assigning_or_escalating_responds() {
        let assign = Action::Assigned {
            assignee: Some(AGENT.into()),
            team: None,
        };
        let escalate = Action::TierChanged {
            from: Tier::SERVICE_DESK,
            to: Tier::new(2).unwrap(),
            reason: "needs network".into(),
            team: None,
        };
        for action in [status(Status::InProgress), assign, escalate, resolve()] {
            let mut t = p1();
            record(&mut t, action.clone(), AGENT, minute(3));
            let s = sla(&t, minute(20));
            assert_eq!(s.response.state, ClockState::Met, "{action:?}");
            assert_eq!(s.response.elapsed_seconds, 180, "{action:?}");
        }
    }

    #[test]
    fn pending_pauses_the_clocks() {
        let mut t = p1();
        // The reporter puts it on hold before anyone answers: no response, but paused.
        record(&mut t, status(Status::Pending), REPORTER, minute(5));
        let s = sla(&t, minute(30));
        assert!(s.response.paused && s.resolution.paused);
        assert_eq!(s.response.elapsed_seconds, 300);
        assert_eq!(s.response.due, None);
        assert_eq!(s.response.state, ClockState::Ok);
        record(&mut t, comment(false), AGENT, minute(40));
        record(&mut t, status(Status::InProgress), AGENT, minute(60));
        let s = sla(&t, minute(70));
        assert!(!s.response.paused && !s.resolution.paused);
        // Response: 5 minutes before the pause, stopped by the comment made while pending.
        assert_eq!(s.response.state, ClockState::Met);
        assert_eq!(s.response.elapsed_seconds, 300);
        // Resolution: 5 minutes, then 10 since the hold ended.
        assert_eq!(s.resolution.elapsed_seconds, 15 * 60);
        assert_eq!(s.resolution.due, Some(minute(70 + 240 - 15)));
        // A pause at the moment of evaluation hides the due.
        record(&mut t, status(Status::Pending), AGENT, minute(80));
        let s = sla(&t, minute(500));
        assert!(s.resolution.paused && !s.response.paused);
        assert_eq!(s.resolution.elapsed_seconds, 25 * 60);
        assert_eq!(s.resolution.due, None);
    }

    #[test]
    fn a_p3_filed_friday_afternoon_is_due_monday() {
        let friday = time("2026-11-20T16:00:00Z");
        assert_eq!(chrono::Datelike::weekday(&friday), chrono::Weekday::Fri);
        let t = file(Grade::Medium, Grade::Medium, friday);
        let s = sla(&t, friday);
        assert_eq!(s.priority.to_string(), "P3");
        assert_eq!(s.response.target, "4h");
        assert_eq!(s.response.due, Some(time("2026-11-23T12:00:00Z")));
        // 3d = 24 business hours: 1 on Friday, 8 Monday, 8 Tuesday, 7 Wednesday.
        assert_eq!(s.resolution.due, Some(time("2026-11-25T16:00:00Z")));
        // The weekend does not count.
        let s = sla(&t, time("2026-11-23T09:30:00Z"));
        assert_eq!(s.response.elapsed_seconds, 5_400);
        assert_eq!(s.response.state, ClockState::Ok);
    }

    #[test]
    fn warnings_start_at_the_lowest_threshold() {
        // P2: 1h response.
        let t = file(Grade::High, Grade::Medium, t0());
        let at = |seconds| t0() + TimeDelta::seconds(seconds);
        assert_eq!(sla(&t, at(2_664)).response.state, ClockState::Ok); // 74%
        assert_eq!(sla(&t, at(2_736)).response.state, ClockState::Warning); // 76%
        assert_eq!(sla(&t, at(2_700)).response.state, ClockState::Warning); // 75%
        assert_eq!(sla(&t, at(3_599)).response.state, ClockState::Warning);
        assert_eq!(sla(&t, at(3_600)).response.state, ClockState::Breached);
    }

    #[test]
    fn a_priority_change_restarts_a_running_clock() {
        // P2 (1h/8h), answered at minute 10, raised to P1 at minute 30.
        let mut t = file(Grade::High, Grade::Medium, t0());
        record(&mut t, comment(false), AGENT, minute(10));
        record(&mut t, set("urgency", "high"), AGENT, minute(30));
        let s = sla(&t, minute(90));
        assert_eq!(s.priority.to_string(), "P1");
        assert_eq!(s.resolution.target, "4h");
        assert_eq!(s.resolution.elapsed_seconds, 3_600);
        assert_eq!(s.resolution.due, Some(minute(30 + 240)));
        // The stopped response clock keeps its P2 result.
        assert_eq!(s.response.target, "1h");
        assert_eq!(s.response.state, ClockState::Met);
        assert_eq!(s.response.elapsed_seconds, 600);
        // Lowered while unanswered: the response clock restarts on P3's business calendar
        // (Sunday: nothing counts until Monday 09:00).
        let mut t = p1();
        record(&mut t, set("urgency", "low"), AGENT, minute(20));
        let s = sla(&t, minute(60));
        assert_eq!(s.priority.to_string(), "P3");
        check(
            &s.response,
            ClockState::Ok,
            0,
            Some(time("2026-11-23T13:00:00Z")),
        );
    }

    #[test]
    fn resolution_is_met_or_missed_at_the_stop() {
        let mut t = p1();
        record(&mut t, comment(false), AGENT, minute(5));
        let mut late = t.clone();
        record(&mut t, resolve(), AGENT, minute(180));
        let s = sla(&t, minute(600));
        check(&s.resolution, ClockState::Met, 180 * 60, Some(minute(240)));
        assert!(!s.is_breached() && !s.is_warning());
        record(&mut late, resolve(), AGENT, minute(300));
        let s = sla(&late, minute(600));
        check(
            &s.resolution,
            ClockState::Missed,
            300 * 60,
            Some(minute(240)),
        );
        assert!(s.is_breached());
        // Exactly on time is met.
        let mut on_time = p1();
        record(&mut on_time, resolve(), AGENT, minute(240));
        assert_eq!(sla(&on_time, minute(300)).resolution.state, ClockState::Met);
    }

    #[test]
    fn a_reopen_continues_the_resolution_clock() {
        let mut t = p1();
        record(&mut t, resolve(), AGENT, minute(180));
        record(&mut t, reopen(), REPORTER, minute(600));
        // Time while resolved does not count.
        let s = sla(&t, minute(630));
        let due = Some(minute(660));
        check(&s.resolution, ClockState::Warning, 210 * 60, due);
        // The resolve was the (late) first response; that result stands.
        assert_eq!(s.response.state, ClockState::Missed);
        record(&mut t, status(Status::Closed), AGENT, minute(690));
        let s = sla(&t, minute(900));
        check(&s.resolution, ClockState::Missed, 270 * 60, due);
    }

    #[test]
    fn a_reopen_under_a_new_priority_restarts() {
        let mut t = p1();
        record(&mut t, resolve(), AGENT, minute(180));
        // Lowered while resolved: the stopped clock keeps its P1 result.
        record(&mut t, set("impact", "medium"), AGENT, minute(200));
        let s = sla(&t, minute(300));
        assert_eq!(
            (s.resolution.target.as_str(), s.resolution.state),
            ("4h", ClockState::Met)
        );
        record(&mut t, reopen(), REPORTER, minute(600));
        let s = sla(&t, minute(630));
        assert_eq!(s.resolution.target, "8h");
        assert_eq!(s.resolution.elapsed_seconds, 30 * 60);
    }

    #[test]
    fn a_ticket_closed_without_an_answer_stops_its_response_clock() {
        let mut t = p1();
        record(&mut t, status(Status::Closed), REPORTER, minute(20));
        let s = sla(&t, minute(60));
        assert_eq!(s.response.state, ClockState::Missed);
        assert_eq!(s.response.elapsed_seconds, 20 * 60);
        assert_eq!(s.resolution.state, ClockState::Met);
        // Reopening does not start it again: a response clock runs once.
        record(&mut t, reopen(), REPORTER, minute(100));
        assert_eq!(sla(&t, minute(200)).response.state, ClockState::Missed);
    }

    #[test]
    fn time_never_runs_backwards_and_the_future_is_ignored() {
        let mut t = p1();
        record(&mut t, comment(false), AGENT, minute(5));
        record(&mut t, status(Status::Pending), AGENT, minute(20));
        // Stamped before the hold by a clone with a slow clock: counts as minute 20.
        record(&mut t, status(Status::InProgress), AGENT, minute(15));
        let s = sla(&t, minute(60));
        assert_eq!(s.resolution.elapsed_seconds, 3_600);
        assert!(!s.resolution.paused);

        let mut t = p1();
        record(&mut t, comment(false), AGENT, minute(20));
        // Evaluated before the comment: it has not happened yet.
        assert_eq!(sla(&t, minute(16)).response.state, ClockState::Breached);
        assert_eq!(sla(&t, minute(30)).response.state, ClockState::Missed);
        // Evaluated before filing: the clocks as they stand at filing.
        let s = sla(&t, minute(-60));
        assert_eq!(s.response.elapsed_seconds, 0);
        assert_eq!(s.response.due, Some(minute(15)));
    }

    #[test]
    fn the_book_gives_the_policy_per_service() {
        struct Book;
        impl SlaBook for Book {
            fn policy(&self, priority: Priority, service: Option<&str>) -> SlaPolicy {
                let mut policy = crate::sla::default_policy(priority);
                if service == Some("payroll") {
                    policy.response = Target::parse("30m").unwrap();
                    policy.calendar = Calendar::always_open();
                    policy.warning = vec![0.5];
                }
                policy
            }
        }
        let mut t = file(Grade::Medium, Grade::Medium, t0());
        let eval = |t: &Ticket, at| evaluate(t, &PriorityMatrix::default(), &Book, at);
        // Sunday, business calendar: nothing counts yet.
        assert_eq!(eval(&t, minute(20)).response.elapsed_seconds, 0);
        // Moved to payroll: 30m around the clock from then on, elapsed kept (zero).
        record(&mut t, set("service", "payroll"), REPORTER, minute(20));
        let s = eval(&t, minute(36));
        assert_eq!(s.response.target, "30m");
        assert_eq!(s.response.elapsed_seconds, 16 * 60);
        assert_eq!(s.response.state, ClockState::Warning);
        assert_eq!(s.response.due, Some(minute(50)));
    }

    #[test]
    fn json_has_the_documented_shape() {
        let mut t = file(Grade::High, Grade::Medium, t0());
        record(&mut t, status(Status::Pending), AGENT, minute(30));
        let j = sla(&t, minute(60)).to_json();
        assert_eq!(
            j,
            json!({
                "priority": "P2",
                "response": {
                    "target": "1h",
                    "due": "2026-11-22T10:00:00Z",
                    "elapsed_seconds": 1_800,
                    "paused": false,
                    "state": "met",
                },
                "resolution": {
                    "target": "8h",
                    "due": null,
                    "elapsed_seconds": 1_800,
                    "paused": true,
                    "state": "ok",
                },
            })
        );
        let keys: Vec<&String> = j["response"].as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            ["target", "due", "elapsed_seconds", "paused", "state"]
        );
        assert_eq!(ClockState::Breached.to_string(), "breached");
    }

    #[test]
    fn an_escalation_by_a_sweep_rule_is_not_a_response() {
        let mut t = p1();
        let up = Action::TierChanged {
            from: Tier::SERVICE_DESK,
            to: Tier::new(2).unwrap(),
            reason: "rule".into(),
            team: None,
        };
        record(&mut t, up.clone(), "cron@example.com", minute(5));
        record(
            &mut t,
            Action::Swept {
                rule: "tier:1".into(),
            },
            "cron@example.com",
            minute(5),
        );
        assert_eq!(sla(&t, minute(16)).response.state, ClockState::Breached);
        // The same escalation by a person is one.
        let mut t = p1();
        record(&mut t, up, AGENT, minute(5));
        assert_eq!(sla(&t, minute(16)).response.state, ClockState::Met);
    }
}
