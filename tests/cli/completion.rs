//! Completion in the real shells with the shipped scripts (completions/): bash with git's
//! own completion, zsh with compinit and its git completion, fish with `complete -C`.
//! Each completes `git desk ...` and `git-desk ...`: subcommands, ticket ids by prefix,
//! enum values, `--sort` fields, team names from desk.toml and article slugs.
//!
//! Under CI (`CI=true`) a missing shell fails naming the Debian package that brings it
//! (.ci/run installs them); elsewhere its tests say so and pass.

use std::path::{Path, PathBuf};
use std::process::Command as StdCommand;

use crate::common::{bin, TestDesk};

/// The shipped scripts.
fn completions_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("completions")
}

/// PATH with the built git-desk first: the scripts ask the installed binary, and git
/// runs `git desk` as the git-desk it finds there.
fn path_with_binary() -> std::ffi::OsString {
    let dir = bin().parent().unwrap().to_path_buf();
    let rest = std::env::var_os("PATH").unwrap_or_default();
    std::env::join_paths(std::iter::once(dir).chain(std::env::split_paths(&rest))).unwrap()
}

/// True when `shell` can run; under CI its absence fails the test, naming the package.
fn have_shell(shell: &str) -> bool {
    let found = StdCommand::new(shell)
        .arg("-c")
        .arg("exit 0")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{shell} is missing: install Debian's `{shell}` package (.ci/run does)"
        );
        eprintln!("{shell} is not installed: its completion is not tested here");
    }
    found
}

/// The desk the tests complete against: three tickets, a team added to desk.toml, an
/// article.
struct Completing {
    desk: TestDesk,
    vpn: String,
    printer: String,
}

impl Completing {
    fn new() -> Completing {
        let desk = TestDesk::new();
        let vpn = desk.new_ticket("VPN drops every 10 minutes", &["--no-kb"]);
        let printer = desk.new_ticket("Printer jams on tray 2", &["--no-kb"]);
        desk.new_ticket("Mailbox full", &["--no-kb"]);
        let toml = desk.git(&["show", "desk:desk.toml"]);
        desk.commit_on_desk(
            "desk.toml",
            &format!(
                "{toml}\n[teams.network-ops]\nmembers = [\"nina@example.com\"]\ntiers = [2]\n"
            ),
        );
        desk.run_ok(&["kb", "new", "Reset your password", "-m", "Use the portal."]);
        Completing { desk, vpn, printer }
    }

    /// The short id `ls` shows for a ticket.
    fn short(&self, id: &str) -> String {
        self.desk.show_json(id)["short_id"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// The start of an id that only this ticket's id has among the desk's.
    fn prefix<'a>(&self, id: &'a str) -> &'a str {
        let others = [&self.vpn, &self.printer];
        let len = (2..id.len())
            .find(|n| {
                others
                    .iter()
                    .filter(|o| o.as_str() != id)
                    .all(|o| !o.starts_with(&id[..*n]))
            })
            .unwrap();
        &id[..len.max(3)]
    }

    /// A shell run in the repository, with the test environment and the binary on PATH.
    fn shell(&self, program: &str) -> StdCommand {
        let mut cmd = StdCommand::new(program);
        self.desk.setup(&mut cmd);
        cmd.env("PATH", path_with_binary());
        cmd
    }

    fn home(&self) -> PathBuf {
        self.desk.gitconfig().parent().unwrap().to_path_buf()
    }

