use chrono::{DateTime, Utc};

use super::*;
use crate::config::DEFAULT_CONFIG;
use crate::model::{Action, Filing, TicketId, Tier};
use crate::store::{Actor, CommitMessage};

const ZERO: &str = "0000000000000000000000000000000000000000";

fn at(hour: u32) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("2026-03-02T{hour:02}:00:00Z"))
        .unwrap()
        .with_timezone(&Utc)
}

fn ann() -> Actor {
    Actor::new("Ann", "ann@example.com")
}

/// A desk whose desk.toml puts Ann and Bob at L1 and Ann among the admins (config and
/// relay rights), with tier permissions on and `server` added; returns the desk, the
/// tip and one ticket at L1 filed by Ann.
fn desk(dir: &std::path::Path, server: &str) -> (Desk, CommitId, TicketId) {
    Desk::create_repository(dir).unwrap();
    let desk = Desk::open_at(dir, None).unwrap();
    desk.init(&ann(), at(8)).unwrap();
    let config = DEFAULT_CONFIG
        .replace(
            "[teams.service-desk]\nmembers = []",
            "[teams.service-desk]\nmembers = [\"ann@example.com\", \"bob@example.com\"]",
        )
        .replace(
            "by_tier = false",
            "by_tier = true\nconfig = [\"admins\"]\nrelay = [\"admins\"]",
        );
    let config = format!("{config}\n[teams.admins]\nmembers = [\"ann@example.com\"]\n{server}");
    let mut id = None;
    let written = desk
        .transact(&ann(), at(9), false, |tx| {
            tx.write_file("desk.toml", config.clone().into_bytes());
            id = Some(tx.create(Filing::new("VPN drops", "ann@example.com"))?);
            Ok(CommitMessage::new("file", "new"))
        })
        .unwrap();
    (desk, written.commit.unwrap(), id.unwrap())
}

/// Records `action` on the ticket as `by`; returns the new tip.
fn record(desk: &Desk, id: &TicketId, by: &str, hour: u32, action: Action) -> CommitId {
    desk.transact(&Actor::new("X", by), at(hour), false, |tx| {
        tx.record(id, action.clone())?;
        Ok(CommitMessage::new("act", "act"))
    })
    .unwrap()
    .commit
    .unwrap()
}

/// Writes `bytes` at `path` as a commit of its own; returns the new tip.
fn write(desk: &Desk, path: &str, bytes: Vec<u8>, hour: u32) -> CommitId {
    desk.transact(&ann(), at(hour), false, |tx| {
        tx.write_file(path, bytes.clone());
        Ok(CommitMessage::new("by hand", "edit"))
    })
    .unwrap()
    .commit
    .unwrap()
}

fn comment(text: &str) -> Action {
    Action::Commented {
        text: text.into(),
        internal: false,
    }
}

/// The rules broken by the update `old..new` pushed by `pusher` (in DESK_PUSHER).
fn broken(desk: &Desk, old: Option<CommitId>, new: Option<CommitId>, pusher: &str) -> Vec<Rule> {
    let hex = |c: Option<CommitId>| c.map_or(ZERO.to_string(), |c| c.to_string());
    let update =
        RefUpdate::parse(&format!("{} {}", hex(old), hex(new)), "refs/heads/desk").unwrap();
    let pusher = pusher.to_string();
    let lookup = move |var: &str| (var == "DESK_PUSHER").then(|| pusher.clone());
    let unsigned = |_: CommitId, _: &[u8]| Ok(SignatureCheck::Bad("no signature".into()));
    verify_update(desk, &update, &lookup, &unsigned)
        .unwrap()
        .into_iter()
        .map(|v| v.rule)
        .collect()
}

#[test]
fn updates_read_as_a_hook_gets_them() {
    let u = RefUpdate::parse(&format!("{ZERO} {} refs/heads/desk", "a".repeat(40)), "x").unwrap();
    assert_eq!(u.old, None);
    assert_eq!(u.new.as_deref(), Some("a".repeat(40).as_str()));
    let u = RefUpdate::parse(&format!("{} {ZERO}", "b".repeat(40)), "refs/heads/desk").unwrap();
    assert_eq!((u.new, u.refname.as_str()), (None, "refs/heads/desk"));
    assert!(RefUpdate::parse("abc def", "r").is_err());
    assert!(RefUpdate::parse("only-one", "r").is_err());
}

#[test]
fn the_pusher_comes_from_the_first_identity_source_set_and_the_accounts() {
    let mut config = DeskConfig::parse("[accounts]\nann = 'ann@example.com'\n").unwrap();
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |var: &str| {
            pairs
                .iter()
                .find(|(k, _)| *k == var)
                .map(|(_, v)| v.to_string())
        }
    };
    let p = identify(
        &config,
        &env(&[("REMOTE_USER", "x@example.com"), ("GL_USER", "ann")]),
    )
    .unwrap();
    assert_eq!(
        (p.account.as_str(), p.email.as_str()),
        ("ann", "ann@example.com")
    );
    assert_eq!(p.source, IdentitySource::Env("GL_USER".into()));
    let err = identify(&config, &env(&[("GL_USER", "mallory")])).unwrap_err();
    assert!(
        err.contains("[accounts]") && err.contains("mallory"),
        "{err}"
    );
    let err = identify(&config, &env(&[])).unwrap_err();
    assert!(err.contains("[server] identity"), "{err}");
    config.server.identity = Some(IdentitySource::Env("PUSHER".into()));
    let err = identify(&config, &env(&[("GL_USER", "ann")])).unwrap_err();
    assert!(
        err.contains("env:PUSHER unset"),
        "only the named source counts: {err}"
    );
}

