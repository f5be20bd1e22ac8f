//! Events: the append-only log that is the truth of a ticket.

use chrono::{DateTime, NaiveDate, Utc};
use toml::{Table, Value};

use super::fields::{to_toml_date, Fields, TableWriter};
use super::mail::{Notice, Received};
use super::types::{Grade, PendingReason, Status, TicketType, Tier};

/// One entry of a ticket's log. Ordered by `(lamport, id)`, never by `at`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Event {
    /// Unique within the ticket; breaks ties between equal Lamport timestamps.
    pub id: String,
    /// Lamport timestamp (the file key `clock`): one more than the highest in the file when
    /// it was written.
    #[serde(rename = "clock")]
    pub lamport: u64,
    /// When it happened (for people, SLA clocks and metrics; not for ordering).
    #[serde(with = "super::binary::instant")]
    pub at: DateTime<Utc>,
    /// The email of the person who did it.
    pub by: String,
    /// What happened.
    pub action: Action,
    /// Fields this version does not know, kept verbatim.
    #[serde(with = "super::binary::toml_table")]
    pub extra: Table,
}

/// The data a ticket is filed with: its whole initial state.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Filing {
    /// The title: one line saying what it is about.
    pub title: String,
    /// Incident, request, problem or change.
    pub ticket_type: TicketType,
    /// Free text.
    pub description: String,
    /// How widely it hurts.
    pub impact: Grade,
    /// How soon it must be fixed.
    pub urgency: Grade,
    /// An explicit priority, overriding the matrix.
    pub priority: Option<super::types::Priority>,
    /// Why the priority was set by hand.
    pub priority_reason: Option<String>,
    /// The affected service from the catalogue.
    pub service: Option<String>,
    /// The office it concerns (a key of `[sites]`).
    pub site: Option<String>,
    /// The tier it starts at.
    pub tier: Tier,
    /// The team it starts with.
    pub team: Option<String>,
    /// Who works it first.
    pub assignee: Option<String>,
    /// The Level 1 owner, when named at filing.
    pub owner: Option<String>,
    /// Who reported it.
    pub reporter: String,
    /// Labels.
    pub labels: Vec<String>,
    /// A major incident.
    pub major: bool,
    /// Where it came from, when imported (`github#123`).
    pub external_ref: Option<String>,
}

impl Filing {
    /// An incident at Level 1 with medium impact and urgency and nothing else set: the
    /// defaults of `git desk new`.
    pub fn new(title: impl Into<String>, reporter: impl Into<String>) -> Filing {
        Filing {
            title: title.into(),
            ticket_type: super::types::TicketType::Incident,
            description: String::new(),
            impact: Grade::Medium,
            urgency: Grade::Medium,
            priority: None,
            priority_reason: None,
            service: None,
            site: None,
            tier: Tier::SERVICE_DESK,
            team: None,
            assignee: None,
            owner: None,
            reporter: reporter.into(),
            labels: Vec::new(),
            major: false,
            external_ref: None,
        }
    }
}

/// A root-cause analysis, as recorded by Level 3 (every field optional: an `rca` event
/// carries the fields it sets; the state keeps the latest of each).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Rca {
    /// How the cause was found (5 whys, fishbone, log analysis...).
    pub method: Option<String>,
    /// What users saw.
    pub symptoms: Option<String>,
    /// Why it happened.
    pub root_cause: Option<String>,
    /// How to live with it until fixed.
    pub workaround: Option<String>,
    /// The permanent fix.
    pub fix: Option<String>,
    /// Whether Level 3 reproduced it.
    pub reproduced: Option<bool>,
}

impl Rca {
    /// True when no field is set.
    pub fn is_empty(&self) -> bool {
        *self == Rca::default()
    }

    /// Takes every field `other` sets.
    pub fn update(&mut self, other: &Rca) {
        let take = |mine: &mut Option<String>, theirs: &Option<String>| {
            if theirs.is_some() {
                mine.clone_from(theirs);
            }
        };
        take(&mut self.method, &other.method);
        take(&mut self.symptoms, &other.symptoms);
        take(&mut self.root_cause, &other.root_cause);
        take(&mut self.workaround, &other.workaround);
        take(&mut self.fix, &other.fix);
        if other.reproduced.is_some() {
            self.reproduced = other.reproduced;
        }
    }

