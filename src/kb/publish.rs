//! Publishing a ticket's root-cause analysis (or resolution) as an article.

use super::article::{Article, Visibility};
use super::slug::{article_path, invalid_slug, slug_taken, slugify, valid_slug};
use super::store::link_ticket;
use crate::error::DeskError;
use crate::model::{Action, Relation, Ticket, TicketId, Tier};
use crate::store::Transaction;
use crate::workflow::clean_labels;

/// The article's body from what Level 3 found, or from how the ticket was resolved.
fn publication(t: &Ticket) -> Option<String> {
    let mut body = String::new();
    let mut section = |heading: &str, text: Option<&str>| {
        if let Some(text) = text.map(str::trim).filter(|x| !x.is_empty()) {
            body.push_str(&format!("## {heading}\n\n{text}\n\n"));
        }
    };
    if !t.rca.is_empty() {
        section("Symptoms", t.rca.symptoms.as_deref());
        section("Cause", t.rca.root_cause.as_deref());
        section("Workaround", t.rca.workaround.as_deref());
        section("Fix", t.rca.fix.as_deref().or(t.resolution.as_deref()));
    } else if let Some(resolution) = &t.resolution {
        let problem = if t.description.trim().is_empty() {
            &t.title
        } else {
            &t.description
        };
        section("Problem", Some(problem));
        section("Resolution", Some(resolution));
    }
    (!body.is_empty()).then_some(body)
}

/// `git desk kb publish`: turns a ticket's RCA (or resolution) into an article for Levels
/// 1 and 2 (tier 1), internal until marked public, tagged with its labels and service, linked both ways with the ticket
/// and, for a problem, its incidents. Written in the transaction; returns the slug.
pub fn publish(
    tx: &mut Transaction<'_, '_>,
    id: &TicketId,
    slug: Option<&str>,
    extra_tags: &[String],
) -> Result<String, DeskError> {
    // It records on tickets, as `link` does, which permissions may check.
    tx.snapshot().config.rules()?;
    let t = tx.ticket(id)?.clone();
    let body = publication(&t).ok_or_else(|| {
        DeskError::invalid(format!(
            "nothing to publish from {}: record a root-cause analysis (`git desk rca`) or resolve it first",
            &id.as_str()[..8]
        ))
    })?;
    let slug = slug
        .map(str::to_string)
        .unwrap_or_else(|| slugify(&t.title));
    if !valid_slug(&slug) {
        return Err(invalid_slug(&slug));
    }
    if tx.file(&article_path(&slug))?.is_some() {
        return Err(slug_taken(&slug));
    }
    let mut article = Article::new(
        slug.clone(),
        t.title.clone(),
        tx.actor().email.clone(),
        tx.now(),
    );
    article.tier = Tier::SERVICE_DESK;
    // Copied from a ticket (an RCA, a description that may name people): staff only,
    // until someone reads it through and marks it public with `kb edit`.
    article.visibility = Visibility::Internal;
    let mut tags = t.labels.clone();
    tags.extend(t.service.clone());
    tags.extend(extra_tags.iter().cloned());
    article.tags = clean_labels(tags.iter().map(String::as_str))?;
    article.body = body;
    tx.write_file(&article.path(), article.to_markdown().into_bytes());
    let mut linked = vec![id.clone()];
    linked.extend(t.incidents.iter().filter_map(|i| TicketId::parse(i).ok()));
    for ticket in &linked {
        if !tx.snapshot().contains(ticket)? {
            continue;
        }
        link_ticket(tx, &slug, ticket)?;
        if !tx.ticket(ticket)?.kb.contains(&slug) {
            tx.record(
                ticket,
                Action::Linked {
                    relation: Relation::Kb,
                    target: slug.clone(),
                },
            )?;
        }
    }
    Ok(slug)
}
