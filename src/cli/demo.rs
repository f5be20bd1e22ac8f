//! `git desk demo`: a demo desk repository with tickets at every tier.
//!
//! The scenario is data ([`scenario`]): each ticket as it was filed and the changes people
//! made to it afterwards. [`build`] applies every one of them in time order through
//! [`Desk::apply`], one commit each, as the matching command (`new`, `take`, `escalate`,
//! `resolve`...) does.

mod catalogue;
mod mail;
mod scenario;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Context, Result};
use chrono::{DateTime, Duration, Utc};
use clap::Args;

use git_desk::kb;
use git_desk::model::TicketId;
use git_desk::store::{Actor, Desk, DEFAULT_BRANCH};
use git_desk::workflow::Change;

use super::{usage, Session};
use scenario::{scenario, Person, Spec, ALICE, ERIN, SAM};

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
            format: None,
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
    let (desk, install) = match how_to_run() {
        None => ("git desk".to_string(), String::new()),
        Some(path) => (
            path,
            " (git-desk is not on your PATH yet: `cargo install --path .` in its source puts it there, and then `git desk` runs it)".to_string(),
        ),
    };
    session.out.info(format!(
        "\ncreated a demo desk in {shown}: {} tickets, {} commits on branch '{}', {} notices it mailed, in {shown}/outbox, and its self-service portal, in {shown}/{PORTAL}: open {shown}/{PORTAL}/index.html in a browser. Try{install}:\n  cd {cd}\n  {desk} ls tier:2\n  {desk} show {}\n  {desk} ls reporter:dana@customer.example --all\n  git log --oneline {}",
        built.tickets, built.commits, built.branch, built.notices, built.show, built.branch
    ));
    Ok(())
}

/// `None` when `git desk` runs this very binary (a `git-desk` on PATH); otherwise this
/// binary's full path, quoted for a shell, which works before it is installed.
fn how_to_run() -> Option<String> {
    let exe = std::env::current_exe().ok()?.canonicalize().ok()?;
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("git-desk"))
            .find(|p| p.is_file())
    });
    if on_path.and_then(|p| p.canonicalize().ok()).as_ref() == Some(&exe) {
        return None;
    }
    let shown = exe.display().to_string();
    Some(
        if shown.contains(|c: char| !(c.is_ascii_alphanumeric() || "/._-+".contains(c))) {
            format!("'{}'", shown.replace('\'', "'\\''"))
        } else {
            shown
        },
    )
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

