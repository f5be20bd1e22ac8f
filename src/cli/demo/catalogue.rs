//! The demo's catalogue and offices: two sites on their own working hours, the services
//! with category, cost and the sites they are offered at, and the self-service portal
//! built beside the demo desk as `git desk portal build` builds it.

use std::path::Path;

use anyhow::Result;
use chrono::{DateTime, Utc};

use git_desk::config::CONFIG_PATH;
use git_desk::kb;
use git_desk::portal::{self, Material, Options};
use git_desk::store::Desk;
use git_desk::workflow::Change;

use super::scenario::ALICE;

/// What the demo adds to the default desk.toml before the first ticket: the offices,
/// their calendars and the service catalogue. Laptops are fixed on site, so their SLA
/// runs in the working hours of the office the ticket comes from.
const CATALOGUE: &str = r#"
# Two offices, each on its own working hours.
[calendars.berlin]
timezone = "Europe/Berlin"
days = ["mon-fri"]
hours = "08:00-17:00"
holidays = [2026-12-24, 2026-12-25, 2026-12-26]

[calendars.newyork]
timezone = "America/New_York"
days = ["mon-fri"]
hours = "09:00-18:00"
holidays = [2026-11-26, 2026-12-25]

[sites.berlin]
name = "Berlin office"
calendar = "berlin"
address = "Invalidenstraße 12, 10115 Berlin"

[sites.nyc]
name = "New York office"
calendar = "newyork"
address = "250 Hudson Street, New York, NY 10013"
team = "tech-support"

# The service catalogue: what the desk looks after, who runs it, what it costs.
[services.identity]
description = "Accounts, passwords, MFA and access to shares"
team = "service-desk"
category = "Accounts"
cost = "free"

[services.email]
description = "Mail, calendars and Outlook on laptops and phones"
team = "tech-support"
category = "Communication"
cost = "6 EUR per user"

[services.vpn]
description = "Remote access to the office network"
team = "tech-support"
category = "Communication"
cost = "4 EUR per user"
sla = { response = "30m", resolution = "4h", calendar = "24x7" }

[services.laptops]
description = "A laptop, set up, kept up to date and repaired on site"
team = "tech-support"
category = "Hardware"
cost = "40 EUR per month"
sites = ["berlin", "nyc"]
sla = { response = "2h", resolution = "2d", calendar = "site" }

[services.printing]
description = "Office printers, scanners and their supplies"
team = "service-desk"
category = "Hardware"
cost = "free"
sites = ["berlin", "nyc"]

[services.meeting-rooms]
description = "Screens, cameras and audio in the meeting rooms"
team = "service-desk"
category = "Hardware"
cost = "free"
sites = ["berlin"]

[services.network]
description = "Office network, Wi-Fi and certificates"
team = "tech-support"
category = "Infrastructure"
cost = "free"

[services.erp]
description = "SAP: finance, invoicing and reports"
team = "engineering"
category = "Business applications"
cost = "25 EUR per user"

[services.build]
description = "Build servers for the development teams"
team = "engineering"
category = "Infrastructure"
cost = "120 EUR per month"
"#;

/// Adds the offices and the catalogue to the desk's desk.toml at `at`, as `git desk
/// config edit` does: one commit.
pub(super) fn open_offices(desk: &Desk, at: DateTime<Utc>) -> Result<()> {
    let text = String::from_utf8(desk.snapshot()?.file(CONFIG_PATH)?.unwrap_or_default())?;
    let config = Change::Config {
        text: format!("{text}{CATALOGUE}"),
    };
    desk.apply(&ALICE.actor(), at, &[], &config, false)?;
    Ok(())
}

/// Builds the self-service portal of the desk into `folder`, as `git desk portal build`
/// does; the number of files written.
pub(super) fn build_portal(desk: &Desk, folder: &Path) -> Result<usize> {
    let snapshot = desk.snapshot()?;
    let (articles, _broken) = kb::load_all(&snapshot)?;
    let set = snapshot.load_all()?;
    let material = Material::from_desk(&snapshot.config, &articles, &set.tickets);
    let files = portal::build(&material, &Options { base_url: None });
    portal::write_site(folder, &files)?;
    Ok(files.len())
}
