//! `git desk portal build DIR`: the self-service site, written from the desk branch.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, Subcommand};

use git_desk::portal::{self, Material, Options};

use super::Session;

/// The self-service portal (Level 0): a static site of the public articles, the service
/// catalogue, current issues and how to get help, with search in the browser.
#[derive(Args, Debug)]
pub struct PortalArgs {
    #[command(subcommand)]
    command: PortalCommand,
}

#[derive(Subcommand, Debug)]
enum PortalCommand {
    /// Write the portal into a folder: static files any web host serves, or open from disk
    ///
    /// Only public material goes in: self-service articles, the service catalogue, open
    /// major incidents and known errors (title, status, workaround). No notes, comments,
    /// descriptions or people. The same desk gives the same files. DIR must be new, empty
    /// or a portal built before (it holds a .git-desk-portal file), which is replaced
    /// whole; a failed build leaves it as it was.
    Build(BuildArgs),
}

#[derive(Args, Debug)]
struct BuildArgs {
    /// The folder to write the site into
    #[arg(value_name = "DIR")]
    folder: PathBuf,
    /// The address the site will be served from, for pages' canonical links (links
    /// between pages stay relative)
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

/// Runs `portal`.
pub fn run(session: &Session, args: PortalArgs) -> Result<()> {
    match args.command {
        PortalCommand::Build(a) => run_build(session, a),
    }
}

fn run_build(session: &Session, args: BuildArgs) -> Result<()> {
    let base_url = args
        .base_url
        .as_deref()
        .map(portal::check_base_url)
        .transpose()?;
    let desk = session.desk()?;
    let snapshot = desk.snapshot()?;
    session.warn_about(&snapshot);
    let articles = super::kb::load_all(session, &snapshot)?;
    let set = snapshot.load_all()?;
    for broken in &set.broken {
        session.out.warn(broken.to_string());
    }
    let material = Material::from_desk(&snapshot.config, &articles, &set.tickets);
    let files = portal::build(&material, &Options { base_url });
    portal::write_site(&args.folder, &files)?;
    session.out.info(format!(
        "wrote {} files to {}: {} articles, {} services, {} current issues; open {}",
        files.len() + 1,
        args.folder.display(),
        material.articles.len(),
        material.config.services.len(),
        material.issues.len(),
        args.folder.join("index.html").display()
    ));
    Ok(())
}
