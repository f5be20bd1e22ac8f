//! `git desk rate`: customer satisfaction on a resolved ticket.

use anyhow::Result;
use clap::Args;

use git_desk::workflow::Change;

use super::targets::{self, TargetOpts};
use super::{usage, Session};

/// Record customer satisfaction, 1 (very unhappy) to 5 (very happy), on a resolved or
/// closed ticket. Anyone may rate (typically the reporter).
#[derive(Args, Debug)]
pub struct RateArgs {
    /// The ticket id (any unique prefix)
    #[arg(value_name = "ID")]
    pub id: String,
    /// 1-5
    #[arg(value_name = "SCORE", allow_hyphen_values = true)]
    pub score: String,
    /// What the customer said
    #[arg(
        short = 'm',
        long = "message",
        value_name = "TEXT",
        allow_hyphen_values = true
    )]
    pub message: Option<String>,
}

pub fn run(session: &Session, args: RateArgs) -> Result<()> {
    let score: i64 = args.score.trim().parse().map_err(|_| {
        usage(format!(
            "a rating is a number from 1 to 5, not '{}'",
            args.score
        ))
    })?;
    let opts = TargetOpts {
        stdin: false,
        dry_run: false,
        yes: true,
        skip_invalid: false,
        verbose: false,
    };
    let change = Change::Rate {
        score,
        comment: args.message,
    };
    targets::apply(session, vec![args.id], &opts, change)
}