    /// Written in this key order (file and JSON).
    pub fn write(&self, w: &mut TableWriter) {
        w.opt("method", self.method.as_ref())
            .opt("symptoms", self.symptoms.as_ref())
            .opt("root_cause", self.root_cause.as_ref())
            .opt("workaround", self.workaround.as_ref())
            .opt("fix", self.fix.as_ref());
        if let Some(r) = self.reproduced {
            w.put("reproduced", r);
        }
    }

    fn read(f: &mut Fields) -> Result<Rca, String> {
        Ok(Rca {
            method: f.opt_str("method")?,
            symptoms: f.opt_str("symptoms")?,
            root_cause: f.opt_str("root_cause")?,
            workaround: f.opt_str("workaround")?,
            fix: f.opt_str("fix")?,
            reproduced: match f.take("reproduced") {
                None => None,
                Some(Value::Boolean(b)) => Some(b),
                Some(_) => return Err("'reproduced' should be true or false".into()),
            },
        })
    }
}

/// A hand-off to an outside vendor (Level 4); a `vendor` event carries the fields it
/// sets, the state keeps the latest of each.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Vendor {
    /// The vendor.
    pub name: Option<String>,
    /// The vendor's own ticket reference.
    pub reference: Option<String>,
    /// The support contract.
    pub contract: Option<String>,
    /// When to chase the vendor.
    pub follow_up: Option<NaiveDate>,
}

impl Vendor {
    /// Takes every field `other` sets.
    pub fn update(&mut self, other: &Vendor) {
        if other.name.is_some() {
            self.name.clone_from(&other.name);
        }
        if other.reference.is_some() {
            self.reference.clone_from(&other.reference);
        }
        if other.contract.is_some() {
            self.contract.clone_from(&other.contract);
        }
        if other.follow_up.is_some() {
            self.follow_up = other.follow_up;
        }
    }

    /// Written in this key order (`ref` as in the SPEC's file).
    pub fn write(&self, w: &mut TableWriter) {
        w.opt("name", self.name.as_ref())
            .opt("ref", self.reference.as_ref())
            .opt("contract", self.contract.as_ref());
        if let Some(d) = self.follow_up {
            w.put("follow_up", to_toml_date(d));
        }
    }

    fn read(f: &mut Fields) -> Result<Vendor, String> {
        Ok(Vendor {
            name: f.opt_str("name")?,
            reference: f.opt_str("ref")?,
            contract: f.opt_str("contract")?,
            follow_up: f.opt_date("follow_up")?,
        })
    }
}

/// A relation between tickets (or from a ticket to a KB article).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Relation {
    /// This incident is caused by the target problem.
    Problem,
    /// This problem causes the target incident (the other side of `Problem`).
    Incident,
    /// This ticket duplicates the target.
    DuplicateOf,
    /// The target duplicates this ticket (the other side of `DuplicateOf`).
    Duplicate,
    /// Related both ways.
    Related,
    /// A knowledge-base article by slug.
    Kb,
}

