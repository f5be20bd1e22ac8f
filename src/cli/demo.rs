//! `git desk demo`: a demo desk repository with tickets at every tier.
//!
//! The scenario is data: [`scenario`] lists the tickets, each with how it was filed and
//! the steps people took on it afterwards. [`build`] replays every filing and step in
//! time order through the library and the workflow rules, one commit each, exactly as
//! the matching command (`new`, `take`, `escalate`, `resolve`...) would have written it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use chrono::{DateTime, Duration, Utc};
use clap::Args;

use git_desk::model::{
    Action, Filing, Level, Relation, Status, Ticket, TicketId, TicketType, Tier,
};
use git_desk::store::{Actor, Desk, Summary, DEFAULT_BRANCH};
use git_desk::workflow::{self, clean_labels};
use git_desk::{kb, DeskError};

use super::targets::{subject, Changed};
use super::{usage, Session};

/// Create a demo desk repository (a few dozen realistic tickets across tiers 0-4, with
/// comments, escalations and resolutions), then list it.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Where to create it (must not exist or be empty)
    // Its own id: the global `-C` is `dir` too, and clap would merge the two.
    #[arg(id = "demo_dir", value_name = "DIR", default_value = "git-desk-demo")]
    pub dir: PathBuf,
}

pub fn run(session: &Session, args: DemoArgs) -> Result<()> {
    let dir = &args.dir;
    if let Ok(mut entries) = std::fs::read_dir(dir) {
        if entries.next().is_some() {
            return Err(usage(format!(
                "{} exists and is not empty: name a new directory, e.g. `git desk demo my-demo`",
                dir.display()
            )));
        }
    } else if dir.exists() {
        return Err(usage(format!(
            "{} exists and is not a directory: name a new directory",
            dir.display()
        )));
    }
    let existed = dir.exists();
    let now = session.now()?;
    let branch = session.global.branch.as_deref();
    let built = build(dir, branch, now).inspect_err(|_| {
        // Leave nothing half-made behind.
        let _ = if existed {
            std::fs::remove_dir_all(dir.join(".git"))
        } else {
            std::fs::remove_dir_all(dir)
        };
    })?;

    // List it the way `git desk ls --all` would, from inside the new repository. A
    // GIT_DIR from the caller's environment would point `ls` at another repository.
    std::env::set_current_dir(dir)
        .with_context(|| format!("cannot change into {}", dir.display()))?;
    std::env::remove_var("GIT_DIR");
    std::env::remove_var("GIT_WORK_TREE");
    super::ls::run(
        session,
        super::ls::LsArgs {
            query: vec![],
            sort: "priority".into(),
            limit: None,
            all: true,
            ids: false,
            json: false,
        },
    )?;
    session
        .out
        .info("\nSLA clocks of the tickets still being worked:");
    super::sla::run(
        session,
        super::sla::SlaArgs {
            query: vec![],
            at: None,
            all: false,
            json: false,
        },
    )?;
    let shown = dir.display().to_string();
    let cd = if shown.contains(char::is_whitespace) {
        format!("'{shown}'")
    } else {
        shown.clone()
    };
    session.out.info(format!(
        "\ncreated a demo desk in {shown}: {} tickets, {} commits on branch '{}'. Try:\n  cd {cd}\n  git desk ls tier:2\n  git desk show {}\n  git log --oneline {}",
        built.tickets, built.commits, built.branch, built.show, built.branch
    ));
    Ok(())
}

/// The self-service articles (Level 0) the desk starts with: slug, title, tags, body.
const ARTICLES: &[(&str, &str, &[&str], &str)] = &[
    (
        "reset-your-password-in-the-self-service-portal",
        "Reset your password in the self-service portal",
        &["password", "identity"],
        "Go to https://password.example.com, confirm with MFA and choose a new password.\nIt syncs to email, VPN and SAP within 10 minutes.\n",
    ),
    (
        "mailbox-full-archive-old-mail",
        "Mailbox full: archive old mail",
        &["email", "quota"],
        "Outlook: File > Tools > Mailbox Cleanup > AutoArchive. Mail older than a year moves to the online archive.\n",
    ),
    (
        "printer-consumables-replace-the-toner",
        "Printer consumables: replace the toner",
        &["printer", "toner"],
        "Spare toner is in the supply cabinet on each floor. The printer's display shows which cartridge is low.\n",
    ),
    (
        "move-mfa-to-a-new-phone",
        "Move MFA to a new phone",
        &["mfa", "identity"],
        "Before you reset the old phone: https://mfa.example.com > Devices > Add. Scan the code with the new phone, then remove the old one.\n",
    ),
];

/// What [`build`] made.
struct Built {
    /// Tickets filed.
    tickets: usize,
    /// Commits on the desk branch, `init` included.
    commits: usize,
    /// The desk branch.
    branch: String,
    /// The short id of a ticket worth `git desk show`ing (the one handed to a vendor).
    show: String,
}

