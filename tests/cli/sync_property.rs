//! Seeded random editing in three clones of one remote, synced in random orders: every
//! clone and the remote end with the same desk tree, and no edit made anywhere is lost.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::common::{assert_remote_fsck, Cluster, DeskClone};

/// A tiny xorshift64* generator: reproducible from its seed, no extra crates.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        // Never zero (xorshift's fixed point); spread small seeds.
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform-ish in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// A random permutation of `0..n`.
    pub fn order(&mut self, n: usize) -> Vec<usize> {
        let mut v: Vec<usize> = (0..n).collect();
        for i in (1..n).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
        v
    }
}

/// One edit made somewhere, with what must be found at the end.
#[derive(Debug, Clone)]
pub enum Edit {
    New { id: String, title: String },
    Comment { id: String, text: String },
    Label { id: String, label: String },
    Escalate { id: String, reason: String },
    Assign { id: String, to: String },
}

impl Edit {
    pub fn ticket(&self) -> &str {
        match self {
            Edit::New { id, .. }
            | Edit::Comment { id, .. }
            | Edit::Label { id, .. }
            | Edit::Escalate { id, .. }
            | Edit::Assign { id, .. } => id,
        }
    }
}

/// Every edit made anywhere, and what each clone (and the remote) has seen: the model
/// that decides which tickets an edit may target.
pub struct Model {
    pub edits: Vec<Edit>,
    /// Ticket ids each clone knows (created there or brought in by a sync).
    pub known: Vec<BTreeSet<String>>,
    /// Ticket ids the remote has.
    pub remote: BTreeSet<String>,
    /// Escalations made anywhere, per ticket: 1 + this bounds every clone's tier.
    pub escalations: BTreeMap<String, usize>,
}

impl Model {
    pub fn new(clones: usize) -> Model {
        Model {
            edits: Vec::new(),
            known: vec![BTreeSet::new(); clones],
            remote: BTreeSet::new(),
            escalations: BTreeMap::new(),
        }
    }

    /// Clone `i` synced: it got what the remote had, and the remote got what it has.
    pub fn synced(&mut self, i: usize) {
        let remote = self.remote.clone();
        self.known[i].extend(remote);
        self.remote = self.known[i].clone();
    }

    /// Clone `i` pulled: it got what the remote had.
    pub fn pulled(&mut self, i: usize) {
        let remote = self.remote.clone();
        self.known[i].extend(remote);
    }
}

/// Makes one random edit in `clone` (number `i`) through the binary and logs it.
pub fn random_edit(rng: &mut Rng, model: &mut Model, clone: &DeskClone, i: usize, tag: &str) {
    let known: Vec<String> = model.known[i].iter().cloned().collect();
    let roll = rng.below(100);
    if known.is_empty() || roll < 18 {
        let title = format!("ticket {tag}");
        let id = clone.new_ticket(&title);
        model.known[i].insert(id.clone());
        model.edits.push(Edit::New { id, title });
        return;
    }
    let id = known[rng.below(known.len())].clone();
    let mut roll = roll;
    if (18..35).contains(&roll) {
        // Escalate, unless the ticket may already be at tier 4 here.
        let bound = 1 + model.escalations.get(&id).copied().unwrap_or(0);
        let can = bound < 4 || {
            let t = clone.show_json(&id);
            t["tier"].as_u64().expect("a tier") < 4
        };
        if can {
            let reason = format!("reason {tag}");
            clone.run_ok(&["escalate", "-q", &id, "--reason", &reason]);
            *model.escalations.entry(id.clone()).or_default() += 1;
            model.edits.push(Edit::Escalate { id, reason });
            return;
        }
        roll = 40; // comment instead
    }
    if (35..65).contains(&roll) {
        let text = format!("comment {tag}");
        clone.run_ok(&["comment", "-q", &id, "-m", &text]);
        model.edits.push(Edit::Comment { id, text });
    } else if (65..83).contains(&roll) {
        let label = format!("l-{}", tag.replace(' ', "-"));
        clone.run_ok(&["set", "-q", &id, &format!("labels=+{label}")]);
        model.edits.push(Edit::Label { id, label });
    } else {
        let to = format!("{}@example.com", tag.replace(' ', "-"));
        clone.run_ok(&["assign", "-q", &id, "--to", &to]);
        model.edits.push(Edit::Assign { id, to });
    }
}

