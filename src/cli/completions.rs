//! `git desk completions`: shell completion scripts.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use clap_complete::Shell;

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

pub fn run(session: &Session, args: CompletionsArgs) -> Result<()> {
    let mut cmd = super::command();
    match args.out {
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let path = clap_complete::generate_to(args.shell, &mut cmd, "git-desk", &dir)
                .with_context(|| format!("cannot write completions into {}", dir.display()))?;
            session.out.info(format!("wrote {}", path.display()));
        }
        None => {
            // clap_complete panics on a failed write: render first, then write (a closed
            // pipe is an io::Error that main treats as success).
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut cmd, "git-desk", &mut script);
            std::io::stdout().lock().write_all(&script)?;
        }
    }
    Ok(())
}
