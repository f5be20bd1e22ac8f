//! desk.toml that a rule depends on: unknown keys kept and warned about, a broken file
//! refusing the writes its rules would check; desk.toml merged by key and KB articles
//! merged with their front matter by key, so that edits of different parts never
//! conflict.

use std::path::PathBuf;

use crate::common::{guarded_config, scratch_file, stderr_of, Cluster, DeskClone, TestDesk};

/// Runs a write that must be refused as bad input: exit 2, the last line of stderr the
/// error (`git-desk: ...`) mentioning each of `mentions` (warnings may come before it),
/// the desk tip unchanged. Returns the error line.
fn refused(desk: &TestDesk, cmd: &mut assert_cmd::Command, mentions: &[&str]) -> String {
    let before = desk.tip();
    let out = cmd.output().unwrap();
    let stderr = stderr_of(&out);
    assert_eq!(out.status.code(), Some(2), "{cmd:?}: {stderr}");
    let error = stderr.lines().last().unwrap_or_default().to_string();
    assert!(error.starts_with("git-desk: "), "{cmd:?}: {stderr}");
    for m in mentions {
        assert!(error.contains(m), "{cmd:?}: {m:?} in {error}");
    }
    assert_eq!(desk.tip(), before, "{cmd:?}: nothing written");
    error
}

fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} in {text}"))
        + 1
}

#[test]
fn keys_from_a_newer_version_are_kept_and_warned_about_and_permissions_still_hold() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Kernel panic on build-03", &["--tier", "3"]);
    let text = guarded_config(&desk)
        .replacen(
            "name = \"Service desk\"\n",
            "name = \"Service desk\"\nfuture_thing = 1\n",
            1,
        )
        .replace("\nby_tier = true", "\nby_tier = true\nfuture_rule = \"x\"")
        .replace(
            "[teams.engineering]\n",
            "[teams.engineering]\nfuture_shift = \"night\"\n",
        );
    desk.commit_on_desk("desk.toml", &text);

    // A non-member is still refused: the file was not replaced by the defaults.
    let stderr = refused(
        &desk,
        &mut desk.cmd(&["start", &id]),
        &["permission denied", "by_tier"],
    );
    assert!(!stderr.contains("future"), "{stderr}");
    desk.as_user("Sam", "sam@example.com", &["start", &id])
        .assert()
        .success();

    // Reads warn, once per key, naming the file, the line and the key.
    let out = desk.cmd(&["ls"]).assert().success();
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    for (key, needle) in [
        ("future_thing", "future_thing = 1"),
        ("permissions.future_rule", "future_rule ="),
        ("teams.engineering.future_shift", "future_shift ="),
    ] {
        let line = line_of(&text, needle);
        assert!(
            stderr.lines().any(|l| l.contains("desk.toml")
                && l.contains(&format!("line {line}"))
                && l.contains(key)),
            "a warning names {key} at line {line}: {stderr}"
        );
    }
    assert_eq!(stderr.lines().count(), 3, "{stderr}");

    // `config edit` keeps them: only what the person changed changes.
    let edited = text.replace("name = \"Service desk\"", "name = \"Our desk\"");
    let editor = desk.editor_writing("rename", &edited);
    desk.cmd(&["config", "edit"])
        .env("EDITOR", editor)
        .assert()
        .success();
    assert_eq!(desk.desk_toml(), edited);
}

#[test]
fn a_broken_desk_toml_refuses_the_writes_its_rules_would_check() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("VPN drops", &[]);
    let good = guarded_config(&desk);
    let broken = good.replace("\nby_tier = true", "\nby_tier = = true");
    let line = line_of(&broken, "by_tier = = true").to_string();
    assert!(!good.contains("by_tier = = true"));
    desk.commit_on_desk("desk.toml", &broken);
    let line_text = format!("line {line}");

    for args in [
        vec!["comment", id.as_str(), "-m", "let through?"],
        vec!["escalate", id.as_str(), "--reason", "r"],
        vec!["new", "Printer jams"],
        vec!["assign", id.as_str(), "--to", "bob@example.com"],
        vec!["sweep"],
    ] {
        let mut cmd = desk.cmd(&args);
        cmd.env("GIT_AUTHOR_EMAIL", "mallory@example.com");
        refused(
            &desk,
            &mut cmd,
            &["desk.toml", &line_text, "by_tier", "config edit"],
        );
    }
    assert_eq!(
        desk.show_json(&id)["events"].as_array().unwrap().len(),
        1,
        "nothing was written"
    );

    // Reads go on, with a warning naming the file and the line.
    for args in [vec!["ls"], vec!["show", id.as_str()]] {
        let out = desk.cmd(&args).assert().success();
        let stderr = String::from_utf8_lossy(&out.get_output().stderr).to_string();
        assert!(
            stderr.contains("desk.toml") && stderr.contains(&line_text),
            "{args:?}: {stderr}"
        );
        assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("VPN drops"));
    }

    // `config edit` mends it, and the rules hold again.
    let editor = desk.editor_writing("mend", &good);
    desk.cmd(&["config", "edit"])
        .env("EDITOR", editor)
        .assert()
        .success();
    desk.run_ok(&["comment", &id, "-m", "mended"]);
    refused(
        &desk,
        &mut desk.as_user(
            "Mallory",
            "mallory@example.com",
            &["comment", &id, "-m", "x"],
        ),
        &["permission denied"],
    );
}

