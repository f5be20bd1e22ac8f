//! A ranked full-text search over articles, which other commands use to suggest an
//! article before a ticket is filed (deflection).

use std::collections::HashMap;

use super::article::Article;
use super::store::load_all;
use crate::error::DeskError;
use crate::store::Snapshot;

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The article's slug.
    pub slug: String,
    /// Its title.
    pub title: String,
    /// How well it matches; higher is better, always above zero.
    pub score: f64,
}

/// How much a word in each part of an article counts.
const TITLE_WEIGHT: f64 = 3.0;
const TAG_WEIGHT: f64 = 2.0;
const BODY_WEIGHT: f64 = 1.0;
/// A query word that only starts a document word counts this much of an exact match.
const PREFIX_WEIGHT: f64 = 0.4;
/// Query words shorter than this never match as a prefix.
const MIN_PREFIX_LEN: usize = 3;
/// The factor for an article that matches every query word.
const ALL_WORDS_BONUS: f64 = 1.5;

/// Words too common to say anything about what an article is for.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "cannot", "do", "does", "for",
    "from", "get", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my",
    "no", "not", "of", "on", "or", "our", "so", "that", "the", "their", "then", "there", "this",
    "to", "up", "was", "we", "what", "when", "where", "which", "who", "why", "will", "with", "won",
    "you", "your",
];

/// The distinct stems of one part of an article, sorted (so a prefix is a range), with
/// how often each occurs.
struct Field {
    terms: Vec<(String, u32)>,
}

impl Field {
    fn new<'a>(words: impl Iterator<Item = &'a str>) -> Field {
        let mut counts: HashMap<String, u32> = HashMap::new();
        for w in words {
            for t in tokens(w) {
                *counts.entry(t).or_default() += 1;
            }
        }
        let mut terms: Vec<(String, u32)> = counts.into_iter().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        Field { terms }
    }

    /// Occurrences of `stem` exactly, and of longer words starting with it.
    fn counts(&self, stem: &str, prefix: bool) -> (u32, u32) {
        let start = self.terms.partition_point(|(t, _)| t.as_str() < stem);
        let mut exact = 0;
        let mut longer = 0;
        for (t, n) in &self.terms[start..] {
            if t == stem {
                exact = *n;
            } else if prefix && t.starts_with(stem) {
                longer += n;
            } else {
                break;
            }
        }
        (exact, longer)
    }
}

/// The searchable form of one article.
struct Doc<'a> {
    article: &'a Article,
    fields: [(Field, f64); 3],
}

/// Ranks `articles` against `words`: best first, ties by slug, only scores above zero.
///
/// Title words count 3, tags 2, body 1; repeats add less and less (1 + ln tf); a word
/// few articles have counts more (idf); a query word of three or more letters also
/// matches the start of longer words, for less; the sum is scaled by the share of query
/// words an article matches, and an article matching every one gets a bonus.
pub fn search(articles: &[Article], words: &str) -> Vec<Hit> {
    let query = query_terms(words);
    if query.is_empty() || articles.is_empty() {
        return Vec::new();
    }
    let docs: Vec<Doc<'_>> = articles
        .iter()
        .map(|a| Doc {
            article: a,
            fields: [
                (Field::new(std::iter::once(a.title.as_str())), TITLE_WEIGHT),
                (Field::new(a.tags.iter().map(String::as_str)), TAG_WEIGHT),
                (Field::new(std::iter::once(a.body.as_str())), BODY_WEIGHT),
            ],
        })
        .collect();
    // Per document and query word: the weighted term frequency, before idf.
    let mut weights = vec![vec![0.0f64; query.len()]; docs.len()];
    let mut df = vec![0usize; query.len()];
    for (d, doc) in docs.iter().enumerate() {
        for (q, stem) in query.iter().enumerate() {
            let prefix = stem.chars().count() >= MIN_PREFIX_LEN;
            let mut w = 0.0;
            for (field, weight) in &doc.fields {
                let (exact, longer) = field.counts(stem, prefix);
                w += weight * (damp(exact) + PREFIX_WEIGHT * damp(longer));
            }
            if w > 0.0 {
                df[q] += 1;
                weights[d][q] = w;
            }
        }
    }
    let n = docs.len() as f64;
    let idf: Vec<f64> = df
        .iter()
        .map(|&df| (1.0 + (n - df as f64 + 0.5) / (df as f64 + 0.5)).ln())
        .collect();
    let mut hits: Vec<Hit> = docs
        .iter()
        .zip(&weights)
        .filter_map(|(doc, w)| {
            let matched = w.iter().filter(|x| **x > 0.0).count();
            if matched == 0 {
                return None;
            }
            let mut score: f64 = w.iter().zip(&idf).map(|(w, idf)| w * idf).sum();
            // Articles that match more of the query's words are about more of it.
            score *= matched as f64 / query.len() as f64;
            if matched == query.len() && query.len() > 1 {
                score *= ALL_WORDS_BONUS;
            }
            Some(Hit {
                slug: doc.article.slug.clone(),
                title: doc.article.title.clone(),
                score,
            })
        })
        .filter(|h| h.score > 0.0)
        .collect();
    hits.sort_by(|a, b| {
        b.score
            .partial_cmp(&a.score)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.slug.cmp(&b.slug))
    });
    hits
}

