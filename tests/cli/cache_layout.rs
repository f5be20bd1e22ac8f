//! The summary cache's layout for scanning: a head of fixed-width rows per bucket file,
//! read alone by listings and queries, with the text fields and whole tickets in parts
//! read on demand; 256 small bucket files, so a one-ticket write rewrites one small file.
//! Whatever a reader reads of it, answers equal those of a cold read.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{ticket_path, TestDesk};

/// A desk of 400 imported tickets differing in every field queries test, with some
/// history. Every title holds the word "ticket". Gives the ids of the active ones.
fn varied_desk() -> (TestDesk, Vec<String>) {
    let desk = TestDesk::new();
    let mut csv =
        String::from("title,type,impact,urgency,labels,status,tier,service,team,assignee,major\n");
    for i in 0..400 {
        let title = ["Printer ticket", "VPN ticket", "Mailbox ticket full"][i % 3];
        let kind = ["incident", "request", "problem", "change"][i % 4];
        let impact = ["high", "medium", "low"][i % 3];
        let urgency = ["high", "medium", "low"][(i / 3) % 3];
        let labels = ["remote", "remote,finance", ""][i % 3];
        let status = ["new", "open", "in-progress", "resolved", "closed"][i % 5];
        let tier = 1 + i % 3;
        let service = ["email", "", "printing"][i % 3];
        let team = ["network", "desktop", ""][(i / 2) % 3];
        let assignee = ["", "sam@example.com", "alice@example.com"][(i / 5) % 3];
        let major = i % 9 == 0;
        csv.push_str(&format!(
            "{title} {i},{kind},{impact},{urgency},\"{labels}\",{status},{tier},{service},{team},{assignee},{major}\n"
        ));
    }
    let file = desk.scratch().join("tickets.csv");
    std::fs::write(&file, csv).expect("write csv");
    desk.run_ok(&["import", "-q", file.to_str().expect("utf-8 path")]);
    assert_eq!(ids_of(&desk, "--all").len(), 400);
    let ids = ids_of(&desk, "is:active");
    desk.run_ok(&["escalate", "-q", &ids[0], &ids[1], "--reason", "network"]);
    desk.run_ok(&["comment", "-q", &ids[3], "-m", "the printer on floor 3 too"]);
    desk.run_ok(&["set", "-q", &ids[5], "title=Renamed ticket"]);
    (desk, ids)
}

/// Queries on every kind of column (status, type, ranks, flags, times, follow-ups, ids,
/// text fields, lists), every sort key both ways, and the whole-ticket outputs.
fn reads() -> Vec<Vec<String>> {
    let mut reads: Vec<Vec<String>> = [
        "ls --all --ids",
        "ls --ids",
        "ls --ids status:open priority:<=P2 label:remote",
        "ls --ids -status:new,open",
        "ls --ids type:problem,change",
        "ls --ids is:done",
        "ls --ids is:active tier:>=2",
        "ls --ids priority:P3",
        "ls --ids priority:>P3",
        "ls --ids impact:high urgency:<high",
        "ls --ids major:true",
        "ls --ids known_error:false tier:<2",
        "ls --ids age:<1h",
        "ls --ids created:2026-11-22",
        "ls --ids updated:<=2026-11-22T09:00:00Z",
        "ls --ids followup:none",
        "ls --ids title:vpn",
        "ls --ids assignee:sam@example.com",
        "ls --ids assignee:none team:network",
        "ls --ids service:email,printing",
        "ls --ids -label:remote",
        "ls --ids -reporter:nobody@example.com",
        "ls --ids id:0,1,2,a",
        "ls --ids sla:breached",
        "ls --ids printer",
        "ls tier:2 priority:<=P2",
        "ls --all",
        "ls --all --limit 7 --sort -updated",
        "ls --json --all",
        "ls --json label:finance",
        "sla",
        "sla --json",
        "report --json",
    ]
    .iter()
    .map(|line| line.split(' ').map(str::to_string).collect())
    .collect();
    for key in [
        "priority",
        "created",
        "updated",
        "tier",
        "status",
        "id",
        "title",
        "type",
        "impact",
        "urgency",
        "assignee",
        "owner",
        "team",
        "service",
        "customer_updated",
        "site",
    ] {
        for key in [key.to_string(), format!("-{key}")] {
            reads.push(vec!["ls".into(), "--all".into(), "--sort".into(), key]);
        }
    }
    reads
}

fn answers(desk: &TestDesk) -> Vec<(String, String)> {
    reads()
        .iter()
        .map(|args| {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = desk.cmd(&args).output().expect("run git-desk");
            assert!(out.status.success(), "{args:?} failed: {out:?}");
            (
                String::from_utf8(out.stdout).expect("utf-8"),
                String::from_utf8(out.stderr).expect("utf-8"),
            )
        })
        .collect()
}

fn cache_dir(desk: &TestDesk) -> PathBuf {
    desk.path()
        .join(".git")
        .join("desk")
        .join("cache")
        .join("desk")
}

/// The answers with no cache at all (which builds it again).
fn cold_answers(desk: &TestDesk) -> Vec<(String, String)> {
    let _ = std::fs::remove_dir_all(desk.path().join(".git").join("desk"));
    answers(desk)
}

fn bucket_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("a cache directory")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "bucket"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("read bucket file"))
        })
        .collect()
}

fn ids_of(desk: &TestDesk, query: &str) -> Vec<String> {
    let mut args = vec!["ls", "--ids", "--sort", "id"];
    args.extend(query.split(' '));
    desk.run_ok(&args).lines().map(str::to_string).collect()
}