/// The folder of the demo desk the self-service portal is built into.
const PORTAL: &str = "portal";

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
    /// Notices written to `outbox/`.
    notices: usize,
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
    catalogue::open_offices(&desk, start + Duration::hours(7) + Duration::minutes(30))?;
    let mut commits = 2;
    // Level 0: the self-service articles the desk started with.
    for (slug, title, tags, body) in ARTICLES {
        let at = start + Duration::hours(8);
        let mut a = kb::Article::new(slug.to_string(), title.to_string(), ALICE.email, at);
        a.tags = tags.iter().map(|t| t.to_string()).collect();
        a.body = body.to_string();
        desk.apply(&ALICE.actor(), at, &[], &Change::KbNew(a), false)?;
        commits += 1;
    }
    let specs = scenario(start);
    let mut ids: HashMap<&str, TicketId> = HashMap::new();
    for due in timeline(&specs, start) {
        // The scenario ends before today; never write into the future of DESK_NOW.
        let at = due.at.min(now);
        let key = due.key;
        let targets = match ids.get(key) {
            Some(id) => vec![id.to_string()],
            None => Vec::new(),
        };
        let mut change = due.change;
        if let Change::Link { target, .. } = &mut change {
            // A scenario key names a ticket filed earlier: its short id, as one would type it.
            *target = desk.snapshot()?.short_id(&ids[target.as_str()])?;
        }
        let outcome = desk.apply(&due.by.actor(), at, &targets, &change, false)?;
        match outcome.filed {
            Some(id) => {
                ids.insert(key, id);
            }
            None if outcome.changed.is_empty() => {
                return Err(anyhow!(
                    "demo scenario: '{}' on '{key}' changes nothing",
                    change.verb()
                ))
            }
            None => {}
        }
        commits += 1;
    }
    // Someone found the answer in the knowledge base instead of filing a ticket.
    let deflect = Change::Deflect {
        slug: "printer-consumables-replace-the-toner".into(),
        query: "printer says toner low".into(),
    };
    desk.apply(
        &ERIN.actor(),
        now - Duration::hours(20),
        &[],
        &deflect,
        false,
    )?;
    // Level 3 writes up the known error for Levels 1 and 2.
    let publish = Change::KbPublish {
        slug: Some("exchange-logs-fill-the-volume".into()),
        tags: Vec::new(),
    };
    let problem = [ids["mail-logs"].to_string()];
    desk.apply(
        &SAM.actor(),
        now - Duration::hours(3),
        &problem,
        &publish,
        false,
    )?;
    commits += 2;
    // A customer writes in, hears back by mail and answers.
    let conversation = mail::conversation(&desk, &dir.join("outbox"), now)?;
    commits += conversation.commits;
    // Last night's sweep, as cron runs it: the desk's escalation rules on the backlog.
    let sweeper = Actor::new("Desk sweep", "sweep@example.com");
    if desk
        .apply(&sweeper, now, &[], &Change::Sweep, false)?
        .commit
        .is_some()
    {
        commits += 1;
    }
    let show = desk.snapshot()?.short_id(&ids["vpn-berlin"])?;
    // Level 0 for customers: the portal, built from what the desk holds now.
    catalogue::build_portal(&desk, &dir.join(PORTAL))?;
    Ok(Built {
        tickets: specs.len() + 1,
        notices: conversation.notices,
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

/// One thing that happens: at a time, a person makes a change to a ticket of the
/// scenario (filing it, first).
struct Due {
    at: DateTime<Utc>,
    by: Person,
    key: &'static str,
    change: Change,
}

/// Every filing and change of the scenario, in time order (ties keep scenario order, so a
/// ticket's filing comes before its own changes).
fn timeline(specs: &[Spec], start: DateTime<Utc>) -> Vec<Due> {
    let at = |minutes: i64| start + Duration::minutes(minutes);
    let mut all = Vec::new();
    for spec in specs {
        all.push(Due {
            at: at(spec.filed),
            by: spec.filed_by,
            key: spec.key,
            change: Change::File(spec.ticket.clone()),
        });
        for (minutes, by, change) in &spec.steps {
            all.push(Due {
                at: at(*minutes),
                by: *by,
                key: spec.key,
                change: change.clone(),
            });
        }
    }
    all.sort_by_key(|d| d.at);
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use git_desk::model::{Status, TicketType};
    use std::collections::BTreeSet;

    fn now() -> DateTime<Utc> {
        "2026-11-22T09:30:00Z".parse().unwrap()
    }

    #[test]
    fn the_scenario_happens_within_the_fortnight_before_now() {
        let start = start_of_scenario(now());
        let specs = scenario(start);
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
        // The customer's mail filed a ticket; her reply, threaded on a notice, reopened it.
        let mailed = set
            .tickets
            .iter()
            .find(|t| t.message_ids.len() == 2)
            .unwrap();
        assert_eq!(mailed.reporter, "dana@customer.example");
        assert_eq!(mailed.status, Status::Open);
        // Tickets come from both offices; the portal stands beside the desk.
        let sites: BTreeSet<_> = set
            .tickets
            .iter()
            .filter_map(|t| t.site.as_deref())
            .collect();
        assert_eq!(sites, BTreeSet::from(["berlin", "nyc"]));
        for page in [
            "index.html",
            "search.html",
            "services.html",
            "search-index.js",
        ] {
            assert!(path.join(PORTAL).join(page).is_file(), "{page}");
        }
        let services = std::fs::read_to_string(path.join(PORTAL).join("services.html")).unwrap();
        assert!(services.contains("40 EUR per month"));
        assert!(services.contains("America/New_York, Monday-Friday 09:00-18:00"));
        let outbox = std::fs::read_dir(path.join("outbox")).unwrap().count();
        assert_eq!(outbox, built.notices);
        assert!(built.notices >= 3, "filed, question and pending notices");
        let log = desk.history(1000).unwrap();
        assert_eq!(log.len(), built.commits);
        assert!(
            log.iter()
                .any(|c| c.message.contains(": L1 -> L2: ")
                    && c.message.contains("Desk-Tier: 1 -> 2"))
        );
    }
}
