//! `git desk man`: the man pages, generated from the command definitions.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;

use super::Session;

/// Print the git-desk(1) man page, or write a page for every command into a directory
/// (the copies in the repository's man/ are made this way).
#[derive(Args, Debug)]
pub struct ManArgs {
    /// Write git-desk.1 and git-desk-COMMAND.1 into DIR instead of printing
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

pub fn run(session: &Session, args: ManArgs) -> Result<()> {
    let cmd = super::command();
    match args.out {
        Some(dir) => {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            clap_mangen::generate_to(cmd, &dir)
                .with_context(|| format!("cannot write man pages into {}", dir.display()))?;
            session
                .out
                .info(format!("wrote man pages into {}", dir.display()));
        }
        None => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut buf)?;
            use std::io::Write;
            std::io::stdout().lock().write_all(&buf)?;
        }
    }
    Ok(())
}