/// Creates `dir` with a git repository and a desk, and replays the scenario into it so
/// that it ends just before `now`.
fn build(dir: &Path, branch: Option<&str>, now: DateTime<Utc>) -> Result<Built> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Desk::create_repository(dir)
        .with_context(|| format!("cannot create a git repository in {}", dir.display()))?;
    let desk = Desk::open_at(dir, branch)?;
    if desk.branch() != DEFAULT_BRANCH {
        // As `git desk init --branch` does: later commands in DIR find the branch.
        desk.set_git_config("desk.branch", desk.branch())?;
    }
    let start = start_of_scenario(now);
    desk.init(&ALICE.actor(), start + Duration::hours(7))?;
    // Level 0: the self-service articles the desk started with.
    for (slug, title, tags, body) in ARTICLES {
        let at = start + Duration::hours(8);
        desk.transact(&ALICE.actor(), at, false, |tx| {
            let mut a = kb::Article::new(
                slug.to_string(),
                title.to_string(),
                ALICE.email.to_string(),
                at,
            );
            a.tags = tags.iter().map(|t| t.to_string()).collect();
            a.body = body.to_string();
            tx.write_file(&a.path(), a.to_markdown().into_bytes());
            Ok(Summary::new(format!("kb new {slug}: {title}"), "kb"))
        })?;
    }

    let specs = scenario();
    let mut ids: HashMap<&str, TicketId> = HashMap::new();
    let mut commits = 1;
    for due in timeline(&specs, start) {
        // The scenario ends before today; never write into the future of DESK_NOW.
        let at = due.at.min(now);
        match due.step {
            None => {
                let id = file(&desk, due.spec, at)?;
                ids.insert(due.spec.key, id);
            }
            Some(step) => apply(&desk, &ids, due.spec.key, step, at)?,
        }
        commits += 1;
    }
    let mut commits = commits + ARTICLES.len();
    // Someone found the answer in the knowledge base instead of filing a ticket.
    let found = now - Duration::hours(20);
    desk.transact(&ERIN.actor(), found, false, |tx| {
        let slug = "printer-consumables-replace-the-toner";
        let path = kb::article_path(slug);
        let bytes = tx.file(&path)?.unwrap_or_default();
        let mut a = kb::Article::parse(slug, &String::from_utf8_lossy(&bytes))
            .map_err(DeskError::invalid)?;
        kb::record_deflection(&mut a, found, ERIN.email, "printer says toner low");
        tx.write_file(&path, a.to_markdown().into_bytes());
        Ok(Summary::new(
            format!("kb deflect {slug}: printer says toner low"),
            "deflect",
        ))
    })?;
    // Level 3 writes up the known error for Levels 1 and 2.
    let published = now - Duration::hours(3);
    desk.transact(&SAM.actor(), published, false, |tx| {
        let slug = kb::publish(
            tx,
            &ids["mail-logs"],
            Some("exchange-logs-fill-the-volume"),
            &[],
        )?;
        Ok(Summary::new(
            format!("kb publish {slug}: Exchange transaction logs fill the log volume"),
            "kb",
        ))
    })?;
    commits += 2;
    // Last night's sweep, as cron runs it: the desk's escalation rules on the backlog.
    let sweeper = Actor::new("Desk sweep", "sweep@example.com");
    if desk
        .transact(&sweeper, now, false, |tx| {
            Ok(git_desk::sweep::apply(tx, now)?.1)
        })?
        .commit
        .is_some()
    {
        commits += 1;
    }
    let show = desk.snapshot()?.short_id(&ids["vpn-berlin"])?;
    Ok(Built {
        tickets: specs.len(),
        commits,
        branch: desk.branch().to_string(),
        show,
    })
}

/// Midnight (UTC) fourteen days before `now`: day 0 of the scenario. Days 0-13 all lie
/// before `now`, so every ticket's age is real.
fn start_of_scenario(now: DateTime<Utc>) -> DateTime<Utc> {
    (now - Duration::days(14))
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc()
}

/// One thing that happens at a time: a ticket filed (`step: None`) or a step on it.
struct Due<'s> {
    at: DateTime<Utc>,
    spec: &'s Spec,
    step: Option<&'s Step>,
}

/// Every filing and step of the scenario, in time order (ties keep scenario order, so a
/// ticket's filing comes before its own steps).
fn timeline(specs: &[Spec], start: DateTime<Utc>) -> Vec<Due<'_>> {
    let mut all = Vec::new();
    for spec in specs {
        let mut at = start + Duration::minutes(spec.filed);
        all.push(Due {
            at,
            spec,
            step: None,
        });
        for step in &spec.steps {
            at += Duration::minutes(step.after);
            all.push(Due {
                at,
                spec,
                step: Some(step),
            });
        }
    }
    all.sort_by_key(|d| d.at);
    all
}

/// Files a ticket as `git desk new` does: one commit `new <short>: <title>`.
fn file(desk: &Desk, spec: &Spec, at: DateTime<Utc>) -> Result<TicketId> {
    let tier = tier(spec.tier);
    let mut filed = None;
    desk.transact(&spec.filed_by.actor(), at, false, |tx| {
        let filing = Filing {
            ticket_type: spec.kind,
            description: spec.about.to_string(),
            impact: spec.impact,
            urgency: spec.urgency,
            service: Some(spec.service.to_string()),
            tier,
            team: tx.snapshot().config.tier(tier).team.clone(),
            labels: clean_labels(spec.labels.iter().copied())?,
            major: spec.major,
            ..Filing::new(spec.title, spec.reporter.email)
        };
        let id = tx.create(filing)?;
        let short = tx.snapshot().short_id(&id)?;
        let mut summary = Summary::new(format!("new {short}: {}", spec.title), "new");
        summary.tiers.push(tier.to_string());
        filed = Some(id);
        Ok(summary)
    })?;
    Ok(filed.expect("transact ran the change"))
}

