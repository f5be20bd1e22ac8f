//! `git desk comment`: a public update or an internal note.

use anyhow::Result;
use clap::Args;

use git_desk::workflow::Change;

use super::targets::{self, collect_ids, TargetOpts};
use super::Session;

/// Add a public update (the customer sees it) or, with --internal, a note for staff.
#[derive(Args, Debug)]
pub struct CommentArgs {
    /// Ticket ids (any unique prefix)
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    /// The text
    #[arg(
        short = 'm',
        long = "message",
        value_name = "TEXT",
        allow_hyphen_values = true
    )]
    pub message: Option<String>,
    /// An internal note for staff, not a public update
    #[arg(long)]
    pub internal: bool,
    #[command(flatten)]
    pub opts: TargetOpts,
}

pub fn run(session: &Session, args: CommentArgs) -> Result<()> {
    let change = Change::Comment {
        text: args.message.clone().unwrap_or_default(),
        internal: args.internal,
    };
    change.check()?;
    let ids = collect_ids(&args.ids, &args.opts)?;
    targets::apply(session, ids, &args.opts, change)
}
