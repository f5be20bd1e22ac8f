//! `git desk comment`: a public update or an internal note.

use anyhow::Result;
use clap::Args;

use git_desk::workflow;

use super::targets::{collect_ids, BulkChange, TargetOpts};
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
    let text = args.message.clone().unwrap_or_default();
    let actions = workflow::comment(&text, args.internal)?;
    let verb = if args.internal { "note" } else { "comment" };
    BulkChange {
        verb,
        ids: collect_ids(&args.ids, &args.opts)?,
        opts: &args.opts,
    }
    .run(session, |_, _| Ok(actions.clone()), |_, _| String::new())
}