/// Applies one step as its command would: the workflow rule decides the events, the
/// commit subject and trailers are the command's.
fn apply(
    desk: &Desk,
    ids: &HashMap<&str, TicketId>,
    key: &str,
    step: &Step,
    at: DateTime<Utc>,
) -> Result<()> {
    let id = &ids[key];
    let actor = step.by.actor();
    desk.transact(&actor, at, false, |tx| {
        let config = &tx.snapshot().config;
        let before = tx.ticket(id)?.clone();
        let actions = match step.op {
            Op::Take => workflow::assign(&before, Some(&actor.email), None, None)?,
            Op::Start => workflow::move_status(&before, Status::InProgress, None)?,
            Op::Pend(reason) => workflow::move_status(&before, Status::Pending, Some(reason))?,
            Op::Comment(text) => workflow::comment(text, false)?,
            Op::Note(text) => workflow::comment(text, true)?,
            Op::Escalate(reason) => workflow::escalate(&before, None, reason, config)?,
            Op::EscalateTo(to, reason) => {
                workflow::escalate(&before, Some(tier(to)), reason, config)?
            }
            Op::Deescalate(to, reason) => workflow::deescalate(&before, tier(to), reason, config)?,
            Op::Set(field, value) => workflow::set_field(&before, field, value, None)?,
            Op::Prioritize(p, reason) => workflow::set_field(&before, "priority", p, Some(reason))?,
            Op::Resolve(text, code) => workflow::resolve(&before, text, Some(code), None)?,
            Op::Close => workflow::move_status(&before, Status::Closed, None)?,
            Op::Reopen(reason) => workflow::reopen(&before, reason)?,
            Op::Rca(symptoms, cause, workaround) => workflow::record_rca(
                &before,
                &git_desk::model::Rca {
                    symptoms: Some(symptoms.into()),
                    root_cause: Some(cause.into()),
                    workaround: Some(workaround.into()),
                    method: Some("log analysis".into()),
                    reproduced: Some(true),
                    fix: None,
                },
                Some(true),
            )?,
            Op::Vendor(name, reference, contract, days) => workflow::hand_to_vendor(
                &before,
                &git_desk::model::Vendor {
                    name: Some(name.into()),
                    reference: Some(reference.into()),
                    contract: Some(contract.into()),
                    follow_up: Some((at + Duration::days(days)).date_naive()),
                },
                config,
            )?,
            Op::Rate(score, comment) => workflow::rate(&before, i64::from(score), Some(comment))?,
            Op::SelfService(text, slug) => {
                kb::link_ticket(tx, slug, id)?;
                workflow::resolve(&before, text, Some("self-service"), Some(slug))?
            }
            Op::LinkProblem(problem) => {
                // Both sides, as `git desk link ID --problem PID` records them.
                let problem = &ids[problem];
                tx.record(
                    problem,
                    Action::Linked {
                        relation: Relation::Incident,
                        target: id.to_string(),
                    },
                )?;
                vec![Action::Linked {
                    relation: Relation::Problem,
                    target: problem.to_string(),
                }]
            }
        };
        if actions.is_empty() {
            return Err(DeskError::invalid(format!(
                "demo scenario: step '{}' on '{key}' changes nothing",
                step.op.verb()
            )));
        }
        let mut tiers = Vec::new();
        for action in actions {
            if let Action::TierChanged { from, to, .. } = &action {
                tiers.push(format!("{from} -> {to}"));
            }
            tx.record(id, action)?;
        }
        let after = tx.ticket(id)?.clone();
        let changed = Changed {
            short: tx.snapshot().short_id(id)?,
            title: after.title.clone(),
            detail: step.op.detail(&before, &after, |k| {
                tx.snapshot()
                    .short_id(&ids[k])
                    .unwrap_or_else(|_| ids[k].to_string())
            }),
        };
        let mut summary = Summary::new(subject(step.op.verb(), &[changed]), step.op.verb());
        summary.tiers = tiers;
        Ok(summary)
    })?;
    Ok(())
}

fn tier(level: u8) -> Tier {
    Tier::new(i64::from(level)).expect("the scenario uses tiers 0-4")
}

/// A person in the scenario.
#[derive(Debug, Clone, Copy)]
struct Person {
    name: &'static str,
    email: &'static str,
}

impl Person {
    fn actor(self) -> Actor {
        Actor::new(self.name, self.email)
    }
}

const fn person(name: &'static str, email: &'static str) -> Person {
    Person { name, email }
}

// Reporters.
const CAROL: Person = person("Carol Diaz", "carol@example.com");
const DAN: Person = person("Dan Okafor", "dan@example.com");
const ERIN: Person = person("Erin Walsh", "erin@example.com");
const FRANK: Person = person("Frank Meyer", "frank@example.com");
const GRACE: Person = person("Grace Liu", "grace@example.com");
const HUGO: Person = person("Hugo Martin", "hugo@example.com");
// Level 1: service desk.
const ALICE: Person = person("Alice Moreau", "alice@example.com");
const BEN: Person = person("Ben Kowalski", "ben@example.com");
// Level 2: technical support.
const PRIYA: Person = person("Priya Nair", "priya@example.com");
const TOM: Person = person("Tom Becker", "tom@example.com");
// Level 3: engineering.
const SAM: Person = person("Sam Lindqvist", "sam@example.com");
// Level 4: vendor coordination.
const VICTOR: Person = person("Victor Osei", "victor@example.com");