/// Asserts every logged edit is in the tickets as `clone` shows them.
pub fn assert_all_edits_present(clone: &DeskClone, edits: &[Edit], context: &str) {
    let ids: BTreeSet<&str> = edits.iter().map(Edit::ticket).collect();
    let shown: BTreeMap<&str, Value> = ids.iter().map(|id| (*id, clone.show_json(id))).collect();
    for edit in edits {
        let t = &shown[edit.ticket()];
        let events = t["events"].as_array().expect("events");
        let has_event = |kind: &str, field: &str, value: &str| {
            events
                .iter()
                .any(|e| e["kind"] == kind && e[field].as_str() == Some(value))
        };
        let found = match edit {
            Edit::New { title, .. } => {
                has_event("created", "title", title)
                    && events.iter().filter(|e| e["kind"] == "created").count() == 1
            }
            Edit::Comment { text, .. } => has_event("commented", "text", text),
            Edit::Label { label, .. } => t["labels"]
                .as_array()
                .expect("labels")
                .iter()
                .any(|l| l.as_str() == Some(label)),
            Edit::Escalate { reason, .. } => has_event("escalated", "reason", reason),
            Edit::Assign { to, .. } => has_event("assigned", "assignee", to),
        };
        assert!(found, "{context}: {edit:?} is missing from {t:#}");
    }
}

/// The desk tree of every clone and of the remote: all the same.
pub fn assert_converged(cluster: &Cluster, clones: &[DeskClone], context: &str) {
    let remote = cluster.remote_tree();
    for c in clones {
        assert_eq!(
            c.desk_tree(),
            remote,
            "{context}: {}'s desk tree differs from the remote's",
            c.name()
        );
    }
}

fn run_seed(seed: u64) {
    const ROUNDS: usize = 3;
    let names = ["ann", "bob", "cy"];
    let context = format!("seed {seed}");
    let mut rng = Rng::new(seed);
    let cluster = Cluster::new();
    let mut model = Model::new(names.len());

    // Ann creates the desk with two tickets and publishes it; the others pull it.
    let ann = cluster.clone_named(names[0]);
    ann.run_ok(&["init", "-q"]);
    for n in 0..2 {
        let title = format!("shared s{seed} {n}");
        let id = ann.new_ticket(&title);
        model.known[0].insert(id.clone());
        model.edits.push(Edit::New { id, title });
    }
    ann.run_ok(&["push", "-q"]);
    model.synced(0);
    let mut clones = vec![ann];
    for (i, name) in names.iter().enumerate().skip(1) {
        let c = cluster.clone_named(name);
        c.run_ok(&["pull", "-q"]);
        model.pulled(i);
        clones.push(c);
    }

    for round in 0..ROUNDS {
        for (i, c) in clones.iter().enumerate() {
            let edits = 2 + rng.below(3);
            for n in 0..edits {
                let tag = format!("s{seed} r{round} {} {n}", c.name());
                random_edit(&mut rng, &mut model, c, i, &tag);
            }
        }
        for i in rng.order(clones.len()) {
            clones[i].run_ok(&["sync", "-q"]);
            model.synced(i);
        }
    }

    // Settle: everyone syncs, then everyone syncs again.
    for _ in 0..2 {
        for (i, c) in clones.iter().enumerate() {
            c.run_ok(&["sync", "-q"]);
            model.synced(i);
        }
    }

    assert_converged(&cluster, &clones, &context);
    assert!(
        !cluster
            .remote_git(&["rev-list", "--merges", "desk"])
            .is_empty(),
        "{context}: the clones' histories were merged, not just fast-forwarded"
    );
    let all: BTreeSet<&str> = model.edits.iter().map(Edit::ticket).collect();
    let listed = clones[0].run_ok(&["ls", "--all", "--ids"]);
    let listed: BTreeSet<&str> = listed.lines().collect();
    assert_eq!(
        listed, all,
        "{context}: every ticket filed anywhere is listed"
    );
    // The listing (served from each clone's cache) agrees everywhere.
    let ls = clones[0].run_ok(&["ls", "--all", "--json"]);
    for c in &clones[1..] {
        assert_eq!(
            c.run_ok(&["ls", "--all", "--json"]),
            ls,
            "{context}: {} lists differently",
            c.name()
        );
    }
    // Check on a different clone each seed.
    let checker = &clones[seed as usize % clones.len()];
    assert_all_edits_present(checker, &model.edits, &context);
    for c in &clones {
        c.assert_fsck();
    }
    assert_remote_fsck(&cluster);
}

#[test]
fn random_edits_in_three_clones_converge_and_lose_nothing_seeds_1_to_3() {
    for seed in 1..=3 {
        run_seed(seed);
    }
}

#[test]
fn random_edits_in_three_clones_converge_and_lose_nothing_seeds_4_to_6() {
    for seed in 4..=6 {
        run_seed(seed);
    }
}