/// Articles matching `words`, best first, at most `limit`: for `git desk new` and others
/// to offer before a ticket is filed. Broken articles are skipped.
pub fn suggest(snapshot: &Snapshot<'_>, words: &str, limit: usize) -> Result<Vec<Hit>, DeskError> {
    let (articles, _) = load_all(snapshot)?;
    let mut hits = search(&articles, words);
    hits.truncate(limit);
    Ok(hits)
}

/// Diminishing returns for repeats: 0, 1, 1.69, 2.10, ...
fn damp(tf: u32) -> f64 {
    if tf == 0 {
        0.0
    } else {
        1.0 + f64::from(tf).ln()
    }
}

/// The distinct stems of a query, without stop words (unless that leaves nothing).
fn query_terms(words: &str) -> Vec<String> {
    let all: Vec<String> = tokenize(words);
    let meaningful: Vec<&String> = all
        .iter()
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .collect();
    let chosen: Vec<&String> = if meaningful.is_empty() {
        all.iter().collect()
    } else {
        meaningful
    };
    let mut out: Vec<String> = Vec::new();
    for w in chosen {
        let s = stem(w);
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Lower-case alphanumeric words.
fn tokenize(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Stems of the words of a text.
fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| stem(&w.to_lowercase()))
}

/// A light English stemmer: enough that "printing", "printers", "printed" and "printer"
/// all become "print". Words with digits and short words are left alone.
pub fn stem(word: &str) -> String {
    if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return word.to_string();
    }
    let mut w = word.to_string();
    // Plurals.
    if w.ends_with("ies") && w.len() > 4 {
        w.truncate(w.len() - 3);
        w.push('y');
    } else if w.ends_with("sses") {
        w.truncate(w.len() - 2);
    } else if w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") && !w.ends_with("is") {
        w.pop();
    }
    // One derivational or tense ending, keeping a stem of at least three letters.
    for (suffix, min_stem) in [("ing", 3), ("ed", 3), ("er", 3), ("ly", 4)] {
        if w.len() >= suffix.len() + min_stem && w.ends_with(suffix) {
            w.truncate(w.len() - suffix.len());
            // jammed -> jamm -> jam; but install, pass and buzz keep their pairs.
            let b = w.as_bytes();
            let n = b.len();
            if n >= 4 && b[n - 1] == b[n - 2] && !matches!(b[n - 1], b'l' | b's' | b'z' | b'e') {
                w.pop();
            }
            break;
        }
    }
    // update / updated, cache / caches, drive / driver.
    if w.len() > 4 && w.ends_with('e') {
        w.pop();
    }
    w
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};
    use toml::{Table, Value};

    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    /// The fixture set: fifty articles of a typical service desk.
    fn fixtures() -> Vec<Article> {
        let table: Table =
            toml::from_str(include_str!("../../tests/fixtures/kb/articles.toml")).unwrap();
        let Some(Value::Array(items)) = table.get("article") else {
            panic!("the fixture has [[article]] tables")
        };
        items
            .iter()
            .map(|item| {
                let t = item.as_table().unwrap();
                let s = |k: &str| t[k].as_str().unwrap().to_string();
                let mut a = Article::new(
                    s("slug"),
                    s("title"),
                    "kb@example.com",
                    at("2026-01-01T00:00:00Z"),
                );
                a.tags = t["tags"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_str().unwrap().to_string())
                    .collect();
                a.body = s("body");
                a
            })
            .collect()
    }

    fn first(articles: &[Article], query: &str) -> String {
        let hits = search(articles, query);
        assert!(!hits.is_empty(), "{query:?} finds something");
        hits[0].slug.clone()
    }

    #[test]
    fn the_stemmer_joins_word_forms() {
        for w in [
            "printing", "printers", "printed", "printer", "print", "prints",
        ] {
            assert_eq!(stem(w), "print", "{w}");
        }
        for (a, b) in [
            ("disconnects", "disconnecting"),
            ("dropped", "drops"),
            ("jammed", "jam"),
            ("syncing", "sync"),
            ("updated", "update"),
            ("caches", "cache"),
            ("passwords", "password"),
            ("batteries", "battery"),
            ("mailboxes", "mailbox"),
            ("settings", "set"),
            ("phones", "phone"),
            ("installed", "install"),
        ] {
            assert_eq!(stem(a), stem(b), "{a} ~ {b}");
        }
        for w in [
            "pass", "status", "access", "analysis", "user", "win11", "ping", "mfa",
        ] {
            assert_eq!(stem(w), w, "{w} stays");
        }
    }

    #[test]
    fn search_ranks_the_right_article_first() {
        let kb = fixtures();
        assert_eq!(kb.len(), 50);
        for (query, expected) in [
            ("printer paper jam", "printer-paper-jam"),
            ("reset password", "reset-your-password"),
            ("forgot my password", "reset-your-password"),
            ("vpn disconnects", "vpn-disconnects-every-few-minutes"),
            (
                "VPN keeps disconnecting",
                "vpn-disconnects-every-few-minutes",
            ),
            ("outlook calendar sync", "outlook-calendar-not-syncing"),
            ("mfa new phone", "mfa-new-phone"),
            ("sap password", "sap-login-failed"),
            ("install sap", "sap-gui-install"),
            ("wifi dropping", "wifi-drops-in-office"),
            ("teams sound", "teams-no-audio"),
            ("disk space full", "disk-space-low"),
            ("certificate expired", "certificate-expired-browser"),
            ("restore deleted file", "restore-deleted-file"),
            ("account locked", "account-locked-out"),
            ("laptop battery", "laptop-battery-drains"),
            ("printer offline", "printer-offline"),
            ("shared mailbox", "shared-mailbox-access"),
            ("phishing", "phishing-report"),
            ("second monitor black dock", "docking-station-monitors"),
            ("my laptop is slow", "disk-space-low"),
            ("email on my phone", "phone-email-setup"),
        ] {
            let hits = search(&kb, query);
            assert_eq!(
                hits.first().map(|h| h.slug.as_str()),
                Some(expected),
                "{query:?}: {:?}",
                hits.iter()
                    .take(3)
                    .map(|h| (&h.slug, h.score))
                    .collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn stems_and_prefixes_match() {
        let kb = fixtures();
        // "printing" finds the printer articles (stemmed to "print").
        let hits = search(&kb, "printing");
        let printer_articles = [
            "printer-paper-jam",
            "printer-offline",
            "install-printer-driver",
        ];
        for slug in printer_articles {
            assert!(
                hits.iter().take(5).any(|h| h.slug == slug),
                "{slug} among the first: {hits:?}"
            );
        }
        // "pass" is a prefix of "password": found, but worth less than the whole word.
        let prefix = search(&kb, "pass");
        assert!(
            prefix
                .iter()
                .take(3)
                .any(|h| h.slug == "reset-your-password"),
            "{prefix:?}"
        );
        let whole = search(&kb, "password");
        let score = |hits: &[Hit]| {
            hits.iter()
                .find(|h| h.slug == "reset-your-password")
                .unwrap()
                .score
        };
        assert!(score(&prefix) < score(&whole));
        // Two-letter words never match as prefixes.
        assert!(search(&kb, "pa").is_empty());
        // Case and punctuation do not matter.
        assert_eq!(
            first(&kb, "OUTLOOK, Calendar?!"),
            first(&kb, "outlook calendar")
        );
    }

    #[test]
    fn search_edge_cases() {
        let kb = fixtures();
        assert!(search(&kb, "").is_empty());
        assert!(search(&kb, "  ?! ").is_empty());
        assert!(search(&kb, "zyxwvut").is_empty());
        assert!(search(&[], "printer").is_empty());
        // Only stop words: they are searched rather than nothing.
        assert!(!search(&kb, "the").is_empty());
        // Every hit scores above zero, best first; equal scores go by slug.
        let hits = search(&kb, "laptop");
        assert!(hits.iter().all(|h| h.score > 0.0));
        assert!(hits.windows(2).all(
            |w| w[0].score > w[1].score || (w[0].score == w[1].score && w[0].slug < w[1].slug)
        ));
        let twins: Vec<Article> = ["b", "a", "c"]
            .iter()
            .map(|s| {
                let mut a = Article::new(*s, "Printer jam", "x@y", at("2026-01-01T00:00:00Z"));
                a.body = "Open the tray.".into();
                a
            })
            .collect();
        let slugs: Vec<String> = search(&twins, "printer")
            .into_iter()
            .map(|h| h.slug)
            .collect();
        assert_eq!(slugs, ["a", "b", "c"]);
    }

    #[test]
    fn search_is_fast_for_thousands_of_articles() {
        let base = fixtures();
        let many: Vec<Article> = (0..4000)
            .map(|i| {
                let mut a = base[i % base.len()].clone();
                a.slug = format!("{}-{i}", a.slug);
                a
            })
            .collect();
        let start = std::time::Instant::now();
        let hits = search(&many, "printer paper jam");
        let took = start.elapsed();
        assert!(hits[0].slug.starts_with("printer-paper-jam-"));
        // Generous for debug builds on a busy machine; release is far below.
        assert!(took.as_secs_f64() < 5.0, "{took:?}");
    }
}