/// What a step does; each is one command, one commit.
#[derive(Debug, Clone, Copy)]
enum Op {
    /// `take`: the acting person assigns it to themselves.
    Take,
    /// `start`.
    Start,
    /// `pend --reason R`.
    Pend(&'static str),
    /// `comment -m TEXT` (public).
    Comment(&'static str),
    /// `comment --internal -m TEXT`.
    Note(&'static str),
    /// `escalate --reason R`: one tier up.
    Escalate(&'static str),
    /// `escalate --to N --reason R`.
    EscalateTo(u8, &'static str),
    /// `deescalate --to N --reason R`.
    Deescalate(u8, &'static str),
    /// `set FIELD=VALUE`.
    Set(&'static str, &'static str),
    /// `set priority=P --reason R`.
    Prioritize(&'static str, &'static str),
    /// `resolve --resolution TEXT --code C`.
    Resolve(&'static str, &'static str),
    /// `close`.
    Close,
    /// `reopen --reason R`.
    Reopen(&'static str),
    /// `link ID --problem PID`, naming the problem by its scenario key.
    LinkProblem(&'static str),
    /// `rca ID --symptoms S --root-cause C --workaround W --known-error yes`.
    Rca(&'static str, &'static str, &'static str),
    /// `vendor ID --name V --ref R --contract C --follow-up (in N days)`.
    Vendor(&'static str, &'static str, &'static str, i64),
    /// `rate ID SCORE -m TEXT`.
    Rate(u8, &'static str),
    /// `resolve --resolution TEXT --code self-service --kb SLUG`: solved with an article.
    SelfService(&'static str, &'static str),
}

impl Op {
    /// The command's verb: the commit subject's first word and `Desk-Action`.
    fn verb(self) -> &'static str {
        match self {
            Op::Take => "take",
            Op::Start => "start",
            Op::Pend(_) => "pend",
            Op::Comment(_) => "comment",
            Op::Note(_) => "note",
            Op::Escalate(_) | Op::EscalateTo(..) => "escalate",
            Op::Deescalate(..) => "deescalate",
            Op::Set(..) | Op::Prioritize(..) => "set",
            Op::Resolve(..) => "resolve",
            Op::Close => "close",
            Op::Reopen(_) => "reopen",
            Op::LinkProblem(_) => "link",
            Op::Rca(..) => "rca",
            Op::Vendor(..) => "vendor",
            Op::Rate(..) => "rate",
            Op::SelfService(..) => "resolve",
        }
    }

    /// The command's detail in the commit subject (`L1 -> L2`, `open -> pending`).
    fn detail(self, before: &Ticket, after: &Ticket, short: impl Fn(&str) -> String) -> String {
        match self {
            Op::Take => format!(
                "-> {}",
                after
                    .assignee
                    .as_deref()
                    .or(after.team.as_deref())
                    .unwrap_or("nobody")
            ),
            Op::Comment(_) | Op::Note(_) => String::new(),
            Op::Escalate(_) | Op::EscalateTo(..) | Op::Deescalate(..) => {
                format!("L{} -> L{}", before.tier, after.tier)
            }
            Op::Set(field, value) => format!("{field}={value}"),
            Op::Prioritize(p, _) => format!("priority={p}"),
            Op::LinkProblem(problem) => format!("problem {}", short(problem)),
            Op::Rca(..) => "root-cause analysis (known error)".to_string(),
            Op::Vendor(name, ..) => format!("-> {name}"),
            Op::Rate(score, _) => format!("{score}/5"),
            Op::Start
            | Op::Pend(_)
            | Op::Resolve(..)
            | Op::SelfService(..)
            | Op::Close
            | Op::Reopen(_) => {
                format!("{} -> {}", before.status, after.status)
            }
        }
    }
}

/// A step: `after` minutes after the ticket's previous step (or its filing), `by` does `op`.
#[derive(Debug)]
struct Step {
    after: i64,
    by: Person,
    op: Op,
}

/// A ticket of the scenario: how it was filed and what happened to it.
#[derive(Debug)]
struct Spec {
    /// A handle for links between tickets of the scenario.
    key: &'static str,
    /// Minutes after the start of day 0.
    filed: i64,
    filed_by: Person,
    reporter: Person,
    title: &'static str,
    kind: TicketType,
    impact: Level,
    urgency: Level,
    service: &'static str,
    tier: u8,
    labels: &'static [&'static str],
    major: bool,
    about: &'static str,
    steps: Vec<Step>,
}

/// A ticket the reporter filed themselves at Level 1: a medium/medium incident.
fn ticket(
    key: &'static str,
    filed: i64,
    reporter: Person,
    service: &'static str,
    title: &'static str,
) -> Spec {
    Spec {
        key,
        filed,
        filed_by: reporter,
        reporter,
        title,
        kind: TicketType::Incident,
        impact: Level::Medium,
        urgency: Level::Medium,
        service,
        tier: 1,
        labels: &[],
        major: false,
        about: "",
        steps: Vec::new(),
    }
}

impl Spec {
    /// Filed by someone else (an agent taking a call, monitoring).
    fn by(mut self, who: Person) -> Spec {
        self.filed_by = who;
        self
    }
    fn kind(mut self, kind: TicketType) -> Spec {
        self.kind = kind;
        self
    }
    /// Impact and urgency: the priority follows from the matrix.
    fn rate(mut self, impact: Level, urgency: Level) -> Spec {
        self.impact = impact;
        self.urgency = urgency;
        self
    }
    fn tier(mut self, tier: u8) -> Spec {
        self.tier = tier;
        self
    }
    fn labels(mut self, labels: &'static [&'static str]) -> Spec {
        self.labels = labels;
        self
    }
    fn major(mut self) -> Spec {
        self.major = true;
        self
    }
    fn about(mut self, text: &'static str) -> Spec {
        self.about = text;
        self
    }
    /// `after` minutes later, `by` does `op`.
    fn then(mut self, after: i64, by: Person, op: Op) -> Spec {
        self.steps.push(Step { after, by, op });
        self
    }
}

const M: i64 = 1;
const H: i64 = 60;
const D: i64 = 24 * H;

/// Minutes from the start of the scenario to `day` at `hour:minute`.
const fn day(day: i64, hour: i64, minute: i64) -> i64 {
    day * D + hour * H + minute * M
}

/// The demo's fortnight at the service desk. Kept as a table: one line per filing or step.
#[rustfmt::skip]
fn scenario() -> Vec<Spec> {
    use Level::{High, Low, Medium};
    use Op::*;
    use TicketType::{Change, Problem, Request};
    vec![
        // Level 0: self-service, deflected by the FAQ; one still new.
        ticket("pw-carol", day(0, 8, 5), CAROL, "identity", "Password reset: locked out after the holidays")
            .kind(Request).rate(Low, Low).tier(0).labels(&["password"])
            .then(7 * M, CAROL, SelfService("Reset the password in the self-service portal (FAQ: password reset)", "reset-your-password-in-the-self-service-portal"))
            .then(M, CAROL, Rate(4, "Easy once I found the FAQ"))
            .then(D, ALICE, Close),
        ticket("mailbox-full", day(2, 10, 30), FRANK, "email", "Mailbox full: cannot send mail")
            .kind(Request).rate(Low, High).tier(0).labels(&["quota"])
            .then(25 * M, FRANK, SelfService("Archived mail older than a year with auto-archive, as the quota FAQ describes", "mailbox-full-archive-old-mail")),
        ticket("toner", day(6, 14, 2), GRACE, "printing", "Printer 3F-West says toner low")
            .kind(Request).rate(Low, Low).tier(0)
            .then(10 * M, GRACE, SelfService("Replaced the toner from the supply cabinet (FAQ: printer consumables)", "printer-consumables-replace-the-toner")),
        ticket("pw-dan", day(8, 7, 48), DAN, "identity", "Forgot password after the forced 90-day change")
            .kind(Request).rate(Low, Medium).tier(0).labels(&["password"])
            .then(12 * M, DAN, Resolve("Reset in the self-service portal; MFA was already enrolled", "self-service")),
        ticket("mfa-phone", day(13, 15, 40), ERIN, "identity", "How do I move MFA to my new phone?")
            .kind(Request).rate(Low, Low).tier(0).labels(&["mfa", "mobile"])
            .about("Got a new phone today; the old one still works until Friday."),
        // Level 1: the service desk takes, fixes or escalates.
        ticket("printer-jam", day(1, 8, 40), GRACE, "printing", "Printer 2F-East jams on every duplex job")
            .rate(Medium, Low).labels(&["hardware"])
            .then(35 * M, ALICE, Take)
            .then(2 * H, ALICE, Start)
            .then(50 * M, ALICE, Comment("Cleared the jam and replaced the worn pickup roller; the duplex test page prints fine."))
            .then(5 * M, ALICE, Resolve("Replaced the pickup roller (spare from stock)", "fixed"))
            .then(3 * H, GRACE, Rate(5, "Fixed the same morning, thank you!"))
            .then(2 * D, ALICE, Close),
        ticket("new-starter", day(1, 11, 0), HUGO, "identity", "Accounts and laptop for new starter Hana Ito (starts Monday)")
            .kind(Request).labels(&["onboarding"])
            .then(H, BEN, Take)
            .then(3 * H, BEN, Start)
            .then(D, BEN, Note("Laptop imaged, accounts in AD and SAP; badge is with facilities."))
            .then(4 * H, BEN, Comment("Accounts are ready; Hana can pick up the laptop at the service desk."))
            .then(M, BEN, Resolve("Accounts created, laptop imaged and handed over", "fulfilled"))
            .then(3 * D, BEN, Close),
        ticket("monitor", day(3, 14, 0), FRANK, "laptops", "Request: second monitor for hot desk 4.12")
            .kind(Request).rate(Low, Low).labels(&["hardware"])
            .then(2 * H, ALICE, Take)
            .then(D, ALICE, Resolve("Installed a 27-inch monitor from stock at desk 4.12", "fulfilled"))
            .then(2 * D, ALICE, Close),
        ticket("finance-share", day(4, 15, 30), CAROL, "identity", "Access to the Finance share for the new controller")
            .kind(Request).rate(Medium, Low).labels(&["access"])
            .then(H, BEN, Take)
            .then(10 * M, BEN, Comment("Approved by the Finance lead; access to Finance-RW is granted."))
            .then(M, BEN, Resolve("Added to Finance-RW after approval by the data owner", "fulfilled")),
        ticket("invoice-logo", day(5, 13, 0), CAROL, "erp", "SAP invoices print with a blank logo")
            .rate(Low, Medium).labels(&["finance"])
            .then(30 * M, ALICE, Take)
            .then(10 * M, ALICE, Escalate("looks like a print layout problem in SAP"))
            .then(2 * H, PRIYA, Note("Layout is fine: the logo file is missing from the print server share."))
            .then(5 * M, PRIYA, Deescalate(1, "logo file missing on the print share; L1 can restore it from the template"))
            .then(H, ALICE, Start)
            .then(20 * M, ALICE, Resolve("Restored logo.bmp to the sap-forms share from the template folder", "fixed")),
        ticket("shared-drive", day(7, 9, 5), CAROL, "identity", "Cannot map shared drive S: after password change")
            .labels(&["file-share"])
            .then(30 * M, BEN, Take)
            .then(20 * M, BEN, Comment("Please remove the fs01 entries in Credential Manager, then log off and on again."))
            .then(M, BEN, Pend("customer"))
            .then(3 * H, CAROL, Comment("That worked, thanks!"))
            .then(10 * M, BEN, Resolve("Removed stale cached credentials for fs01", "fixed"))
            .then(3 * D, CAROL, Reopen("S: is disconnected again since this morning's password change"))
            .then(H, BEN, Note("Same symptom: the drive mapping script still uses the old credential. Checking the GPO."))
            .then(10 * M, BEN, Start),
        ticket("phishing", day(7, 13, 25), HUGO, "email", "Suspicious email asking to confirm payroll details")
            .by(BEN).rate(Medium, High).labels(&["security"])
            .then(5 * M, BEN, Take)
            .then(10 * M, BEN, Note("Sent to security: 23 recipients, 2 clicked the link, nobody entered credentials."))
            .then(40 * M, BEN, Resolve("Message purged from all mailboxes, sender domain blocked, the two users who clicked were called", "fixed"))
            .then(D, BEN, Close),
        ticket("outlook-sync", day(9, 11, 30), ERIN, "email", "Outlook calendar not syncing to phone")
            .labels(&["mobile", "calendar"])
            .about("Meetings accepted on the laptop never show up in Outlook on my iPhone.")
            .then(40 * M, ALICE, Take)
            .then(15 * M, ALICE, Comment("Could you send a screenshot of the account settings in the Outlook app on your phone?"))
            .then(M, ALICE, Pend("customer")),
        ticket("visio", day(10, 11, 0), DAN, "laptops", "Install Visio for the process team (5 licences)")
            .kind(Request).rate(Medium, Low).labels(&["software", "licence"])
            .then(2 * H, BEN, Take)
            .then(10 * M, BEN, Comment("This needs cost-centre approval from your manager; we have sent the request."))
            .then(M, BEN, Pend("customer")),
        ticket("vpn-mfa", day(11, 8, 30), DAN, "vpn", "VPN asks for the MFA code twice")
            .rate(Low, Medium).labels(&["mfa"])
            .then(H, ALICE, Take)
            .then(5 * M, ALICE, Resolve("Known issue in VPN client 6.1: updated to 6.2 from Software Center", "fixed")),
        ticket("teams-audio", day(12, 10, 10), HUGO, "laptops", "Teams calls: others cannot hear me")
            .rate(Low, High).labels(&["audio"])
            .then(20 * M, ALICE, Take)
            .then(10 * M, ALICE, Start)
            .then(30 * M, ALICE, Comment("Updated the headset driver; please try a test call and tell us how it went."))
            .then(M, ALICE, Pend("customer")),
        ticket("atlas-display", day(12, 13, 45), ERIN, "meeting-rooms", "Meeting room Atlas: screen shows no HDMI input")
            .rate(Low, Medium).labels(&["meeting-room"])
            .then(30 * M, ALICE, Take),
        ticket("laptop-slow", day(12, 15, 5), FRANK, "laptops", "Laptop very slow since last week")
            .rate(Low, Low),
        ticket("guest-wifi", day(13, 9, 20), GRACE, "network", "Guest Wi-Fi portal does not load on iPhones")
            .rate(Low, Medium).labels(&["guest", "mobile"])
            .then(25 * M, BEN, Take)
            .then(5 * M, BEN, Comment("Which iOS version is it, and is 'Private Wi-Fi Address' switched on?")),
        ticket("badge", day(13, 16, 50), ERIN, "identity", "Badge reader at door 3B rejects new badges")
            .rate(Medium, High).labels(&["facilities"]),
        // Level 2: technical support.
        ticket("laptop-boot", day(2, 8, 12), DAN, "laptops", "Laptop won't boot after BIOS update")
            .by(ALICE).rate(Low, High).labels(&["hardware"])
            .then(8 * M, ALICE, Take)
            .then(20 * M, ALICE, Note("Stuck on the BitLocker recovery screen, then black; the recovery key from AD does not help."))
            .then(10 * M, ALICE, Escalate("BIOS update left the TPM in a bad state; needs a BIOS rollback"))
            .then(40 * M, PRIYA, Take)
            .then(15 * M, PRIYA, Start)
            .then(2 * H, PRIYA, Comment("Rolled the BIOS back to 1.14; Windows boots again. Please leave the laptop on power tonight."))
            .then(5 * M, PRIYA, Resolve("Rolled the BIOS back to 1.14 from a recovery USB; BitLocker re-keyed", "fixed")),
        ticket("wifi-atlas", day(5, 10, 20), ERIN, "network", "Wi-Fi keeps dropping in meeting room Atlas")
            .by(BEN).rate(Medium, High).labels(&["meeting-room", "wifi"])
            .then(15 * M, BEN, Take)
            .then(10 * M, BEN, Start)
            .then(40 * M, BEN, Note("AP-3F-07 has 60+ clients on 2.4 GHz during all-hands; channel overlap with AP-3F-06."))
            .then(5 * M, BEN, Escalate("needs a new channel plan for the third floor"))
            .then(2 * H, TOM, Take)
            .then(D, TOM, Comment("Moved AP-3F-07 to channel 44 and enabled band steering; tell us if it drops in tomorrow's meeting.")),
        ticket("cert-expiry", day(7, 8, 0), PRIYA, "network", "TLS certificate for intranet.example.com expires in 5 days")
            .kind(Change).rate(High, Low).tier(2).labels(&["certificate", "monitoring"])
            .about("Raised from the certificate monitor: intranet.example.com, 5 days left.")
            .then(30 * M, PRIYA, Take)
            .then(H, PRIYA, Start)
            .then(2 * H, PRIYA, Comment("Renewed through the internal ACME CA and deployed to both load balancers."))
            .then(5 * M, PRIYA, Resolve("Certificate renewed and deployed to both load balancers", "fixed"))
            .then(D, PRIYA, Close),
        ticket("sap-report", day(8, 10, 0), CAROL, "erp", "SAP month-end report takes 40 minutes")
            .labels(&["finance", "performance"])
            .then(H, ALICE, Take)
            .then(20 * M, ALICE, Escalate("the report itself is slow for everyone; needs ERP support"))
            .then(3 * H, PRIYA, Take)
            .then(D, PRIYA, Start)
            .then(2 * H, PRIYA, Comment("With the new index the report runs in 4 minutes in test; production on Friday.")),
        ticket("email-delay", day(9, 16, 30), FRANK, "email", "Emails arrive 30 minutes late")
            .rate(Medium, High).labels(&["mail-flow"])
            .then(15 * M, ALICE, Take)
            .then(10 * M, ALICE, Note("Message trace: mail queues on MBX02 for 25-35 minutes."))
            .then(5 * M, ALICE, Escalate("mail queues on MBX02; needs the messaging team"))
            .then(H, PRIYA, Take)
            .then(10 * M, PRIYA, Set("labels", "+exchange"))
            // The morning after, the outage below; linked to its problem once that is filed.
            .then(20 * H + 20 * M, PRIYA, LinkProblem("mail-logs"))
            .then(30 * M, PRIYA, Resolve("Fixed with the mail outage: log volume extended, queues drained", "workaround")),
        ticket("scan-to-email", day(11, 10, 15), HUGO, "printing", "Scan-to-email fails on the reception printer")
            .rate(Medium, Low)
            .then(H, ALICE, Take)
            .then(15 * M, ALICE, Escalate("the SMTP relay rejects the printer since the mail migration"))
            .then(2 * H, TOM, Take),
        ticket("sap-pw-sync", day(11, 14, 40), FRANK, "erp", "SAP password not updated after the AD password change")
            .rate(Medium, Low).labels(&["sso"])
            .then(H, BEN, Take)
            .then(15 * M, BEN, Set("labels", "+identity"))
            .then(H, BEN, Escalate("the SSO mapping for this user points to an old account")),
        ticket("vpn-cert", day(12, 7, 50), DAN, "vpn", "VPN: 'certificate expired' on all Sales laptops")
            .by(ALICE).rate(High, High).labels(&["sales", "certificate"])
            .then(2 * M, ALICE, Take)
            .then(3 * M, ALICE, Escalate("machine certificates expired; needs the endpoint team to push new ones"))
            .then(10 * M, PRIYA, Take)
            .then(2 * M, PRIYA, Start)
            .then(30 * M, PRIYA, Comment("Renewed machine certificates are on their way through Intune: restart your laptop to pick them up."))
            .then(2 * H, PRIYA, Resolve("Re-issued machine certificates for 42 Sales laptops via Intune; auto-renewal fixed", "fixed")),
        // Level 3: engineering, with a major incident and its problem record.
        ticket("sap-login", day(3, 8, 55), CAROL, "erp", "SAP login error 'user is locked' for the whole finance team")
            .by(BEN).rate(High, Medium).labels(&["finance", "sso"])
            .then(5 * M, BEN, Take)
            .then(10 * M, BEN, Escalate("all 14 finance users locked at once: not a password problem"))
            .then(20 * M, PRIYA, Take)
            .then(5 * M, PRIYA, Prioritize("P1", "month-end close today; finance is blocked"))
            .then(10 * M, PRIYA, Start)
            .then(40 * M, PRIYA, Note("Role sync from the identity provider failed at 02:00; users lost role Z_FI_CLOSE."))
            .then(5 * M, PRIYA, Escalate("the role sync job needs a fix in the IdP connector"))
            .then(25 * M, SAM, Take)
            .then(H, SAM, Comment("Roles restored by hand for the finance team: please log in again. The root-cause fix is in progress."))
            .then(D, SAM, Note("The connector drops roles of groups with more than 1000 members; patch under test.")),
        ticket("disk-full", day(6, 6, 45), ERIN, "build", "Disk full on build server build-02 (/var at 100%)")
            .rate(Medium, High).labels(&["ci", "linux"])
            .then(20 * M, BEN, Take)
            .then(5 * M, BEN, Escalate("needs root on the build hosts"))
            .then(25 * M, TOM, Take)
            .then(5 * M, TOM, Start)
            .then(40 * M, TOM, Comment("Freed 180 GB of old Docker layers; builds run again."))
            .then(10 * M, TOM, Note("Artifact cache log rotation is broken since the 3.4 upgrade: it will fill up again in a week."))
            .then(5 * M, TOM, Escalate("log rotation of the artifact cache is broken; needs a fix in the build tooling"))
            .then(D, SAM, Take)
            .then(3 * H, SAM, Note("Fix ready in the build-agent role (logrotate config); deploying in Thursday's change window."))
            .then(M, SAM, Pend("change")),
        ticket("printer-mac", day(9, 9, 10), GRACE, "printing", "Mac users cannot print to 3rd floor printers after macOS update")
            .labels(&["macos"])
            .then(30 * M, BEN, Take)
            .then(H, BEN, Escalate("driver problem on macOS 15 only"))
            .then(2 * H, TOM, Take)
            .then(10 * M, TOM, Start)
            .then(H, TOM, Escalate("the vendor's driver package fails on macOS 15; needs repackaging"))
            .then(D, SAM, Take)
            .then(H, SAM, Note("Repackaged the PPD with the 15.x filter; testing on two Macs.")),
        ticket("email-outage", day(10, 8, 2), HUGO, "email", "Email down for everyone: Outlook shows 'Disconnected'")
            .by(BEN).rate(High, High).major().labels(&["outage", "exchange"])
            .about("Since about 08:00 nobody can send or receive; OWA shows an error page too.")
            .then(3 * M, BEN, Take)
            .then(4 * M, BEN, Escalate("every mailbox on MBX02 unreachable: major incident"))
            .then(6 * M, PRIYA, Take)
            .then(M, PRIYA, Start)
            .then(10 * M, PRIYA, Comment("We know email is down for everyone and are working on it. Next update at 09:00."))
            .then(20 * M, PRIYA, Note("Mailbox database DB02 dismounted: the transaction log volume is full."))
            .then(5 * M, PRIYA, Escalate("log volume full and backups not truncating; needs the Exchange engineers"))
            .then(10 * M, SAM, Take)
            .then(H, SAM, Comment("Mail flow is back since 10:00; delayed messages are being delivered. Root cause under investigation."))
            .then(15 * M, SAM, Resolve("Extended the log volume and remounted DB02; mail flow restored", "workaround"))
            .then(4 * H + 30 * M, SAM, LinkProblem("mail-logs"))
            .then(D, BEN, Close),
        ticket("mail-logs", day(10, 14, 0), SAM, "email", "Exchange transaction logs fill the log volume: backups do not truncate")
            .kind(Problem).rate(High, Medium).tier(3).labels(&["exchange", "backup"])
            .then(5 * M, SAM, Take)
            .then(5 * M, SAM, Start)
            .then(30 * M, SAM, Rca(
                "Log volume on MBX02 fills up; mail queues, then the mail outage",
                "The backup job's VSS writer is not registered, so backups never truncate the transaction logs",
                "Extend the volume; truncate logs by hand after a verified backup"))
            .then(M, SAM, Note("Fix: re-register the backup job's VSS writer (needs CAB)."))
            .then(2 * H, SAM, Pend("change")),
        ticket("vss-change", day(11, 9, 0), SAM, "email", "Change: re-register the Exchange VSS writer on MBX01-03")
            .kind(Change).rate(High, Low).tier(3).labels(&["cab", "exchange"])
            .then(10 * M, SAM, Take)
            .then(M, SAM, Note("Approved by CAB for Thursday 20:00. Rollback: re-register the previous writer.")),
        // Level 4: handed to vendors.
        ticket("vpn-berlin", day(4, 9, 14), CAROL, "vpn", "VPN drops every 10 minutes on Berlin office Wi-Fi")
            .by(ALICE).rate(High, Medium).labels(&["remote", "berlin"])
            .about("Since Monday the VPN client disconnects every ~10 minutes on the Berlin office Wi-Fi; at home it is fine.")
            .then(10 * M, ALICE, Take)
            .then(25 * M, ALICE, Note("Client log shows IKE SA rekey failures at about 9.5 minutes."))
            .then(5 * M, ALICE, Escalate("client logs show IKE rekey failures; needs the network team"))
            .then(H, TOM, Take)
            .then(10 * M, TOM, Start)
            .then(3 * H, TOM, Comment("We can reproduce it on the Berlin Wi-Fi only and are working on it with engineering."))
            .then(10 * M, TOM, Escalate("rekey fails only behind the Berlin firewall cluster"))
            .then(D, SAM, Take)
            .then(2 * H, SAM, Note("Reproduced in the lab: the concentrator drops the SA when DPD and rekey overlap. Firmware 7.2.1-7.2.3."))
            .then(30 * M, SAM, Escalate("firmware bug in the VPN concentrator; vendor case needed"))
            .then(45 * M, VICTOR, Take)
            .then(15 * M, VICTOR, Vendor("VPNCo", "VC-88123", "SUP-2025-014", 2))
            .then(2 * D, VICTOR, Comment("VPNCo confirmed the bug; hotfix planned for next week. Until then use the wired network.")),
        ticket("switch-fan", day(8, 22, 40), TOM, "network", "Switch in wiring closet 2B: fan failure alarm")
            .tier(2).labels(&["hardware", "datacenter"])
            .then(9 * H, TOM, Take)
            .then(20 * M, TOM, Start)
            .then(30 * M, TOM, Note("Fan tray 2 failed; the switch runs on one tray. Covered by NetCo hardware support."))
            .then(5 * M, TOM, EscalateTo(4, "hardware under the NetCo support contract: RMA needed"))
            .then(H, VICTOR, Take)
            .then(10 * M, VICTOR, Note("RMA NX-55120 opened with NetCo; the replacement fan tray ships Thursday."))
            .then(M, VICTOR, Pend("vendor")),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn now() -> DateTime<Utc> {
        "2026-11-22T09:30:00Z".parse().unwrap()
    }

    #[test]
    fn the_scenario_happens_within_the_fortnight_before_now() {
        let specs = scenario();
        let start = start_of_scenario(now());
        let timeline = timeline(&specs, start);
        assert!(timeline.iter().all(|d| d.at < start + Duration::days(14)));
        let keys: BTreeSet<_> = specs.iter().map(|s| s.key).collect();
        assert_eq!(keys.len(), specs.len(), "keys are unique");
        assert!((30..=40).contains(&specs.len()));
    }

    #[test]
    fn the_demo_desk_covers_every_tier_priority_and_status() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo");
        let built = build(&path, None, now()).unwrap();
        let desk = Desk::open_at(&path, None).unwrap();
        let snapshot = desk.snapshot().unwrap();
        let set = snapshot.load_all().unwrap();
        assert!(set.broken.is_empty());
        assert_eq!(set.tickets.len(), built.tickets);
        let tiers: BTreeSet<_> = set.tickets.iter().map(|t| t.tier.level()).collect();
        assert_eq!(tiers, (0..=4).collect());
        let priorities: BTreeSet<_> = set.tickets.iter().map(|t| t.priority.number()).collect();
        assert_eq!(priorities, (1..=5).collect());
        let statuses: BTreeSet<_> = set.tickets.iter().map(|t| t.status.as_str()).collect();
        assert_eq!(statuses.len(), Status::ALL.len());
        let problem = set
            .tickets
            .iter()
            .find(|t| t.ticket_type == TicketType::Problem)
            .unwrap();
        assert_eq!(problem.incidents.len(), 2);
        assert!(set.tickets.iter().all(|t| t.updated <= now()));
        let log = desk.history(1000).unwrap();
        assert_eq!(log.len(), built.commits);
        assert!(
            log.iter()
                .any(|c| c.message.contains(": L1 -> L2: ")
                    && c.message.contains("Desk-Tier: 1 -> 2"))
        );
    }
}