#[test]
fn a_desk_toml_that_does_not_validate_refuses_too() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("VPN drops", &[]);
    let text = format!(
        "{}\n[[routing]]\nwhen = \"colour:red\"\ntier = 2\n",
        guarded_config(&desk)
    );
    let line = line_of(&text, "colour:red").to_string();
    desk.commit_on_desk("desk.toml", &text);
    refused(
        &desk,
        &mut desk.cmd(&["comment", &id, "-m", "x"]),
        &["desk.toml", &format!("line {line}"), "colour"],
    );
    refused(
        &desk,
        &mut desk.cmd(&["new", "Printer jams"]),
        &["desk.toml", &format!("line {line}")],
    );
}

// ---- desk.toml merged by key --------------------------------------------------------

fn published() -> (Cluster, DeskClone, DeskClone) {
    let cluster = Cluster::new();
    let ann = cluster.clone_named("ann");
    std::fs::write(ann.path().join("README"), "the team's repository\n").unwrap();
    ann.git(&["add", "README"]);
    ann.git(&["commit", "-q", "-m", "readme"]);
    ann.git(&["push", "-q", "origin", "main"]);
    ann.run_ok(&["init", "-q"]);
    ann.new_ticket("VPN drops every 10 min");
    ann.run_ok(&["push", "-q"]);
    let bob = cluster.clone_named("bob");
    bob.run_ok(&["pull", "-q"]);
    (cluster, ann, bob)
}

fn append_to_desk_toml(clone: &DeskClone, text: &str) {
    let mut config = clone.desk_toml();
    config.push_str(text);
    clone.commit_on_desk("desk.toml", &config);
}

fn replace_in_desk_toml(clone: &DeskClone, from: &str, to: &str) {
    let text = clone.desk_toml();
    assert!(text.contains(from), "{from:?} in {text}");
    clone.commit_on_desk("desk.toml", &text.replacen(from, to, 1));
}

fn no_conflict_copies(clone: &DeskClone) {
    let names = clone.git(&["ls-tree", "-r", "--name-only", "desk"]);
    assert!(
        !names.contains(".conflict-"),
        "{}: no conflict copy: {names}",
        clone.name()
    );
}

/// `first` syncs, then `second`, then `first` again: all three hold the same tree.
fn sync_round(cluster: &Cluster, first: &DeskClone, second: &DeskClone) {
    first.run_ok(&["sync", "-q"]);
    let out = second.std_cmd(&["sync", "-q"]).output().unwrap();
    let stderr = stderr_of(&out);
    assert!(out.status.success(), "{}: {stderr}", second.name());
    assert_eq!(stderr, "", "{}: no warning", second.name());
    first.run_ok(&["sync", "-q"]);
    assert_eq!(first.desk_tree(), second.desk_tree());
    assert_eq!(first.desk_tree(), cluster.remote_tree());
}

fn service(name: &str) -> String {
    format!("\n[services.{name}]\ndescription = \"The {name} service\"\nteam = \"tech-support\"\n")
}

#[test]
fn services_added_on_two_clones_are_both_kept_whichever_syncs_first() {
    for ann_first in [true, false] {
        let (cluster, ann, bob) = published();
        append_to_desk_toml(&ann, &service("vpn"));
        append_to_desk_toml(&bob, &service("mail"));
        if ann_first {
            sync_round(&cluster, &ann, &bob);
        } else {
            sync_round(&cluster, &bob, &ann);
        }
        for clone in [&ann, &bob] {
            let text = clone.desk_toml();
            assert!(text.contains("[services.vpn]"), "{text}");
            assert!(text.contains("[services.mail]"), "{text}");
            assert!(text.contains("# Routing rules"), "comments kept: {text}");
            no_conflict_copies(clone);
        }
        ann.run_ok(&["new", "-q", "VPN again", "--service", "vpn"]);
        ann.run_ok(&["new", "-q", "Mail down", "--service", "mail"]);
    }
}