#[test]
fn events_map_to_the_commands_that_write_them() {
    let up = Action::TierChanged {
        from: Tier::new(1).unwrap(),
        to: Tier::new(2).unwrap(),
        reason: "r".into(),
        team: None,
    };
    assert_eq!(verbs_for(&up), ["escalate"]);
    assert_eq!(verbs_for(&comment("x")), ["comment"]);
    assert!(verbs_for(&Action::Other("future".into())).is_empty());
}

#[test]
fn an_own_event_passes_and_each_rule_catches_its_breach() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, base, id) = desk(dir.path(), "");
    let own = record(&desk, &id, "bob@example.com", 10, comment("rebooted"));
    assert_eq!(broken(&desk, Some(base), Some(own), "bob@example.com"), []);
    assert_eq!(
        broken(&desk, Some(base), Some(own), "carol@example.com"),
        [Rule::Author],
        "Carol may not push Bob's event"
    );
    assert_eq!(
        broken(&desk, Some(base), Some(own), "ann@example.com"),
        [],
        "Ann may relay"
    );
    assert_eq!(
        broken(&desk, Some(own), Some(base), "ann@example.com"),
        [Rule::FastForward]
    );
    assert_eq!(
        broken(&desk, Some(own), None, "ann@example.com"),
        [Rule::Deletion]
    );

    let path = id.path();
    let file =
        String::from_utf8(desk.snapshot_at(own).unwrap().file(&path).unwrap().unwrap()).unwrap();
    let rewritten = write(
        &desk,
        &path,
        file.replace("rebooted", "never mind").into_bytes(),
        11,
    );
    assert_eq!(
        broken(&desk, Some(own), Some(rewritten), "ann@example.com"),
        [Rule::AppendOnly]
    );
    let garbled = write(&desk, &path, b"id = [".to_vec(), 12);
    assert_eq!(
        broken(&desk, Some(rewritten), Some(garbled), "ann@example.com"),
        [Rule::Parse]
    );
    let config = write(&desk, "desk.toml", DEFAULT_CONFIG.as_bytes().to_vec(), 13);
    assert_eq!(
        broken(&desk, Some(garbled), Some(config), "bob@example.com"),
        [Rule::ConfigRight]
    );
}

#[test]
fn tier_permissions_judge_each_new_event_at_the_tier_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, base, id) = desk(dir.path(), "");
    let up = Action::TierChanged {
        from: Tier::new(1).unwrap(),
        to: Tier::new(3).unwrap(),
        reason: "needs engineering".into(),
        team: None,
    };
    // Bob serves L1: he may escalate from L1, not comment once it is at L3.
    let escalated = record(&desk, &id, "bob@example.com", 10, up);
    assert_eq!(
        broken(&desk, Some(base), Some(escalated), "bob@example.com"),
        []
    );
    let after = record(&desk, &id, "bob@example.com", 11, comment("any news?"));
    assert_eq!(
        broken(&desk, Some(escalated), Some(after), "bob@example.com"),
        [Rule::Permission]
    );
}

#[test]
fn signed_desks_need_an_allowed_signers_list_and_good_signatures() {
    let dir = tempfile::tempdir().unwrap();
    let (desk, base, id) = desk(dir.path(), "[server]\nsigned = true\n");
    let next = record(&desk, &id, "ann@example.com", 10, comment("x"));
    assert_eq!(
        broken(&desk, Some(base), Some(next), "ann@example.com"),
        [Rule::Signature]
    );
    let keys = write(
        &desk,
        ALLOWED_SIGNERS_PATH,
        b"ann@example.com ssh-ed25519 AAAA\n".to_vec(),
        11,
    );
    let more = record(&desk, &id, "ann@example.com", 12, comment("y"));
    // The new commit is unsigned.
    assert_eq!(
        broken(&desk, Some(keys), Some(more), "ann@example.com"),
        [Rule::Signature]
    );
    let hex = |c: CommitId| c.to_string();
    let update =
        RefUpdate::parse(&format!("{} {}", hex(keys), hex(more)), "refs/heads/desk").unwrap();
    let good = |_: CommitId, list: &[u8]| {
        assert!(list.starts_with(b"ann@example.com"));
        Ok(SignatureCheck::Good("ann@example.com".into()))
    };
    let lookup = |var: &str| (var == "DESK_PUSHER").then(|| "ann@example.com".to_string());
    assert_eq!(verify_update(&desk, &update, &lookup, &good).unwrap(), []);
}
