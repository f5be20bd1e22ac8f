//! The summary cache under `.git/desk/cache/`: never the source of truth. Every answer
//! read through it equals a cold read, after plain git moved the branch, after a
//! hand-made commit, with the cache deleted, truncated, corrupt or from another build;
//! readers rebuild only the bucket files whose shards changed, and writers update what
//! they touch.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common::{ticket_path, Cluster, DeskClone, TestDesk};

/// The commands whose answers the cache feeds, each run through the real binary.
const READS: &[&[&str]] = &[
    &["ls", "--all", "--json"],
    &["ls", "--ids"],
    &["ls", "--ids", "tier:2", "priority:<=P3"],
    &["ls", "--ids", "printer"],
    &["ls", "--ids", "sla:breached"],
    &["sla", "--json"],
    &["report", "--json", "--by", "tier"],
    &["export", "--format", "csv"],
];

/// A desk of 300 imported tickets (spread over many shards) with some history.
fn busy_desk() -> (TestDesk, Vec<String>) {
    let desk = TestDesk::new();
    let mut csv = String::from("title,impact,urgency,labels,status\n");
    for i in 0..300 {
        let title = if i % 7 == 0 {
            "Printer jams"
        } else {
            "VPN drops"
        };
        let impact = ["high", "medium", "low"][i % 3];
        let status = if i % 2 == 0 { "new" } else { "open" };
        csv.push_str(&format!(
            "{title} {i},{impact},medium,\"bulk,import\",{status}\n"
        ));
    }
    let file = desk.scratch().join("tickets.csv");
    std::fs::write(&file, csv).expect("write csv");
    desk.run_ok(&["import", "-q", file.to_str().expect("utf-8 path")]);
    let ids: Vec<String> = desk
        .run_ok(&["ls", "--all", "--ids"])
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(ids.len(), 300);
    desk.run_ok(&[
        "escalate", "-q", &ids[0], &ids[1], &ids[2], "--reason", "network",
    ]);
    desk.run_ok(&["comment", "-q", &ids[3], "-m", "the printer on floor 3 too"]);
    desk.run_ok(&[
        "resolve",
        "-q",
        &ids[4],
        "--resolution",
        "replaced the toner",
    ]);
    (desk, ids)
}

/// The bucket file a ticket is cached in: the first character of its id and the quarter
/// of the id alphabet its second character is in.
fn bucket_of(id: &str) -> String {
    const ALPHABET: &str = "0123456789abcdefghjkmnpqrstvwxyz";
    let second = ALPHABET.find(&id[1..2]).expect("an id character");
    format!("{}{}", &id[..1], second / 4)
}

fn cache_dir(git_dir: &Path) -> PathBuf {
    git_dir.join("desk").join("cache").join("desk")
}

/// Every bucket file of the cache (one per first character and quarter of the second) and
/// its bytes.
fn bucket_files(git_dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(cache_dir(git_dir)) else {
        return BTreeMap::new();
    };
    entries
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "bucket"))
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("read bucket file"))
        })
        .collect()
}

/// Every read's stdout and stderr.
fn answers(run: &dyn Fn(&[&str]) -> std::process::Output) -> Vec<(String, String)> {
    READS
        .iter()
        .map(|args| {
            let out = run(args);
            assert!(out.status.success(), "{args:?} failed: {out:?}");
            (
                String::from_utf8(out.stdout).expect("utf-8"),
                String::from_utf8(out.stderr).expect("utf-8"),
            )
        })
        .collect()
}

fn desk_answers(desk: &TestDesk) -> Vec<(String, String)> {
    answers(&|args| desk.cmd(args).output().expect("run git-desk"))
}

/// The answers with no cache at all (which builds it again).
fn cold_answers(desk: &TestDesk) -> Vec<(String, String)> {
    let _ = std::fs::remove_dir_all(desk.path().join(".git").join("desk"));
    desk_answers(desk)
}

#[test]
fn a_deleted_cache_changes_no_output() {
    let (desk, _) = busy_desk();
    let git_dir = desk.path().join(".git");
    let first = desk_answers(&desk);
    let files = bucket_files(&git_dir);
    assert!(
        files.len() > 20,
        "300 tickets fill most buckets: {}",
        files.len()
    );
    // A second read is served from the cache as it stands: nothing is rewritten.
    assert_eq!(desk_answers(&desk), first);
    assert_eq!(bucket_files(&git_dir), files);
    assert_eq!(cold_answers(&desk), first);
    assert_eq!(
        bucket_files(&git_dir),
        files,
        "a rebuild gives the same files"
    );
}