#[test]
fn teams_and_neighbouring_keys_changed_on_two_clones_merge_by_key() {
    let (cluster, ann, bob) = published();
    // Adjacent lines: a line-by-line merge cannot take both.
    replace_in_desk_toml(&ann, "response = \"15m\"", "response = \"10m\"");
    replace_in_desk_toml(&bob, "resolution = \"4h\"", "resolution = \"3h\"");
    append_to_desk_toml(
        &ann,
        "\n[teams.network]\nmembers = [\"ann@example.com\"]\ntiers = [2]\n",
    );
    append_to_desk_toml(
        &bob,
        "\n[teams.desktop]\nmembers = [\"bob@example.com\"]\ntiers = [1]\n",
    );
    append_to_desk_toml(
        &ann,
        "\n[[routing]]\nwhen = \"label:network\"\nteam = \"tech-support\"\n",
    );
    append_to_desk_toml(&bob, "\n[[routing]]\nwhen = \"label:printer\"\ntier = 4\n");
    sync_round(&cluster, &bob, &ann);
    let text = ann.desk_toml();
    for wanted in [
        "response = \"10m\"",
        "resolution = \"3h\"",
        "[teams.network]",
        "[teams.desktop]",
        "when = \"label:network\"",
        "when = \"label:printer\"",
    ] {
        assert!(text.contains(wanted), "{wanted}: {text}");
    }
    no_conflict_copies(&ann);
    let json: serde_json::Value =
        serde_json::from_str(&ann.run_ok(&["config", "show", "--json"])).unwrap();
    assert_eq!(json["sla"]["P1"]["response"], "10m");
    assert_eq!(json["sla"]["P1"]["resolution"], "3h");
    assert_eq!(json["routing"].as_array().unwrap().len(), 2);
}

#[test]
fn the_same_key_changed_two_ways_is_still_a_conflict() {
    let (cluster, ann, bob) = published();
    replace_in_desk_toml(&ann, "response = \"15m\"", "response = \"10m\"");
    replace_in_desk_toml(&bob, "response = \"15m\"", "response = \"20m\"");
    append_to_desk_toml(&bob, &service("mail"));
    ann.run_ok(&["sync", "-q"]);
    let ann_tip = ann.tip().unwrap();
    let out = bob.std_cmd(&["sync", "-q"]).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let conflict = format!("desk.conflict-{}.toml", &ann_tip[..8]);
    assert!(stderr_of(&out).contains(&conflict), "{}", stderr_of(&out));
    assert!(bob.desk_toml().contains("response = \"20m\""), "ours kept");
    let theirs = bob.git(&["show", &format!("desk:{conflict}")]);
    assert!(theirs.contains("response = \"10m\""), "theirs kept");
    ann.run_ok(&["sync", "-q"]);
    assert_eq!(ann.desk_tree(), cluster.remote_tree());
}

/// A small deterministic generator, so that a failing order can be replayed.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

#[test]
fn clones_adding_services_in_any_sync_order_keep_them_all() {
    const CLONES: usize = 5;
    for seed in [7_u64, 1234] {
        let (cluster, ann, _bob) = published();
        let mut clones = vec![ann];
        for i in 1..CLONES {
            let c = cluster.clone_named(&format!("c{seed}x{i}"));
            c.run_ok(&["pull", "-q"]);
            clones.push(c);
        }
        for (i, c) in clones.iter().enumerate() {
            append_to_desk_toml(c, &service(&format!("svc{i}")));
        }
        let mut rng = Lcg(seed);
        let mut order: Vec<usize> = (0..CLONES).collect();
        for i in (1..CLONES).rev() {
            order.swap(i, rng.below(i + 1));
        }
        for &i in &order {
            clones[i].run_ok(&["sync", "-q"]);
        }
        for c in &clones {
            c.run_ok(&["sync", "-q"]);
        }
        let want = cluster.remote_tree();
        for c in &clones {
            assert_eq!(c.desk_tree(), want, "seed {seed}, order {order:?}");
            no_conflict_copies(c);
            let text = c.desk_toml();
            for i in 0..CLONES {
                assert!(
                    text.contains(&format!("[services.svc{i}]")),
                    "seed {seed}, order {order:?}: svc{i} in {text}"
                );
            }
        }
    }
}

