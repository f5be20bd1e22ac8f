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
                std::fs::read(entry.path()).unwrap_or_default(),
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
    // man/ holds section 1 only, where man and `git help` look (man/man1/git-desk.1).
    assert_eq!(
        files(&root.join("man")).into_keys().collect::<Vec<_>>(),
        ["man1"],
        "man/ holds man1/ and nothing else: run `cargo run -- man --out man`"
    );
    assert_same(
        &root.join("man/man1"),
        &tmp.path().join("man1"),
        "cargo run -- man --out man",
    );
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

/// What bash completes for `line` (the cursor at its end), with git's own completion and
/// completions/git-desk.bash loaded, as a shell of a user who installed both has them.
fn bash_completes(line: &str) -> Vec<String> {
    let git_completion = "/usr/share/bash-completion/completions/git";
    assert!(
        Path::new(git_completion).exists(),
        "{git_completion} is missing: it comes with Debian's git package"
    );
    let ours = Path::new(env!("CARGO_MANIFEST_DIR")).join("completions/git-desk.bash");
    let words: Vec<&str> = line.split(' ').collect();
    let complete = if words[0] == "git" {
        "__git_func_wrap __git_main"
    } else {
        "_git__desk git-desk \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\""
    };
    let script = format!(
        "source {git_completion}\nsource {}\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{line}'\nCOMP_POINT=${{#COMP_LINE}}\n{complete}\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        ours.display(),
        words.join(" "),
        words.len() - 1
    );
    // The scripts ask the installed git-desk for candidates: the built one comes first.
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_git-desk")).parent().unwrap();
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .env("PATH", path)
        .output()
        .expect("bash runs");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn bash_completes_subcommands_and_their_options_for_git_desk_and_git_dash_desk() {
    assert!(bash_completes("git desk ne").contains(&"new".to_string()));
    assert_eq!(bash_completes("git desk new --ti"), ["--tier"]);
    assert_eq!(bash_completes("git-desk new --ti"), ["--tier"]);
    assert_eq!(bash_completes("git-desk mail ingest --mb"), ["--mbox"]);
}
