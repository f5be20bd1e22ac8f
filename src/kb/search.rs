//! A ranked full-text search over articles, which other commands use to suggest an
//! article before a ticket is filed (deflection).
//!
//! Articles are searched through [`Terms`]: each article's distinct stems per part
//! (title, tags, text) with how often each occurs, as ids into one sorted list of every
//! stem, so that the stems a query word starts are one range of ids. The desk's own
//! articles are searched through the stored form of it ([`super::index`]), so a search
//! neither reads nor tokenises every article.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::article::Article;
use super::index::KbIndex;
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

/// How much a word in each part of an article counts: title, tags, text.
const PART_WEIGHTS: [f64; 3] = [3.0, 2.0, 1.0];
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

/// One article as the search sees it: its slug and title, and per part (title, tags,
/// text) its distinct stems with how often each occurs, sorted by stem.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Analysed {
    pub(super) slug: String,
    pub(super) title: String,
    pub(super) parts: [Vec<(String, u32)>; 3],
}

impl Analysed {
    /// Tokenises an article.
    pub(super) fn of(article: &Article) -> Analysed {
        Analysed {
            slug: article.slug.clone(),
            title: article.title.clone(),
            parts: [
                stem_counts(std::iter::once(article.title.as_str())),
                stem_counts(article.tags.iter().map(String::as_str)),
                stem_counts(std::iter::once(article.body.as_str())),
            ],
        }
    }
}

/// The distinct stems of some text with how often each occurs, sorted.
fn stem_counts<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<(String, u32)> {
    let mut counts: HashMap<String, u32> = HashMap::new();
    for text in texts {
        for t in tokens(text) {
            *counts.entry(t).or_default() += 1;
        }
    }
    let mut terms: Vec<(String, u32)> = counts.into_iter().collect();
    terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    terms
}

/// A set of articles in searchable form: every stem once, sorted, and each article's
/// parts as `(stem id, occurrences)` sorted by id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(super) struct Terms {
    stems: Vec<String>,
    docs: Vec<Doc>,
}

/// One article in [`Terms`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Doc {
    slug: String,
    title: String,
    parts: [Vec<(u32, u32)>; 3],
}

impl Terms {
    /// The searchable form of `articles`, in their order.
    pub(super) fn new(articles: Vec<Analysed>) -> Terms {
        let all: BTreeSet<&str> = articles
            .iter()
            .flat_map(|a| a.parts.iter().flatten().map(|(s, _)| s.as_str()))
            .collect();
        let ids: HashMap<&str, u32> = all
            .iter()
            .enumerate()
            .map(|(i, s)| (*s, i as u32))
            .collect();
        let docs = articles
            .iter()
            .map(|a| Doc {
                slug: a.slug.clone(),
                title: a.title.clone(),
                // Stems sorted by text are sorted by id too: ids follow the sorted stems.
                parts: a
                    .parts
                    .clone()
                    .map(|part| part.iter().map(|(s, n)| (ids[s.as_str()], *n)).collect()),
            })
            .collect();
        Terms {
            stems: all.into_iter().map(str::to_string).collect(),
            docs,
        }
    }

    /// How many articles.
    pub(super) fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether every stem id names a stem (a stored form that decodes may still not).
    pub(super) fn is_consistent(&self) -> bool {
        let n = self.stems.len() as u64;
        self.docs
            .iter()
            .flat_map(|d| d.parts.iter().flatten())
            .all(|(id, _)| u64::from(*id) < n)
    }

    /// Article `i` back in its tokenised form (to reuse it in a new [`Terms`]).
    pub(super) fn analysed(&self, i: usize) -> Analysed {
        let doc = &self.docs[i];
        Analysed {
            slug: doc.slug.clone(),
            title: doc.title.clone(),
            parts: doc.parts.clone().map(|part| {
                part.iter()
                    .map(|(id, n)| (self.stems[*id as usize].clone(), *n))
                    .collect()
            }),
        }
    }

