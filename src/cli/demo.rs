//! `git desk demo`: a demo desk repository with tickets at every tier.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use super::Session;

/// Create a demo desk repository (a few dozen realistic tickets across tiers 0-4, with
/// comments, escalations and resolutions), then list it.
#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Where to create it (must not exist or be empty)
    #[arg(value_name = "DIR", default_value = "git-desk-demo")]
    pub dir: PathBuf,
}

pub fn run(_session: &Session, _args: DemoArgs) -> Result<()> {
    anyhow::bail!("demo is being written")
}