// ---- KB articles: front matter by key, text three-way ----------------------------------

fn script(clone: &DeskClone, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = clone.path().with_extension(format!("{name}.sh"));
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

fn article(clone: &DeskClone, slug: &str) -> String {
    clone.git(&["show", &format!("desk:kb/{slug}.md")])
}

#[test]
fn kb_edits_of_different_paragraphs_at_different_times_merge() {
    let (cluster, ann, bob) = published();
    let body = "First paragraph: restart the client.\n\nSecond paragraph: check the token.\n\nThird paragraph: call the desk.\n";
    let slug = ann
        .run_ok(&["kb", "new", "-q", "VPN drops", "-m", body])
        .trim()
        .to_string();
    ann.run_ok(&["sync", "-q"]);
    bob.run_ok(&["sync", "-q"]);

    let ann_edit = script(
        &ann,
        "ann-edit",
        "sed -i 's/restart the client/restart the client twice/' \"$1\"",
    );
    let bob_edit = script(
        &bob,
        "bob-edit",
        "sed -i 's/call the desk/call the desk on 4444/' \"$1\"",
    );
    ann.cmd(&["kb", "edit", &slug])
        .env("EDITOR", &ann_edit)
        .env("DESK_NOW", "2026-11-22T10:00:00Z")
        .assert()
        .success();
    bob.cmd(&["kb", "edit", &slug])
        .env("EDITOR", &bob_edit)
        .env("DESK_NOW", "2026-11-22T11:30:00Z")
        .assert()
        .success();

    sync_round(&cluster, &bob, &ann);
    for clone in [&ann, &bob] {
        let text = article(clone, &slug);
        assert!(text.contains("restart the client twice"), "{text}");
        assert!(text.contains("call the desk on 4444"), "{text}");
        assert!(
            text.contains("updated = 2026-11-22T11:30:00Z"),
            "the later time: {text}"
        );
        no_conflict_copies(clone);
    }
}

#[test]
fn the_merge_driver_merges_desk_toml_by_key() {
    let (_cluster, ann, bob) = published();
    let base = ann.desk_toml();
    append_to_desk_toml(&ann, &service("vpn"));
    append_to_desk_toml(&bob, &service("mail"));
    let dir = tempfile::TempDir::new().unwrap();
    let file = |name: &str, text: &str| scratch_file(dir.path(), name, text);
    let (b, o, t) = (
        file("base", &base),
        file("ours", &ann.desk_toml()),
        file("theirs", &bob.desk_toml()),
    );
    let out = ann
        .std_cmd(&["merge-driver", &b, &o, &t, "desk.toml"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let merged = std::fs::read_to_string(&o).unwrap();
    assert!(
        merged.contains("[services.vpn]") && merged.contains("[services.mail]"),
        "{merged}"
    );

    // The same key changed two ways: git is told it is a conflict, ours untouched.
    let ours = base.replacen("response = \"15m\"", "response = \"10m\"", 1);
    let theirs = base.replacen("response = \"15m\"", "response = \"20m\"", 1);
    let (o, t) = (file("ours2", &ours), file("theirs2", &theirs));
    let out = ann
        .std_cmd(&["merge-driver", &b, &o, &t, "desk.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("desk.toml"), "{}", stderr_of(&out));
    assert_eq!(std::fs::read_to_string(&o).unwrap(), ours);
}

#[test]
fn config_edit_keeps_keys_from_a_newer_version_and_refuses_new_unknown_ones() {
    let desk = TestDesk::new();
    let good = format!(
        "{}\n[services.vpn]\nfuture_owner = \"net\"\n",
        desk.desk_toml()
    );
    // Broken by hand, with a key from a newer version in it: mending it keeps the key.
    desk.commit_on_desk("desk.toml", &good.replace("schema = 1", "schema = = 1"));
    let editor = desk.editor_writing("mend", &good);
    desk.cmd(&["config", "edit"])
        .env("EDITOR", editor)
        .assert()
        .success();
    assert_eq!(desk.desk_toml(), good);
    // A key typed now that this version does not know is refused, with its line.
    let typo = good.replace("[permissions]\nby_tier", "[permissions]\nby_teir");
    let editor = desk.editor_writing("typo", &typo);
    let line = line_of(&typo, "by_teir").to_string();
    desk.refused(
        desk.cmd(&["config", "edit"]).env("EDITOR", editor),
        &[
            "desk.toml",
            &format!("line {line}"),
            "permissions.by_teir",
            "nothing was committed",
        ],
    );
}