#[test]
fn truncated_corrupt_and_foreign_bucket_files_are_rebuilt_silently() {
    let (desk, _) = busy_desk();
    let git_dir = desk.path().join(".git");
    let expected = desk_answers(&desk);
    let files = bucket_files(&git_dir);
    let names: Vec<&String> = files.keys().collect();
    let dir = cache_dir(&git_dir);
    let path = |name: &str| dir.join(format!("{name}.bucket"));
    // Truncated mid-record.
    let bytes = &files[names[0]];
    std::fs::write(path(names[0]), &bytes[..bytes.len() / 2]).unwrap();
    // One flipped byte in the middle.
    let mut flipped = files[names[1]].clone();
    let mid = flipped.len() / 2;
    flipped[mid] ^= 0x55;
    std::fs::write(path(names[1]), flipped).unwrap();
    // Written by another build: another fingerprint, with a checksum that holds.
    let mut foreign = files[names[2]].clone();
    foreign[8] ^= 0xff;
    let body = foreign.len() - 4;
    let crc = crc32fast::hash(&foreign[..body]).to_le_bytes();
    foreign[body..].copy_from_slice(&crc);
    std::fs::write(path(names[2]), foreign).unwrap();
    // Not a cache file at all, and an empty one.
    std::fs::write(path(names[3]), "hello").unwrap();
    std::fs::write(path(names[4]), "").unwrap();

    assert_eq!(desk_answers(&desk), expected, "same output, no warning");
    assert_eq!(
        bucket_files(&git_dir),
        files,
        "every damaged file was rebuilt"
    );
}

#[test]
fn a_hand_made_commit_is_seen_and_only_its_buckets_are_rebuilt() {
    let (desk, ids) = busy_desk();
    let git_dir = desk.path().join(".git");
    desk_answers(&desk);
    let before = bucket_files(&git_dir);
    // Someone edits a title with plain git (in the state and the filing event)...
    let id = &ids[10];
    let edited = desk
        .ticket_file(id)
        .replace("title = \"", "title = \"Edited by hand: ");
    desk.commit_on_desk(&ticket_path(id), &edited);
    // ...and breaks another ticket's file.
    let broken = &ids[20];
    desk.commit_on_desk(&ticket_path(broken), "this is not a ticket = [\n");

    let warm = desk_answers(&desk);
    let listed = &warm[0].0;
    assert!(listed.contains("Edited by hand: "), "the edit is seen");
    assert!(
        !listed.contains(broken.as_str()),
        "the broken ticket is not listed"
    );
    assert!(
        warm[0].1.contains(&ticket_path(broken)),
        "the broken file is named: {}",
        warm[0].1
    );
    let after = bucket_files(&git_dir);
    let changed: Vec<&String> = after
        .keys()
        .filter(|name| before.get(*name) != after.get(*name))
        .collect();
    let (id_bucket, broken_bucket) = (bucket_of(id), bucket_of(broken));
    let mut expected = vec![&id_bucket, &broken_bucket];
    expected.sort();
    expected.dedup();
    assert_eq!(changed, expected, "only the touched buckets are rebuilt");
    assert_eq!(cold_answers(&desk), warm);
}

#[test]
fn writers_update_the_buckets_they_touch_as_they_commit() {
    let (desk, ids) = busy_desk();
    let git_dir = desk.path().join(".git");
    desk_answers(&desk);
    let before = bucket_files(&git_dir);
    desk.run_ok(&["comment", "-q", &ids[30], "-m", "any news?"]);
    let id = desk.new_ticket("Laptop will not boot", &[]);
    let after_write = bucket_files(&git_dir);
    let bucket = |id: &str| bucket_of(id);
    assert_ne!(
        before.get(&bucket(&ids[30])),
        after_write.get(&bucket(&ids[30]))
    );
    assert!(after_write.contains_key(&bucket(&id)));
    let changed = after_write
        .keys()
        .filter(|k| before.get(*k) != after_write.get(*k))
        .count();
    assert!(
        changed <= 2,
        "the writer touched only its buckets: {changed}"
    );
    // The next reader finds everything current: nothing to rewrite.
    let warm = desk_answers(&desk);
    assert_eq!(bucket_files(&git_dir), after_write);
    assert!(warm[0].0.contains("Laptop will not boot"));
    assert_eq!(cold_answers(&desk), warm);
}

fn clone_answers(clone: &DeskClone) -> Vec<(String, String)> {
    answers(&|args| clone.std_cmd(args).output().expect("run git-desk"))
}

#[test]
fn after_a_plain_git_fetch_the_cache_catches_up() {
    let cluster = Cluster::new();
    let ann = cluster.clone_named("ann");
    ann.run_ok(&["init", "-q"]);
    let first = ann.new_ticket("Printer jams on every duplex job");
    ann.run_ok(&["push", "-q"]);
    let bob = cluster.clone_named("bob");
    bob.run_ok(&["pull", "-q"]);
    let before = clone_answers(&bob);
    assert!(before[0].0.contains("Printer jams"));

    ann.run_ok(&["escalate", "-q", &first, "--reason", "hardware"]);
    ann.new_ticket("Guest Wi-Fi portal does not load");
    ann.run_ok(&["push", "-q"]);
    // Plain git moves Bob's desk branch; git-desk is not told.
    bob.git(&["fetch", "-q", "origin", "desk:desk"]);
    let warm = clone_answers(&bob);
    assert!(warm[0].0.contains("Guest Wi-Fi portal"), "{}", warm[0].0);
    assert_eq!(
        warm[0].0,
        clone_answers(&ann)[0].0,
        "Bob now sees what Ann sees"
    );
    std::fs::remove_dir_all(bob.path().join(".git").join("desk")).unwrap();
    assert_eq!(clone_answers(&bob), warm);
}