impl Relation {
    /// The name in the file.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Problem => "problem",
            Relation::Incident => "incident",
            Relation::DuplicateOf => "duplicate_of",
            Relation::Duplicate => "duplicate",
            Relation::Related => "related",
            Relation::Kb => "kb",
        }
    }

    /// The relation recorded on the target, if the target is a ticket.
    pub fn inverse(self) -> Option<Relation> {
        match self {
            Relation::Problem => Some(Relation::Incident),
            Relation::Incident => Some(Relation::Problem),
            Relation::DuplicateOf => Some(Relation::Duplicate),
            Relation::Duplicate => Some(Relation::DuplicateOf),
            Relation::Related => Some(Relation::Related),
            Relation::Kb => None,
        }
    }

    fn parse(s: &str) -> Option<Relation> {
        [
            Relation::Problem,
            Relation::Incident,
            Relation::DuplicateOf,
            Relation::Duplicate,
            Relation::Related,
            Relation::Kb,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// What an event did.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Action {
    /// The ticket was filed (`created`).
    Created(Box<Filing>),
    /// A public update or an internal note (`commented`).
    Commented {
        /// The text.
        text: String,
        /// An internal note, not shown to the customer.
        internal: bool,
    },
    /// Assignment to a person and/or a team (`assigned`); `None` leaves it unchanged,
    /// an empty string clears it.
    Assigned {
        /// The new assignee.
        assignee: Option<String>,
        /// The new team.
        team: Option<String>,
    },
    /// The Level 1 owner changed explicitly (`owner`).
    OwnerChanged {
        /// The new owner.
        owner: String,
    },
    /// A status move other than resolve and reopen (`status`).
    StatusChanged {
        /// The new status.
        to: Status,
        /// Why waiting, when `to` is pending.
        pending_reason: Option<PendingReason>,
        /// A free-text reason.
        reason: Option<String>,
    },
    /// Resolved with a resolution (`resolved`).
    Resolved {
        /// What fixed it.
        resolution: String,
        /// A resolution code.
        code: Option<String>,
        /// A KB article that resolved it.
        kb: Option<String>,
    },
    /// Reopened after resolve or close (`reopened`).
    Reopened {
        /// Why.
        reason: String,
    },
    /// Moved up (`escalated`) or down (`deescalated`) the tiers.
    TierChanged {
        /// The tier before.
        from: Tier,
        /// The tier after.
        to: Tier,
        /// Why.
        reason: String,
        /// The team that takes it over.
        team: Option<String>,
    },
    /// One field changed (`set`).
    FieldSet {
        /// Which field.
        field: String,
        /// Its new value (a string, or a boolean for flags).
        #[serde(with = "super::binary::toml_value")]
        value: Value,
        /// Why, where a reason is asked for (priority overrides).
        reason: Option<String>,
    },
    /// Labels added and removed (`labeled`).
    Labeled {
        /// Added.
        add: Vec<String>,
        /// Removed.
        remove: Vec<String>,
    },
    /// A relation added (`linked`).
    Linked {
        /// What kind.
        relation: Relation,
        /// The other ticket's id or the article's slug.
        target: String,
    },
    /// A relation removed (`unlinked`), e.g. from the old problem when an incident moves
    /// to another.
    Unlinked {
        /// What kind.
        relation: Relation,
        /// The other ticket's id or the article's slug.
        target: String,
    },
    /// An escalation rule fired (`swept`), recorded after its actions so that it fires
    /// once per episode.
    Swept {
        /// The rule's key (its query and actions).
        rule: String,
    },
    /// Root-cause analysis fields set (`rca`).
    RcaRecorded(Rca),
    /// Handed to, or followed up with, an outside vendor (`vendor`).
    VendorHandoff(Vendor),
    /// Customer satisfaction (`rated`), 1-5.
    Rated {
        /// 1 (very unhappy) to 5 (very happy).
        score: u8,
        /// What they said.
        comment: Option<String>,
    },
    /// A message came in by mail (`received`); its text is the `commented` event
    /// recorded beside it, or the filing.
    Received(Box<Received>),
    /// A notice was claimed for sending (`notified`).
    Notified(Box<Notice>),
    /// How sending a notice went (`delivery`).
    Delivery {
        /// The notice's `Message-ID`.
        message_id: String,
        /// Why it failed; `None` when it was handed over.
        failure: Option<String>,
    },
    /// A kind this version does not know; its data is in `extra`.
    Other(String),
}

impl Action {
    /// The `kind` written in the file.
    pub fn kind(&self) -> &str {
        match self {
            Action::Created(_) => "created",
            Action::Commented { .. } => "commented",
            Action::Assigned { .. } => "assigned",
            Action::OwnerChanged { .. } => "owner",
            Action::StatusChanged { .. } => "status",
            Action::Resolved { .. } => "resolved",
            Action::Reopened { .. } => "reopened",
            Action::TierChanged { from, to, .. } if to < from => "deescalated",
            Action::TierChanged { .. } => "escalated",
            Action::FieldSet { .. } => "set",
            Action::Labeled { .. } => "labeled",
            Action::Linked { .. } => "linked",
            Action::Unlinked { .. } => "unlinked",
            Action::Swept { .. } => "swept",
            Action::RcaRecorded(_) => "rca",
            Action::VendorHandoff(_) => "vendor",
            Action::Rated { .. } => "rated",
            Action::Received(_) => "received",
            Action::Notified(_) => "notified",
            Action::Delivery { .. } => "delivery",
            Action::Other(kind) => kind,
        }
    }
}

impl Event {
    /// The event as a TOML table in canonical key order.
    pub fn to_table(&self) -> Table {
        let mut w = TableWriter::new();
        w.put("id", self.id.as_str())
            .put("clock", self.lamport as i64)
            .time("at", &self.at)
            .put("by", self.by.as_str())
            .put("kind", self.action.kind());
        match &self.action {
            Action::Created(f) => {
                w.put("title", f.title.as_str())
                    .put("type", f.ticket_type.as_str())
                    .put("impact", f.impact.as_str())
                    .put("urgency", f.urgency.as_str())
                    .opt("priority", f.priority)
                    .opt("priority_reason", f.priority_reason.as_ref())
                    .put("tier", i64::from(f.tier.level()))
                    .opt("service", f.service.as_ref())
                    .opt("site", f.site.as_ref())
                    .opt("team", f.team.as_ref())
                    .opt("owner", f.owner.as_ref())
                    .opt("assignee", f.assignee.as_ref())
                    .put("reporter", f.reporter.as_str())
                    .list("labels", &f.labels)
                    .flag("major", f.major)
                    .opt("external_ref", f.external_ref.as_ref());
                if !f.description.is_empty() {
                    w.put("description", f.description.as_str());
                }
            }
            Action::Commented { text, internal } => {
                w.flag("internal", *internal).put("text", text.as_str());
            }
            Action::Assigned { assignee, team } => {
                w.opt("assignee", assignee.as_ref())
                    .opt("team", team.as_ref());
            }
            Action::OwnerChanged { owner } => {
                w.put("owner", owner.as_str());
            }
            Action::StatusChanged {
                to,
                pending_reason,
                reason,
            } => {
                w.put("to", to.as_str())
                    .opt("pending_reason", *pending_reason)
                    .opt("reason", reason.as_ref());
            }
            Action::Resolved {
                resolution,
                code,
                kb,
            } => {
                w.put("resolution", resolution.as_str())
                    .opt("code", code.as_ref())
                    .opt("kb", kb.as_ref());
            }
            Action::Reopened { reason } => {
                w.put("reason", reason.as_str());
            }
            Action::TierChanged {
                from,
                to,
                reason,
                team,
            } => {
                w.put("from", i64::from(from.level()))
                    .put("to", i64::from(to.level()))
                    .opt("team", team.as_ref())
                    .put("reason", reason.as_str());
            }
            Action::FieldSet {
                field,
                value,
                reason,
            } => {
                w.put("field", field.as_str())
                    .put("value", value.clone())
                    .opt("reason", reason.as_ref());
            }
            Action::Labeled { add, remove } => {
                w.list("add", add).list("remove", remove);
            }
            Action::Linked { relation, target } | Action::Unlinked { relation, target } => {
                w.put("relation", relation.as_str())
                    .put("target", target.as_str());
            }
            Action::Swept { rule } => {
                w.put("rule", rule.as_str());
            }
            Action::RcaRecorded(rca) => rca.write(&mut w),
            Action::VendorHandoff(v) => v.write(&mut w),
            Action::Rated { score, comment } => {
                w.put("score", i64::from(*score))
                    .opt("comment", comment.as_ref());
            }
            Action::Received(r) => r.write(&mut w),
            Action::Notified(n) => n.write(&mut w),
            Action::Delivery {
                message_id,
                failure,
            } => {
                w.put("message_id", message_id.as_str())
                    .opt("failure", failure.as_ref());
            }
            Action::Other(_) => {}
        }
        w.extra(&self.extra);
        w.finish()
    }

    /// Reads an event from its table; the error names the offending key.
    pub fn from_table(table: Table) -> Result<Event, String> {
        Event::from_fields(Fields::new(table))
    }

    /// Reads an event from its fields as read from the file; the error names the
    /// offending key.
    pub(crate) fn from_fields(mut f: Fields) -> Result<Event, String> {
        let id = f.str("id")?;
        let lamport = f.int("clock")?;
        if lamport < 0 {
            return Err(format!("event {id}: 'clock' must not be negative"));
        }
        let at = f.time("at")?;
        let by = f.str("by")?;
        let kind = f.str("kind")?;
        let action = read_action(&kind, &mut f).map_err(|e| format!("event {id} ({kind}): {e}"))?;
        Ok(Event {
            id,
            lamport: lamport as u64,
            at,
            by,
            action,
            extra: f.rest(),
        })
    }
}

fn read_action(kind: &str, f: &mut Fields) -> Result<Action, String> {
    Ok(match kind {
        "created" => Action::Created(Box::new(Filing {
            title: f.str("title")?,
            ticket_type: f.parsed("type")?,
            impact: f.parsed("impact")?,
            urgency: f.parsed("urgency")?,
            priority: f.opt_parsed("priority")?,
            priority_reason: f.opt_str("priority_reason")?,
            tier: f.parsed("tier")?,
            service: f.opt_str("service")?,
            site: f.opt_str("site")?,
            team: f.opt_str("team")?,
            owner: f.opt_str("owner")?,
            assignee: f.opt_str("assignee")?,
            reporter: f.str("reporter")?,
            labels: f.strings("labels")?,
            major: f.flag("major")?,
            external_ref: f.opt_str("external_ref")?,
            description: f.opt_str("description")?.unwrap_or_default(),
        })),
        "commented" => Action::Commented {
            internal: f.flag("internal")?,
            text: f.str("text")?,
        },
        "assigned" => Action::Assigned {
            assignee: f.opt_str("assignee")?,
            team: f.opt_str("team")?,
        },
        "owner" => Action::OwnerChanged {
            owner: f.str("owner")?,
        },
        "status" => Action::StatusChanged {
            to: f.parsed("to")?,
            pending_reason: f.opt_parsed("pending_reason")?,
            reason: f.opt_str("reason")?,
        },
        "resolved" => Action::Resolved {
            resolution: f.str("resolution")?,
            code: f.opt_str("code")?,
            kb: f.opt_str("kb")?,
        },
        "reopened" => Action::Reopened {
            reason: f.str("reason")?,
        },
        "escalated" | "deescalated" => Action::TierChanged {
            from: f.parsed("from")?,
            to: f.parsed("to")?,
            team: f.opt_str("team")?,
            reason: f.str("reason")?,
        },
        "set" => Action::FieldSet {
            field: f.str("field")?,
            value: f.take("value").ok_or("'value' is missing")?,
            reason: f.opt_str("reason")?,
        },
        "labeled" => Action::Labeled {
            add: f.strings("add")?,
            remove: f.strings("remove")?,
        },
        "linked" | "unlinked" => match f.peek_str("relation").and_then(Relation::parse) {
            Some(relation) => {
                f.take("relation");
                let target = f.str("target")?;
                if kind == "linked" {
                    Action::Linked { relation, target }
                } else {
                    Action::Unlinked { relation, target }
                }
            }
            // A relation from a newer version: keep the whole event as unknown.
            None => Action::Other(kind.to_string()),
        },
        "swept" => Action::Swept {
            rule: f.str("rule")?,
        },
        "rca" => Action::RcaRecorded(Rca::read(f)?),
        "vendor" => Action::VendorHandoff(Vendor::read(f)?),
        "rated" => {
            let score = f.int("score")?;
            if !(1..=5).contains(&score) {
                return Err(format!("'score' {score} is outside 1-5"));
            }
            Action::Rated {
                score: score as u8,
                comment: f.opt_str("comment")?,
            }
        }
        "received" => Action::Received(Box::new(Received::read(f)?)),
        "notified" => Action::Notified(Box::new(Notice::read(f)?)),
        "delivery" => Action::Delivery {
            message_id: f.str("message_id")?,
            failure: f.opt_str("failure")?,
        },
        other => Action::Other(other.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<Utc> {
        "2026-11-22T09:00:00Z".parse().unwrap()
    }

    #[test]
    fn events_round_trip_with_unknown_fields() {
        let mut extra = Table::new();
        extra.insert("mood".into(), Value::String("grumpy".into()));
        let e = Event {
            id: "abcdefabcdef".into(),
            lamport: 3,
            at: at(),
            by: "a@example.com".into(),
            action: Action::TierChanged {
                from: Tier::new(1).unwrap(),
                to: Tier::new(2).unwrap(),
                reason: "needs network".into(),
                team: Some("network".into()),
            },
            extra,
        };
        let table = e.to_table();
        assert_eq!(table["kind"].as_str(), Some("escalated"));
        let back = Event::from_table(table).unwrap();
        assert_eq!(back, e);
    }

    #[test]
    fn unknown_kinds_are_kept_whole() {
        let table: Table = toml::from_str(
            "id = 'x1'\nclock = 1\nat = 2026-11-22T09:00:00Z\nby = 'a@b'\nkind = 'teleported'\nwhere = 'moon'",
        )
        .unwrap();
        let e = Event::from_table(table.clone()).unwrap();
        assert_eq!(e.action, Action::Other("teleported".into()));
        assert_eq!(e.to_table(), table);
    }

    #[test]
    fn a_missing_key_is_named() {
        let table: Table = toml::from_str(
            "id = 'x1'\nclock = 1\nat = 2026-11-22T09:00:00Z\nby = 'a@b'\nkind = 'reopened'",
        )
        .unwrap();
        let err = Event::from_table(table).unwrap_err();
        assert!(err.contains("'reason' is missing"), "{err}");
    }
}
