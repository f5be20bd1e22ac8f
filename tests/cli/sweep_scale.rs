//! The whole-desk readers at scale: a sweep over many tickets is one commit whose
//! firings, events and short ids are what they always were, and `sla` and `report` read
//! a desk full of breaches as before.

use insta::assert_snapshot;

use crate::common::{ticket_path, TestDesk, NOW};

/// Letters of ticket ids.
const ALPHABET: &[u8] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// A ticket id made from `n`: spread over many shards. Ids `2k` and `2k + 1` share their
/// first seven characters when `k` is a multiple of 5, so their short ids are 8 long.
fn id(n: usize) -> String {
    let pair = n / 2;
    let mut digits = Vec::new();
    let mut x = pair * 7919 + 13;
    for _ in 0..7 {
        digits.push(ALPHABET[x % 32]);
        x /= 32;
        x += pair;
    }
    let eighth = if pair % 5 == 0 {
        n % 2
    } else {
        n % 2 + 2 * (pair % 16)
    };
    digits.push(ALPHABET[eighth]);
    for i in 0..8 {
        digits.push(ALPHABET[(n * 31 + i * 7) % 32]);
    }
    String::from_utf8(digits).unwrap()
}

/// A desk of `count` imported tickets filed over the week before NOW, at Level 1, 2 and
/// 3, some resolved, some pending, some problems, at all priorities; with a second rule
/// that raises stale Level 2 tickets to P2 (it fires after the first escalates).
fn desk_of(count: usize) -> TestDesk {
    let desk = TestDesk::new();
    let mut config = desk.desk_toml();
    config.push_str(
        "\n[[escalation]]\nwhen = \"tier:2 priority:P3 age:>2d\"\npriority = \"P2\"\nreason = \"stale at Level 2\"\n",
    );
    let editor = desk.editor_writing("rules", &config);
    desk.cmd(&["config", "edit"])
        .env("EDITOR", editor)
        .assert()
        .success();
    let mut csv = String::from(
        "id,title,type,status,pending_reason,tier,impact,urgency,service,team,reporter,labels,created,updated\n",
    );
    let grades = ["high", "medium", "low"];
    let statuses = ["new", "open", "open", "in-progress", "pending", "resolved"];
    for n in 0..count {
        let created = chrono::DateTime::parse_from_rfc3339(NOW).unwrap()
            - chrono::Duration::minutes((n as i64 * 97) % (7 * 24 * 60) + 30);
        let created = created.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let kind = if n % 23 == 0 { "problem" } else { "incident" };
        let status = statuses[n % statuses.len()];
        let tier = [1, 1, 1, 2, 3][n % 5];
        csv.push_str(&format!(
            "{},Ticket {n} on host-{},{kind},{status},{},{tier},{},{},{},,user{}@example.com,{},{created},{created}\n",
            id(n),
            n % 17,
            if status == "pending" { "customer" } else { "" },
            grades[n % 3],
            grades[(n / 3) % 3],
            ["vpn", "email", "printing", ""][n % 4],
            n % 9,
            ["remote", "", "\"hardware,onsite\""][n % 3],
        ));
    }
    let file = desk.scratch().join("tickets.csv");
    std::fs::write(&file, csv).unwrap();
    desk.run_ok(&["import", file.to_str().unwrap()]);
    desk
}

