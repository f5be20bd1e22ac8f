//! `git desk vendor`: hand tickets to an outside vendor (Level 4) and track follow-ups.

use anyhow::Result;
use chrono::NaiveDate;
use clap::Args;

use git_desk::model::Vendor;
use git_desk::workflow::Change;

use super::targets::{self, collect_ids, TargetOpts};
use super::{usage, Session};

/// Hand tickets to an outside vendor: tier 4 with its team, the vendor's name, their
/// ticket reference and the contract, status pending (vendor), which pauses the SLA.
/// On a ticket already with a vendor, --follow-up DATE moves the follow-up date (see
/// `git desk ls followup:due`); record a vendor's update as a comment.
#[derive(Args, Debug)]
pub struct VendorArgs {
    /// Ticket ids (any unique prefix)
    #[arg(value_name = "ID")]
    pub ids: Vec<String>,
    /// The vendor
    #[arg(long, value_name = "V")]
    pub name: Option<String>,
    /// The vendor's ticket reference
    #[arg(long = "ref", value_name = "VENDOR-TICKET")]
    pub reference: Option<String>,
    /// The support contract
    #[arg(long, value_name = "C")]
    pub contract: Option<String>,
    /// When to chase the vendor (YYYY-MM-DD)
    #[arg(long = "follow-up", value_name = "DATE")]
    pub follow_up: Option<String>,
    #[command(flatten)]
    pub opts: TargetOpts,
}

pub fn run(session: &Session, args: VendorArgs) -> Result<()> {
    let follow_up = args
        .follow_up
        .as_deref()
        .map(|d| {
            NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
                .map_err(|_| usage(format!("--follow-up '{d}' is not a date: use YYYY-MM-DD")))
        })
        .transpose()?;
    let clean = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let vendor = Vendor {
        name: clean(&args.name),
        reference: clean(&args.reference),
        contract: clean(&args.contract),
        follow_up,
    };
    if vendor == Vendor::default() {
        return Err(usage(
            "nothing to record: give --name (and --ref, --contract, --follow-up)",
        ));
    }
    let ids = collect_ids(&args.ids, &args.opts)?;
    targets::apply(session, ids, &args.opts, Change::Vendor(vendor))
}
