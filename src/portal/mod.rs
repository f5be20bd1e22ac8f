//! The self-service portal (Level 0): a static site built from the desk branch that any
//! static host serves, or a browser opens from disk. Home, one page per public article,
//! the service catalogue, current issues, how to get help, and a search run in the
//! browser from an index built here. No request leaves the site, and the same desk gives
//! the same bytes (no clock, no randomness, everything in sorted order).
//!
//! Only public material is chosen ([`Material::from_desk`]): articles written for
//! self-service, the catalogue, and of tickets only open major incidents and known
//! errors, by title, status and workaround. Descriptions, comments, notes, reporters and
//! anyone's address never reach a page.

mod html;
mod index;
mod markdown;
mod pages;
mod write;

use chrono::{DateTime, Utc};

use crate::config::DeskConfig;
use crate::error::DeskError;
use crate::kb::Article;
use crate::model::{Status, Ticket};
pub use write::{write_site, MARKER};

/// What the portal is built from: the desk's public material, chosen from its tree.
#[derive(Debug, Clone)]
pub struct Material<'a> {
    /// The configuration (name, services, SLA policies, `[mail]`).
    pub config: &'a DeskConfig,
    /// The public articles, in slug order.
    pub articles: Vec<&'a Article>,
    /// The open major incidents and known errors, oldest first.
    pub issues: Vec<CurrentIssue>,
}

/// An open major incident or known error, as customers may see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CurrentIssue {
    /// The ticket's title.
    pub title: String,
    /// `major incident` or `known error`.
    pub kind: IssueKind,
    /// Where it stands, in customers' words.
    pub status: &'static str,
    /// The service it affects, when the catalogue has it.
    pub service: Option<String>,
    /// Since when.
    pub since: DateTime<Utc>,
    /// How to live with it until it is fixed (Markdown), when one is published.
    pub workaround: Option<String>,
    /// Its anchor on the current-issues page.
    pub anchor: String,
}

/// What a current issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueKind {
    /// An outage or degradation affecting many.
    MajorIncident,
    /// A problem whose cause is known, with or without a workaround.
    KnownError,
}

/// Whether an article may be shown to everyone: its `visibility` says so (public by
/// default when written at tiers 0-1; internal when published from a ticket until someone
/// marks it public).
pub fn is_public(article: &Article) -> bool {
    article.visibility == crate::kb::Visibility::Public
}

impl<'a> Material<'a> {
    /// The public material of a desk: its configuration, its articles and tickets.
    pub fn from_desk(
        config: &'a DeskConfig,
        articles: &'a [Article],
        tickets: &[Ticket],
    ) -> Material<'a> {
        let articles = articles.iter().filter(|a| is_public(a)).collect();
        let mut issues: Vec<CurrentIssue> = tickets
            .iter()
            .filter(|t| t.status.is_active() && (t.major || t.known_error))
            .map(|t| current_issue(config, t))
            .collect();
        issues.sort_by(|a, b| (a.since, &a.anchor).cmp(&(b.since, &b.anchor)));
        Material {
            config,
            articles,
            issues,
        }
    }
}

fn current_issue(config: &DeskConfig, t: &Ticket) -> CurrentIssue {
    let workaround = t
        .rca
        .workaround
        .as_ref()
        .map(|w| w.trim().to_string())
        .filter(|w| !w.is_empty());
    let kind = if t.major {
        IssueKind::MajorIncident
    } else {
        IssueKind::KnownError
    };
    let status = match (kind, t.status, workaround.is_some()) {
        (IssueKind::KnownError, _, true) => "Known error: a workaround is available",
        (IssueKind::KnownError, _, false) => "Known error: being worked on",
        (_, Status::New | Status::Open, _) => "Investigating",
        (_, Status::Pending, _) => "Waiting on a supplier",
        _ => "Being fixed",
    };
    CurrentIssue {
        title: t.title.clone(),
        kind,
        status,
        // Only a service of the catalogue: a free-text one could be anything.
        service: t
            .service
            .clone()
            .filter(|s| config.services.contains_key(s)),
        since: t.created,
        workaround,
        anchor: format!("issue-{}", t.id.as_str()),
    }
}

/// Options of a build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The public address the site will be served from (`https://help.example.com/`):
    /// pages name their canonical address and a sitemap is written. Links stay relative.
    pub base_url: Option<String>,
}

/// Checks a `--base-url`: an `http` or `https` address with a host and nothing that would
/// need escaping; returned ending in `/`.
pub fn check_base_url(url: &str) -> Result<String, DeskError> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    let ok = rest.is_some_and(|r| {
        !r.is_empty()
            && !r.starts_with('/')
            && r.chars()
                .all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '<' | '>' | '\\' | '?' | '#'))
    });
    if !ok {
        return Err(DeskError::invalid(format!(
            "--base-url '{url}' is not a web address: give one like https://help.example.com/"
        )));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

/// Builds the site: each file's path in the site and its bytes, in path order.
pub fn build(material: &Material<'_>, options: &Options) -> Vec<(String, Vec<u8>)> {
    let mut files = pages::all(material, options.base_url.as_deref());
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}
