//! `git desk completions`: shell completion scripts.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use clap_complete::{Generator, Shell};

use super::Session;

/// Print the completion script for a shell, or write it into a directory (the copies in
/// the repository's completions/ are made this way).
#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, elvish or powershell
    #[arg(value_name = "SHELL")]
    pub shell: Shell,
    /// Write the script into DIR instead of printing it
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// git's own bash completion completes `git desk ...` by calling `_git_desk` with the
/// whole line (`git desk new --ti`); the function clap writes is `_git__desk`, called by
/// bash for `git-desk ...`. This hands the line over as if typed as `git-desk ...`.
const GIT_SUBCOMMAND_BASH: &str = r#"
# `git desk <TAB>`: git's completion calls _git_desk with the whole line.
_git_desk() {
    local -a COMP_WORDS=("git-desk" "${COMP_WORDS[@]:2}")
    local COMP_CWORD=$((COMP_CWORD - 1))
    _git__desk git-desk "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
}
"#;

pub fn run(session: &Session, args: CompletionsArgs) -> Result<()> {
    // clap_complete panics on a failed write: render first, then write (a closed pipe is
    // an io::Error that main treats as success).
    let script = script(args.shell);
    match args.out {
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let path = dir.join(args.shell.file_name("git-desk"));
            std::fs::write(&path, &script)
                .with_context(|| format!("cannot write {}", path.display()))?;
            session.out.info(format!("wrote {}", path.display()));
        }
        None => std::io::stdout().lock().write_all(&script)?,
    }
    Ok(())
}

/// The completion script for `shell`. For bash, clap_complete names the functions of
/// subcommands `git__subcmd__desk__...` but looks them up as `git__desk__...` when the
/// program's name has a dash, so nothing past the first word completed: the names are
/// made to agree, and git's `_git_desk` is added.
fn script(shell: Shell) -> Vec<u8> {
    let mut cmd = super::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "git-desk", &mut script);
    if shell != Shell::Bash {
        return script;
    }
    let text = String::from_utf8_lossy(&script).replace("git__subcmd__desk__", "git__desk__");
    let mut script = text.into_bytes();
    script.extend_from_slice(GIT_SUBCOMMAND_BASH.as_bytes());
    script
}