    /// The ranking of [`search`], over these articles.
    pub(super) fn search(&self, words: &str) -> Vec<Hit> {
        let query = query_terms(words);
        if query.is_empty() || self.docs.is_empty() {
            return Vec::new();
        }
        // Per query word: the id of the stem itself, and the ids of the longer stems it
        // starts (contiguous, since the stems are sorted).
        let spans: Vec<(Option<u32>, Range<u32>)> =
            query.iter().map(|stem| self.span(stem)).collect();
        // Per document and query word: the weighted term frequency, before idf.
        let mut weights = vec![vec![0.0f64; query.len()]; self.docs.len()];
        let mut df = vec![0usize; query.len()];
        for (d, doc) in self.docs.iter().enumerate() {
            for (q, (exact, longer)) in spans.iter().enumerate() {
                let mut w = 0.0;
                for (part, weight) in doc.parts.iter().zip(PART_WEIGHTS) {
                    let (exact, longer) = counts(part, *exact, longer);
                    w += weight * (damp(exact) + PREFIX_WEIGHT * damp(longer));
                }
                if w > 0.0 {
                    df[q] += 1;
                    weights[d][q] = w;
                }
            }
        }
        let n = self.docs.len() as f64;
        let idf: Vec<f64> = df
            .iter()
            .map(|&df| (1.0 + (n - df as f64 + 0.5) / (df as f64 + 0.5)).ln())
            .collect();
        let mut hits: Vec<Hit> = self
            .docs
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
                    slug: doc.slug.clone(),
                    title: doc.title.clone(),
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

    /// The id of `stem` if some article has it, and the ids of the longer stems it is a
    /// prefix of (none for a word too short to match as a prefix).
    fn span(&self, stem: &str) -> (Option<u32>, Range<u32>) {
        let start = self.stems.partition_point(|t| t.as_str() < stem);
        let exact = self.stems.get(start).is_some_and(|t| t == stem);
        let longer = start + usize::from(exact);
        let end = if stem.chars().count() >= MIN_PREFIX_LEN {
            longer + self.stems[longer..].partition_point(|t| t.starts_with(stem))
        } else {
            longer
        };
        (exact.then_some(start as u32), longer as u32..end as u32)
    }
}

/// Occurrences in one part of the stem `exact`, and of the stems with ids in `longer`.
fn counts(part: &[(u32, u32)], exact: Option<u32>, longer: &Range<u32>) -> (u32, u32) {
    let exact = exact
        .and_then(|id| part.binary_search_by_key(&id, |(i, _)| *i).ok())
        .map_or(0, |i| part[i].1);
    let from = part.partition_point(|(i, _)| *i < longer.start);
    let longer = part[from..]
        .iter()
        .take_while(|(i, _)| *i < longer.end)
        .map(|(_, n)| n)
        .sum();
    (exact, longer)
}

/// Ranks `articles` against `words`: best first, ties by slug, only scores above zero.
///
/// Title words count 3, tags 2, body 1; repeats add less and less (1 + ln tf); a word
/// few articles have counts more (idf); a query word of three or more letters also
/// matches the start of longer words, for less; the sum is scaled by the share of query
/// words an article matches, and an article matching every one gets a bonus.
pub fn search(articles: &[Article], words: &str) -> Vec<Hit> {
    Terms::new(articles.iter().map(Analysed::of).collect()).search(words)
}

/// Articles of the desk matching `words`, best first, at most `limit`: for `git desk
/// new` and others to offer before a ticket is filed. Broken articles are skipped. Read
/// through the knowledge base's index, which is brought up to date first.
pub fn suggest(snapshot: &Snapshot<'_>, words: &str, limit: usize) -> Result<Vec<Hit>, DeskError> {
    let mut hits = KbIndex::of(snapshot)?.search(words);
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
    fn search_ranks_among_thousands_of_articles() {
        let base = fixtures();
        let many: Vec<Article> = (0..4000)
            .map(|i| {
                let mut a = base[i % base.len()].clone();
                a.slug = format!("{}-{i}", a.slug);
                a
            })
            .collect();
        let hits = search(&many, "printer paper jam");
        assert!(hits[0].slug.starts_with("printer-paper-jam-"));
        // Eighty copies of the same article score alike and come by slug.
        let jams: Vec<&Hit> = hits
            .iter()
            .filter(|h| h.slug.starts_with("printer-paper-jam-"))
            .collect();
        assert_eq!(jams.len(), 80);
        assert!(jams.iter().all(|h| h.score == jams[0].score));
        assert!(hits[..80].windows(2).all(|w| w[0].slug < w[1].slug));
    }
}