#[test]
fn every_query_and_sort_answers_the_same_from_the_cache_as_without_it() {
    let (desk, _) = varied_desk();
    let warm = answers(&desk);
    assert_eq!(answers(&desk), warm, "a second read changes nothing");
    assert_eq!(
        cold_answers(&desk),
        warm,
        "deleting the cache changes no output"
    );
    // Every field query chooses some tickets but not all.
    for args in reads().iter().filter(|a| a.len() > 2 && a[1] == "--ids") {
        let n = warm[reads().iter().position(|r| r == args).unwrap()]
            .0
            .lines()
            .count();
        if args[2] != "sla:breached" {
            assert!(n > 0 && n < 400, "{args:?} chose {n}");
        }
    }
}

#[test]
fn queries_on_columns_agree_with_the_same_query_on_whole_tickets() {
    // A bare word reads every ticket whole and tests every term on its state: "ticket"
    // is in every title, so it changes nothing but the path the answer takes.
    let (desk, _) = varied_desk();
    for query in [
        "status:open priority:<=P2 label:remote",
        "-status:new,open type:problem,change",
        "tier:>=2 impact:high",
        "major:true",
        "age:<1h urgency:low",
        "created:2026-11-22",
        "title:vpn assignee:sam@example.com",
        "assignee:none team:network",
        "service:email -label:finance",
        "is:done",
    ] {
        let by_columns = ids_of(&desk, query);
        let whole = ids_of(&desk, &format!("{query} ticket"));
        assert!(!by_columns.is_empty(), "{query}");
        assert_eq!(by_columns, whole, "{query}");
    }
}

#[test]
fn a_one_ticket_write_rewrites_one_small_bucket_file() {
    let (desk, ids) = varied_desk();
    answers(&desk);
    let dir = cache_dir(&desk);
    let before = bucket_files(&dir);
    assert!(
        before.len() > 64,
        "400 tickets spread over many small buckets: {}",
        before.len()
    );
    let total: usize = before.values().map(Vec::len).sum();
    for args in [
        vec!["comment", "-q", &ids[30], "-m", "any news?"],
        vec!["set", "-q", &ids[31], "title=Printer ticket again"],
        vec!["escalate", "-q", &ids[32], "--reason", "needs network"],
    ] {
        let before = bucket_files(&dir);
        desk.run_ok(&args);
        let after = bucket_files(&dir);
        let changed: Vec<&String> = after
            .keys()
            .filter(|k| before.get(*k) != after.get(*k))
            .collect();
        assert_eq!(changed.len(), 1, "{args:?} rewrote {changed:?}");
        let size = after[changed[0]].len();
        assert!(
            size * 40 < total,
            "{args:?} rewrote {size} bytes of a {total}-byte cache"
        );
    }
    let warm = answers(&desk);
    assert_eq!(cold_answers(&desk), warm);
}

#[test]
fn a_hand_made_commit_changing_one_ticket_is_listed_right() {
    let (desk, _) = varied_desk();
    let first = answers(&desk);
    // Someone adds a label and renames a ticket with plain git (in its state and its
    // filing event).
    let id = &ids_of(&desk, "label:remote")[7];
    let edited = desk
        .ticket_file(id)
        .replace("labels = [\"", "labels = [\"aaa-by-hand\", \"")
        .replace("title = \"", "title = \"Edited by hand: ");
    assert!(edited.contains("aaa-by-hand"), "the ticket has labels");
    desk.commit_on_desk(&ticket_path(id), &edited);
    assert_eq!(ids_of(&desk, "label:aaa-by-hand"), std::slice::from_ref(id));
    assert_eq!(ids_of(&desk, "title:edited"), std::slice::from_ref(id));
    assert_eq!(
        ids_of(&desk, "-label:aaa-by-hand").len(),
        ids_of(&desk, "").len() - 1
    );
    let warm = answers(&desk);
    assert_ne!(warm, first);
    assert_eq!(cold_answers(&desk), warm);
}

#[test]
fn damaged_parts_of_bucket_files_are_read_again_and_rewritten() {
    let (desk, _) = varied_desk();
    let expected = answers(&desk);
    let dir = cache_dir(&desk);
    let files = bucket_files(&dir);
    let names: Vec<&String> = files.keys().collect();
    let path = |name: &str| dir.join(format!("{name}.bucket"));
    // The last byte is in the records (whole tickets), read only by readers of them.
    let mut records = files[names[0]].clone();
    *records.last_mut().unwrap() ^= 0x55;
    std::fs::write(path(names[0]), records).unwrap();
    // A byte past the head and its rows: the text fields.
    let mut texts = files[names[1]].clone();
    let at = texts.len() * 3 / 4;
    texts[at] ^= 0x55;
    std::fs::write(path(names[1]), texts).unwrap();
    // Truncated, and empty.
    let truncated = &files[names[2]];
    std::fs::write(path(names[2]), &truncated[..truncated.len() - 3]).unwrap();
    std::fs::write(path(names[3]), "").unwrap();
    // A file of the older layout, one per first character.
    std::fs::write(dir.join("k.bucket"), b"GDSKBKT1 an older layout").unwrap();

    assert_eq!(answers(&desk), expected, "same output, no warning");
    assert_eq!(
        bucket_files(&dir),
        files,
        "every damaged file was rebuilt and the older one is gone"
    );
}
