//! Concurrent writers on one clone never lose an update and never fork the history.

use serde_json::Value;

use crate::common::{comment_texts, run_writers, TestDesk};

fn assert_linear_and_clean(desk: &TestDesk, commits: usize) {
    assert_eq!(desk.commits(), commits);
    let merges = desk.git(&["rev-list", "--min-parents=2", "desk"]);
    assert!(merges.is_empty(), "no merge commits: {merges}");
    let roots = desk.git(&["rev-list", "--max-parents=0", "desk"]);
    assert_eq!(roots.lines().count(), 1, "one root");
    let fsck = desk.git_cmd(&["fsck", "--strict"]).output().unwrap();
    assert!(
        fsck.status.success(),
        "git fsck --strict: {}{}",
        String::from_utf8_lossy(&fsck.stdout),
        String::from_utf8_lossy(&fsck.stderr)
    );
}

#[test]
fn four_writers_commenting_on_one_ticket_lose_nothing() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Everybody comments here", &[]);
    let body = format!(
        "for m in 1 2 3 4 5 6 7 8 9 10; do \
           \"$DESK\" comment {id} -m \"writer $N comment $m\" || exit 1; \
         done"
    );
    run_writers(&desk, 4, &body, &[]);

    let t = desk.show_json(&id);
    let texts = comment_texts(&t);
    assert_eq!(texts.len(), 40, "{texts:?}");
    for n in 1..=4 {
        for m in 1..=10 {
            let text = format!("writer {n} comment {m}");
            assert!(texts.contains(&text), "{text} is missing");
        }
    }
    // Each writer's own comments keep their order (a writer's next event has a
    // higher Lamport clock than its previous one).
    for n in 1..=4 {
        let own: Vec<String> = texts
            .iter()
            .filter(|t| t.starts_with(&format!("writer {n} ")))
            .map(|t| t.to_string())
            .collect();
        let expected: Vec<String> = (1..=10)
            .map(|m| format!("writer {n} comment {m}"))
            .collect();
        assert_eq!(own, expected);
    }
    let clocks: Vec<i64> = t["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["clock"].as_i64().unwrap())
        .collect();
    assert_eq!(
        clocks,
        (1..=41).collect::<Vec<_>>(),
        "serialised writers: clocks 1..41"
    );
    // init + new + 40 comments, one after another.
    assert_linear_and_clean(&desk, 42);
}

#[test]
fn four_writers_filing_at_once() {
    let desk = TestDesk::new();
    let body = "for m in 1 2 3 4 5; do \
                  \"$DESK\" new \"writer $N ticket $m\" || exit 1; \
                done";
    run_writers(&desk, 4, body, &[]);
    let list: Value = serde_json::from_str(&desk.run_ok(&["ls", "--json"])).unwrap();
    let titles: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 20, "{titles:?}");
    for n in 1..=4 {
        for m in 1..=5 {
            assert!(titles.contains(&format!("writer {n} ticket {m}").as_str()));
        }
    }
    assert_linear_and_clean(&desk, 21);
}