    /// What bash puts in COMPREPLY for `line` (the cursor at its end), with git's
    /// completion and completions/git-desk.bash loaded. The words are split as bash
    /// splits them, at COMP_WORDBREAKS' `:` and `=` too.
    fn bash(&self, line: &str) -> Vec<String> {
        let git_completion = "/usr/share/bash-completion/completions/git";
        assert!(
            Path::new(git_completion).exists(),
            "{git_completion} is missing: it comes with Debian's git package"
        );
        let mut words: Vec<String> = Vec::new();
        for word in line.split(' ') {
            let mut part = String::new();
            let mut parts = Vec::new();
            for c in word.chars() {
                if c == ':' || c == '=' {
                    if !part.is_empty() {
                        parts.push(std::mem::take(&mut part));
                    }
                    parts.push(c.to_string());
                } else {
                    part.push(c);
                }
            }
            if !part.is_empty() || parts.is_empty() {
                parts.push(part);
            }
            words.extend(parts);
        }
        let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
        let complete = if words[0] == "git" {
            "__git_func_wrap __git_main"
        } else {
            "_git__desk git-desk \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\""
        };
        let script = format!(
            "source {git_completion}\nsource {}\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE='{line}'\nCOMP_POINT=${{#COMP_LINE}}\n{complete}\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
            completions_dir().join("git-desk.bash").display(),
            quoted.join(" "),
            words.len() - 1
        );
        let out = self.shell("bash").arg("-c").arg(script).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // as bash has them: a finished word from git's completion carries its space
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// What zsh offers for `line`: an interactive zsh in a pseudo-terminal (zpty), with
    /// compinit and completions/_git-desk on fpath, TAB pressed at the end of the line;
    /// every candidate added is captured.
    fn zsh(&self, line: &str) -> Vec<String> {
        let capture = self.desk.scratch().join("capture.zsh");
        std::fs::write(&capture, ZSH_CAPTURE).unwrap();
        // A completion that never ends must fail the test, not hang it.
        let out = self
            .shell("timeout")
            .arg("120")
            .arg("zsh")
            .arg("-f")
            .arg(&capture)
            .arg(completions_dir())
            .arg(line)
            .output()
            .unwrap();
        lines(out)
    }

    /// What fish's `complete -C` gives for `line`, with completions/git-desk.fish
    /// installed in the temp HOME's ~/.config/fish/`place` (completions or conf.d).
    fn fish(&self, place: &str, line: &str) -> Vec<String> {
        let fish = self.home().join(".config/fish");
        let _ = std::fs::remove_dir_all(&fish);
        std::fs::create_dir_all(fish.join(place)).unwrap();
        std::fs::copy(
            completions_dir().join("git-desk.fish"),
            fish.join(place).join("git-desk.fish"),
        )
        .unwrap();
        let out = self
            .shell("fish")
            .arg("-c")
            .arg(format!("complete -C '{line}'"))
            .output()
            .unwrap();
        lines(out)
            .into_iter()
            .map(|l| l.split('\t').next().unwrap_or("").to_string())
            .collect()
    }
}

/// Captures zsh's candidates: compadd is wrapped to print what it adds, and a function
/// run after completion marks the end.
const ZSH_CAPTURE: &str = r#"
zmodload zsh/zpty
zpty z zsh -f -i
zpty -w z "PS1=''; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D"
zpty -w z 'compadd () { if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi; typeset -a __hits; builtin compadd -A __hits "$@"; local h; for h in $__hits; do print -r -- "<h""it>$h"; done; }'
zpty -w z '_capture_done() { print -r -- "<d""one>"; }; comppostfuncs=(_capture_done)'
zpty -w z 'zle -C _capture complete-word _main_complete; bindkey "^I" _capture'
zpty -n -w z "$2"$'\t'
local line
while zpty -r z line; do
  [[ $line == *'<done>'* ]] && break
  [[ $line == *'<hit>'* ]] && print -r -- "${${line#*<hit>}%$'\r'}"
done
zpty -d z
"#;

fn lines(out: std::process::Output) -> Vec<String> {
    assert!(
        out.status.success(),
        "the shell failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim_end().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

fn has(candidates: &[String], value: &str) -> bool {
    candidates.iter().any(|c| c == value)
}

/// A finished word as bash completes it: git's completion runs with `nospace` and adds
/// the space itself (as git's own __gitcomp does); for git-desk, bash adds it.
fn word(git: &str, value: &str) -> String {
    if git == "git desk" && !value.ends_with([':', '=']) {
        format!("{value} ")
    } else {
        value.to_string()
    }
}

#[test]
fn bash_completes_subcommands_ids_enums_sort_fields_teams_and_slugs() {
    let c = Completing::new();
    for git in ["git desk", "git-desk"] {
        let subcommands = c.bash(&format!("{git} "));
        assert!(
            has(&subcommands, &word(git, "escalate")) && has(&subcommands, &word(git, "show")),
            "{git} <TAB>: {subcommands:?}"
        );
        assert!(!subcommands
            .iter()
            .any(|s| s.starts_with('_') || s.starts_with('-')));
        assert_eq!(c.bash(&format!("{git} esc")), [word(git, "escalate")]);
        let prefix = c.prefix(&c.vpn);
        assert_eq!(
            c.bash(&format!("{git} show {prefix}")),
            [word(git, &c.short(&c.vpn))],
            "{git} show {prefix}<TAB>"
        );
        assert_eq!(
            c.bash(&format!("{git} status {} in", c.short(&c.printer))),
            [word(git, "in-progress")]
        );
        // bash replaces what follows the `=` or `:`: the candidates are that part
        assert_eq!(
            c.bash(&format!("{git} set {} impact=h", c.short(&c.vpn))),
            [word(git, "high")]
        );
        assert_eq!(
            c.bash(&format!("{git} set {} imp", c.short(&c.vpn))),
            ["impact="]
        );
        assert_eq!(
            c.bash(&format!("{git} ls status:pe")),
            [word(git, "pending")]
        );
        assert_eq!(c.bash(&format!("{git} ls stat")), ["status:"]);
        assert_eq!(
            c.bash(&format!("{git} ls --sort cr")),
            [word(git, "created")]
        );
        assert_eq!(
            c.bash(&format!("{git} ls --sort=-upd")),
            [word(git, "-updated")]
        );
        assert_eq!(
            c.bash(&format!("{git} assign {} --team netw", c.short(&c.vpn))),
            [word(git, "network-ops")]
        );
        assert_eq!(
            c.bash(&format!("{git} kb show res")),
            [word(git, "reset-your-password")]
        );
    }
    // git's -C names the repository the ids come from
    let elsewhere = c.desk.scratch().display().to_string();
    let prefix = c.prefix(&c.vpn);
    assert_eq!(
        c.bash(&format!("git -C {elsewhere} desk show {prefix}")),
        Vec::<String>::new()
    );
}

#[test]
fn zsh_completes_subcommands_ids_enums_sort_fields_and_teams() {
    if !have_shell("zsh") {
        return;
    }
    let c = Completing::new();
    for git in ["git desk", "git-desk"] {
        let subcommands = c.zsh(&format!("{git} "));
        assert!(
            has(&subcommands, "escalate") && has(&subcommands, "show"),
            "{git} <TAB>: {subcommands:?}"
        );
        assert_eq!(c.zsh(&format!("{git} esc")), ["escalate"]);
        let prefix = c.prefix(&c.printer);
        assert_eq!(
            c.zsh(&format!("{git} show {prefix}")),
            [c.short(&c.printer)]
        );
        assert_eq!(
            c.zsh(&format!("{git} set {} urgency=l", c.short(&c.vpn))),
            ["urgency=low"]
        );
        assert_eq!(c.zsh(&format!("{git} ls status:op")), ["status:open"]);
        assert_eq!(c.zsh(&format!("{git} ls --sort tie")), ["tier"]);
        assert_eq!(
            c.zsh(&format!("{git} assign {} --team netw", c.short(&c.vpn))),
            ["network-ops"]
        );
    }
}

#[test]
fn fish_completes_git_desk_and_git_dash_desk() {
    if !have_shell("fish") {
        return;
    }
    let c = Completing::new();
    // In conf.d the script serves `git desk` on every fish (3.6.0's git completion does
    // not hand it over) and `git-desk`.
    for git in ["git desk", "git-desk"] {
        let subcommands = c.fish("conf.d", &format!("{git} "));
        assert!(
            has(&subcommands, "escalate") && has(&subcommands, "show"),
            "{git} <TAB>: {subcommands:?}"
        );
        assert_eq!(c.fish("conf.d", &format!("{git} esc")), ["escalate"]);
        let prefix = c.prefix(&c.vpn);
        assert_eq!(
            c.fish("conf.d", &format!("{git} show {prefix}")),
            [c.short(&c.vpn)]
        );
        assert_eq!(
            c.fish(
                "conf.d",
                &format!("{git} set {} priority=P", c.short(&c.vpn))
            ),
            [
                "priority=P1",
                "priority=P2",
                "priority=P3",
                "priority=P4",
                "priority=P5"
            ]
        );
        assert_eq!(
            c.fish("conf.d", &format!("{git} ls -- -sla:br")),
            ["-sla:breached"]
        );
        assert_eq!(
            c.fish("conf.d", &format!("{git} ls --sort ser")),
            ["service"]
        );
        assert_eq!(
            c.fish("conf.d", &format!("{git} ls team:netw")),
            ["team:network-ops"]
        );
    }
    // `git de<TAB>` offers desk
    assert!(has(&c.fish("conf.d", "git de"), "desk"));
    // Installed among completions, fish loads it for `git-desk`.
    assert_eq!(c.fish("completions", "git-desk esc"), ["escalate"]);
    assert_eq!(
        c.fish("completions", "git-desk escalate x --to "),
        ["0", "1", "2", "3", "4"]
    );
}

#[test]
fn candidates_show_titles_without_control_characters() {
    let desk = TestDesk::new();
    let id = desk.new_ticket("Evil \u{1b}]0;pwned\u{7} title", &["--no-kb"]);
    let out = desk.run_ok(&["__complete", "fish", "--", "show", &id[..4]]);
    assert!(out.contains("Evil") && out.contains("title"), "{out:?}");
    assert!(!out.contains(['\u{1b}', '\u{7}']), "{out:?}");
}
