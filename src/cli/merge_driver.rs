//! `git desk merge-driver`: a git merge driver for the desk's files, so that a plain
//! `git merge` of two desk branches unites event logs, merges desk.toml by key and KB
//! articles by front matter and text, as `git desk sync` does. Installed by
//! `git desk init --merge-driver`.

use std::path::PathBuf;

use anyhow::{anyhow, Context, Result};
use clap::Args;

use git_desk::config::CONFIG_PATH;
use git_desk::kb::article_slug;
use git_desk::model::{Ticket, TicketId};
use git_desk::sync::merge::{merge_file_versions, ticket_path_id};

use super::{usage, Session};

/// Merge two versions of a desk file as `git desk sync` does: a ticket by uniting its
/// event logs, desk.toml by key, a KB article by front matter and text (git runs this as
/// `git-desk merge-driver %O %A %B %P`; the result replaces OURS). Exit 0 when merged,
/// 1 on a true conflict or when a version cannot be read (git then reports a conflict).
#[derive(Args, Debug)]
pub struct MergeDriverArgs {
    /// The common ancestor's version (%O; not needed to unite ticket logs)
    #[arg(value_name = "BASE")]
    pub base: PathBuf,
    /// Our version (%A), overwritten with the result
    #[arg(value_name = "OURS")]
    pub ours: PathBuf,
    /// Their version (%B)
    #[arg(value_name = "THEIRS")]
    pub theirs: PathBuf,
    /// The path in the tree (%P)
    #[arg(value_name = "PATH")]
    pub path: Option<String>,
}

pub fn run(session: &Session, args: MergeDriverArgs) -> Result<()> {
    let read = |p: &PathBuf| {
        std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))
    };
    let ours_text = read(&args.ours)?;
    let theirs_text = read(&args.theirs)?;
    if let Some(path) = args
        .path
        .as_deref()
        .filter(|p| *p == CONFIG_PATH || article_slug(p).is_some())
    {
        let base_text = read(&args.base)?;
        // git hands an empty base when both sides added the file.
        let base = (!base_text.is_empty()).then_some(base_text.as_str());
        let desk = session
            .desk()
            .context("the merge driver runs inside the repository being merged")?;
        let merged = merge_file_versions(&desk, path, base, &ours_text, &theirs_text)?
            .ok_or_else(|| {
                anyhow!("{path} was changed two ways on the two sides: reconcile it by hand (git shows the conflict)")
            })?;
        std::fs::write(&args.ours, merged)
            .with_context(|| format!("cannot write {}", args.ours.display()))?;
        return Ok(());
    }
    let id = match args.path.as_deref().and_then(ticket_path_id) {
        Some(id) => id,
        None => id_in(&ours_text).ok_or_else(|| {
            usage(format!(
                "{} is not a ticket file (no id): leave it to git's own merge",
                args.ours.display()
            ))
        })?,
    };
    // The desk's own priority matrix where there is one.
    let matrix = session
        .desk()
        .ok()
        .and_then(|d| d.snapshot().ok().map(|s| s.config.matrix))
        .unwrap_or_default();
    let parse = |text: &str, which: &str| {
        Ticket::from_toml(&id, text, &matrix).map_err(|reason| {
            usage(format!(
                "cannot merge {which} version of ticket {id}: {reason}"
            ))
        })
    };
    let united = Ticket::union(
        &parse(&ours_text, "our")?,
        &parse(&theirs_text, "their")?,
        &matrix,
    );
    std::fs::write(&args.ours, united.to_toml())
        .with_context(|| format!("cannot write {}", args.ours.display()))?;
    Ok(())
}

fn id_in(text: &str) -> Option<TicketId> {
    let table: toml::Table = toml::from_str(text).ok()?;
    TicketId::parse(table.get("id")?.as_str()?).ok()
}
