//! Articles read from a snapshot of the desk tree and written in a transaction.

use super::article::Article;
use super::slug::{article_path, invalid_slug, valid_slug, KB_DIR};
use crate::error::DeskError;
use crate::model::TicketId;
use crate::store::{Snapshot, Transaction};

/// The error for a slug with no article, when one was asked for by name.
fn no_article(slug: &str) -> DeskError {
    DeskError::Unknown {
        what: crate::error::Named::Article,
        name: slug.to_string(),
        known: Vec::new(),
    }
}

/// The error for an article file that cannot be read, with how to repair it.
pub(super) fn broken(path: &str, reason: String) -> DeskError {
    DeskError::invalid(format!(
        "{path} is broken: {reason}; repair it with `git desk kb edit` or plain git (git show desk:{path})"
    ))
}

/// An article from the bytes of its file at `path`.
pub(super) fn parse_file(slug: &str, path: &str, bytes: &[u8]) -> Result<Article, DeskError> {
    let text = std::str::from_utf8(bytes).map_err(|_| broken(path, "it is not UTF-8".into()))?;
    Article::parse(slug, text).map_err(|reason| broken(path, reason))
}

/// One article; bad input when there is none by that slug (or the slug is not one).
pub fn load(snapshot: &Snapshot<'_>, slug: &str) -> Result<Article, DeskError> {
    if !valid_slug(slug) {
        return Err(invalid_slug(slug));
    }
    let path = article_path(slug);
    match snapshot.file(&path)? {
        Some(bytes) => parse_file(slug, &path, &bytes),
        None => Err(no_article(slug)),
    }
}

/// Every article, in slug order, and the files that could not be read (not fatal: one
/// bad file never hides the others). Files not ending in `.md` are not articles.
pub fn load_all(snapshot: &Snapshot<'_>) -> Result<(Vec<Article>, Vec<DeskError>), DeskError> {
    let mut articles = Vec::new();
    let mut problems = Vec::new();
    for name in snapshot.file_names(KB_DIR)? {
        let Some(slug) = name.strip_suffix(".md") else {
            continue;
        };
        let path = article_path(slug);
        if !valid_slug(slug) {
            problems.push(broken(
                &path,
                "its name is not a valid slug (lower-case letters, digits, single dashes)".into(),
            ));
            continue;
        }
        let Some(bytes) = snapshot.file(&path)? else {
            continue;
        };
        match parse_file(slug, &path, &bytes) {
            Ok(a) => articles.push(a),
            Err(e) => problems.push(e),
        }
    }
    articles.sort_by(|a, b| a.slug.cmp(&b.slug));
    Ok((articles, problems))
}

/// Records on the article that a ticket links to it (the article side of `link --kb` and
/// `resolve --kb`), in the transaction. Missing article: a bad-input error.
pub fn link_ticket(
    tx: &mut Transaction<'_, '_>,
    slug: &str,
    ticket: &TicketId,
) -> Result<(), DeskError> {
    if !valid_slug(slug) {
        return Err(invalid_slug(slug));
    }
    let path = article_path(slug);
    let bytes = tx.file(&path)?.ok_or_else(|| no_article(slug))?;
    let mut article = parse_file(slug, &path, &bytes)?;
    if !article.tickets.iter().any(|t| t == ticket.as_str()) {
        article.tickets.push(ticket.to_string());
        tx.write_file(&path, article.to_markdown().into_bytes());
    }
    Ok(())
}