/// Every ticket file of the desk branch, by path.
fn files(desk: &TestDesk) -> Vec<(String, String)> {
    desk.git(&["ls-tree", "-r", "desk", "tickets"])
        .lines()
        .map(|line| {
            let (meta, path) = line.split_once('\t').unwrap();
            (
                path.to_string(),
                meta.split(' ').nth(2).unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_sweep_over_many_tickets_is_one_commit_of_every_firing() {
    let desk = desk_of(400);
    let later = "2026-11-25T09:00:00Z";
    let before = files(&desk);
    let dry = desk
        .cmd(&["sweep", "--dry-run", "--verbose"])
        .env("DESK_NOW", later)
        .assert()
        .success();
    let dry = String::from_utf8(dry.get_output().stdout.clone()).unwrap();
    assert_eq!(files(&desk), before, "a dry run writes nothing");

    let commits = desk.commits();
    let out = desk
        .cmd(&["sweep", "--verbose"])
        .env("DESK_NOW", later)
        .assert()
        .success();
    let out = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert_eq!(desk.commits(), commits + 1, "one commit");
    assert_eq!(
        dry,
        format!("would {out}"),
        "the dry run saw the same firings"
    );
    assert_snapshot!("sweep_output", out);
    assert_snapshot!("sweep_commit", desk.last_message());

    // Short ids are the shortest unique prefixes among all tickets, as `ls` shows them.
    let listed: std::collections::BTreeMap<String, String> =
        serde_json::from_str::<serde_json::Value>(&desk.run_ok(&["ls", "--all", "--json"]))
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["id"].as_str().unwrap().to_string(),
                    t["short_id"].as_str().unwrap().to_string(),
                )
            })
            .collect();
    let mut eight = 0;
    for line in out.lines().skip(1) {
        let short = line.split_whitespace().next().unwrap();
        let (id, expected) = listed
            .iter()
            .find(|(id, _)| id.starts_with(short))
            .unwrap_or_else(|| panic!("{short} names no ticket"));
        assert_eq!(short, expected, "{id}");
        eight += usize::from(short.len() == 8);
    }
    assert!(
        eight >= 4,
        "some firings were on tickets with close neighbours"
    );

    // What changed is exactly the tickets fired on, and each got the rule's events.
    let after = files(&desk);
    let changed: Vec<&String> = after
        .iter()
        .zip(&before)
        .filter(|(a, b)| a != b)
        .map(|(a, _)| &a.0)
        .collect();
    assert_eq!(after.len(), before.len());
    let fired = out.lines().skip(1).count();
    assert!(
        changed.len() > 50 && changed.len() <= fired,
        "{}",
        changed.len()
    );
    let first = out
        .lines()
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap();
    let (first_id, _) = listed.iter().find(|(id, _)| id.starts_with(first)).unwrap();
    assert!(changed.contains(&&ticket_path(first_id)));
    // Event ids are drawn afresh by every run: the rest of the file is the same.
    let file: Vec<String> = desk
        .ticket_file(first_id)
        .lines()
        .map(|line| match line.strip_prefix("id = \"") {
            Some(rest) if rest.len() == 13 => "id = (event id)".to_string(),
            _ => line.to_string(),
        })
        .collect();
    assert_snapshot!("swept_ticket_file", file.join("\n"));

    // Each rule fires once per episode: a second sweep finds nothing.
    let tip = desk.tip();
    desk.cmd(&["sweep"])
        .env("DESK_NOW", later)
        .assert()
        .success();
    assert_eq!(desk.tip(), tip);
}

#[test]
fn sla_and_report_read_a_desk_of_breaches_as_before() {
    let desk = desk_of(300);
    let at = |args: &[&str]| {
        let out = desk
            .cmd(args)
            .env("DESK_NOW", "2026-11-24T12:00:00Z")
            .assert()
            .success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    let breached = at(&["ls", "--ids", "sla:breached"]);
    assert!(breached.lines().count() > 50, "{breached}");
    assert_snapshot!("ls_sla_breached", breached);
    assert_snapshot!("sla", at(&["sla"]));
    assert_snapshot!("sla_json", at(&["sla", "--json", "--all"]));
    assert_snapshot!("report", at(&["report"]));
    assert_snapshot!("report_json", at(&["report", "--json"]));
    assert_snapshot!("report_by_team", at(&["report", "--by", "team"]));
    assert_snapshot!(
        "report_by_priority_json",
        at(&["report", "--json", "--by", "priority"])
    );
}
