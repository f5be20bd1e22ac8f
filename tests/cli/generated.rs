//! The man pages and completions committed in the repository match what the binary
//! generates: regenerate with `cargo run -- man --out man` and
//! `cargo run -- completions SHELL --out completions` when this fails.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| {
            let entry = entry.unwrap();
            (
                entry.file_name().to_string_lossy().into_owned(),
                std::fs::read(entry.path()).unwrap(),
            )
        })
        .collect()
}

fn generate(args: &[&str], out: &Path) {
    Command::cargo_bin("git-desk")
        .unwrap()
        .args(args)
        .arg("--out")
        .arg(out)
        .arg("--quiet")
        .assert()
        .success();
}

fn assert_same(committed: &Path, fresh: &Path, how: &str) {
    let committed_files = files(committed);
    let fresh_files = files(fresh);
    let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&committed_files),
        names(&fresh_files),
        "{} lists other files than the binary generates: run `{how}`",
        committed.display()
    );
    for (name, bytes) in &fresh_files {
        assert!(
            committed_files[name] == *bytes,
            "{}/{name} is stale: run `{how}` and commit it",
            committed.display()
        );
    }
}

#[test]
fn man_pages_are_current() {
    let tmp = tempfile::tempdir().unwrap();
    generate(&["man"], tmp.path());
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_same(&root.join("man"), tmp.path(), "cargo run -- man --out man");
}

#[test]
fn completions_are_current() {
    let tmp = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        generate(&["completions", shell], tmp.path());
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_same(
        &root.join("completions"),
        tmp.path(),
        "cargo run -- completions bash --out completions (and zsh, fish)",
    );
}

#[test]
fn man_prints_the_main_page() {
    let out = Command::cargo_bin("git-desk")
        .unwrap()
        .arg("man")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with(".ie"), "{}", &text[..40.min(text.len())]);
    assert!(text.contains("git\\-desk"));
}
