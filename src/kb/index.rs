//! The knowledge base's search index: every article tokenised once and kept in
//! `kb.index` beside the summary cache (`.git/desk/cache/<branch>/`), so that a
//! suggestion while filing reads one file instead of reading and tokenising every
//! article.
//!
//! It is never the source of truth. The file is keyed by the tree id of `kb/`: when the
//! tree differs (a new or edited article, a deflection, a fetch) it is brought up to date
//! by reading only the articles whose blob id changed. A file that is missing, truncated,
//! corrupt (checked by CRC) or written by another build is rebuilt silently; one that
//! cannot be written is not an error, the search is answered all the same.
//!
//! The file: `MAGIC`, the fingerprint (`u32`), the tree id (20 bytes), the postcard of
//! [`Stored`], then the CRC-32 of everything before it.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use git2::{ObjectType, Oid};
use serde::{Deserialize, Serialize};

use super::search::{Analysed, Hit, Terms};
use super::slug::{article_path, valid_slug, KB_DIR};
use super::store::{broken, parse_file};
use crate::error::DeskError;
use crate::store::Snapshot;

const MAGIC: &[u8; 8] = b"GDSKKBI1";
/// The index file's name in the cache directory.
const INDEX_FILE: &str = "kb.index";
const HEADER_LEN: usize = MAGIC.len() + 4 + 20;

/// The code the stored form depends on: the tokeniser and stemmer, the article format.
const ENCODING_SOURCE: [&str; 4] = [
    include_str!("search.rs"),
    include_str!("index.rs"),
    include_str!("article.rs"),
    include_str!("slug.rs"),
];

/// What this build writes and accepts.
fn fingerprint() -> u32 {
    let mut hasher = crc32fast::Hasher::new();
    for source in ENCODING_SOURCE {
        hasher.update(source.as_bytes());
    }
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.finalize()
}

/// The articles of one `kb/` tree in searchable form, and the files that are not
/// readable articles.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Stored {
    terms: Terms,
    /// The blob id of each article of `terms`, in its order.
    blobs: Vec<[u8; 20]>,
    /// Why each broken file cannot be read, in tree order.
    broken: Vec<String>,
}

/// The desk's articles, ready to search, as of one snapshot.
#[derive(Debug)]
pub struct KbIndex {
    stored: Stored,
}

impl KbIndex {
    /// The index of the snapshot's articles: read from the cache when it is current,
    /// otherwise brought up to date (reusing every unchanged article) and written back.
    /// A snapshot other than the branch tip is indexed in memory only.
    pub fn of(snapshot: &Snapshot<'_>) -> Result<KbIndex, DeskError> {
        let Some(tree) = kb_tree(snapshot)? else {
            return Ok(KbIndex {
                stored: Stored::default(),
            });
        };
        let file = snapshot
            .cache
            .as_ref()
            .map(|cache| cache.dir().join(INDEX_FILE));
        let fingerprint = fingerprint();
        let previous = file.as_deref().and_then(|f| read(f, fingerprint));
        if let Some((key, stored)) = previous {
            if key == tree {
                return Ok(KbIndex { stored });
            }
            let stored = build(snapshot, Some(stored))?;
            write(file.as_deref(), fingerprint, tree, &stored);
            return Ok(KbIndex { stored });
        }
        let stored = build(snapshot, None)?;
        write(file.as_deref(), fingerprint, tree, &stored);
        Ok(KbIndex { stored })
    }

    /// The articles matching `words`, ranked as [`super::search`] ranks them.
    pub fn search(&self, words: &str) -> Vec<Hit> {
        self.stored.terms.search(words)
    }

    /// The article files that could not be read, each with its reason and how to repair
    /// it, as [`super::load_all`] reports them.
    pub fn broken(&self) -> Vec<DeskError> {
        self.stored
            .broken
            .iter()
            .map(|reason| DeskError::invalid(reason.clone()))
            .collect()
    }
}

/// The id of the `kb/` tree, if there is one.
fn kb_tree(snapshot: &Snapshot<'_>) -> Result<Option<Oid>, DeskError> {
    let Some(root) = snapshot.tree() else {
        return Ok(None);
    };
    Ok(root
        .get_name(KB_DIR)
        .filter(|e| e.kind() == Some(ObjectType::Tree))
        .map(|e| e.id()))
}

/// Indexes the snapshot's articles as [`super::load_all`] reads them, taking each
/// article whose blob is unchanged from `previous` instead of reading it again.
fn build(snapshot: &Snapshot<'_>, previous: Option<Stored>) -> Result<Stored, DeskError> {
    let mut known: HashMap<[u8; 20], Analysed> = HashMap::new();
    if let Some(previous) = previous {
        for (i, blob) in previous.blobs.iter().enumerate() {
            known.insert(*blob, previous.terms.analysed(i));
        }
    }
    let mut articles = Vec::new();
    let mut blobs = Vec::new();
    let mut problems = Vec::new();
    for (name, blob) in snapshot.dir_files(KB_DIR)? {
        let Some(slug) = name.strip_suffix(".md") else {
            continue;
        };
        let path = article_path(slug);
        if !valid_slug(slug) {
            problems.push(
                broken(
                    &path,
                    "its name is not a valid slug (lower-case letters, digits, single dashes)"
                        .into(),
                )
                .to_string(),
            );
            continue;
        }
        let key: [u8; 20] = blob.as_bytes().try_into().expect("a SHA-1 object id");
        let analysed = match known.remove(&key) {
            Some(mut a) => {
                // The same text under another name (a renamed file) is that name's.
                a.slug = slug.to_string();
                a
            }
            None => match parse_file(slug, &path, &snapshot.blob(blob)?) {
                Ok(article) => Analysed::of(&article),
                Err(e) => {
                    problems.push(e.to_string());
                    continue;
                }
            },
        };
        articles.push(analysed);
        blobs.push(key);
    }
    Ok(Stored {
        terms: Terms::new(articles),
        blobs,
        broken: problems,
    })
}

/// The stored index and the tree it is of, if `file` is whole and of this build.
fn read(file: &Path, fingerprint: u32) -> Option<(Oid, Stored)> {
    let bytes = std::fs::read(file).ok()?;
    if bytes.len() < HEADER_LEN + 4 || !bytes.starts_with(MAGIC) {
        return None;
    }
    let (body, crc) = bytes.split_at(bytes.len() - 4);
    if crc32fast::hash(body).to_le_bytes() != crc {
        return None;
    }
    let stamp = u32::from_le_bytes(body[MAGIC.len()..MAGIC.len() + 4].try_into().ok()?);
    if stamp != fingerprint {
        return None;
    }
    let tree = Oid::from_bytes(&body[MAGIC.len() + 4..HEADER_LEN]).ok()?;
    let stored: Stored = postcard::from_bytes(&body[HEADER_LEN..]).ok()?;
    // A file that decodes but does not hold together is as good as corrupt.
    let whole = stored.blobs.len() == stored.terms.len() && stored.terms.is_consistent();
    whole.then_some((tree, stored))
}

/// Replaces the index file whole (temp file, then rename). Failures are ignored: the
/// index only saves time, and a read-only repository still searches correctly.
fn write(file: Option<&Path>, fingerprint: u32, tree: Oid, stored: &Stored) {
    let Some(file) = file else {
        return;
    };
    let write = || -> Result<(), Box<dyn std::error::Error>> {
        let mut bytes = Vec::with_capacity(HEADER_LEN + 4096);
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&fingerprint.to_le_bytes());
        bytes.extend_from_slice(tree.as_bytes());
        bytes.extend_from_slice(&postcard::to_allocvec(stored)?);
        let crc = crc32fast::hash(&bytes);
        bytes.extend_from_slice(&crc.to_le_bytes());
        let dir: PathBuf = file.parent().map(Path::to_path_buf).unwrap_or_default();
        std::fs::create_dir_all(&dir)?;
        let mut temp = tempfile::NamedTempFile::new_in(&dir)?;
        temp.write_all(&bytes)?;
        temp.persist(file)?;
        Ok(())
    };
    let _ = write();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::Article;

    fn article(slug: &str, title: &str, body: &str) -> Article {
        let mut a = Article::new(
            slug,
            title,
            "kb@example.com",
            "2026-01-01T00:00:00Z".parse().unwrap(),
        );
        a.tags = vec!["printer".into()];
        a.body = body.into();
        a
    }

    fn stored() -> Stored {
        let articles = [
            article(
                "printer-jam",
                "Printer paper jam",
                "Open tray 2; printers jam.",
            ),
            article("vpn-drops", "VPN drops", "Reconnect the VPN."),
        ];
        Stored {
            terms: Terms::new(articles.iter().map(Analysed::of).collect()),
            blobs: vec![[1; 20], [2; 20]],
            broken: vec!["kb/x.md is broken: no front matter".into()],
        }
    }

    #[test]
    fn an_article_comes_back_from_the_index_as_it_went_in() {
        let a = article(
            "printer-jam",
            "Printer paper jam",
            "Open tray 2; printers jam.",
        );
        let terms = Terms::new(vec![
            Analysed::of(&a),
            Analysed::of(&article("b", "B", "b")),
        ]);
        assert_eq!(terms.analysed(0), Analysed::of(&a));
        assert!(terms.is_consistent());
    }

    #[test]
    fn the_file_reads_back_and_anything_damaged_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(INDEX_FILE);
        let tree = Oid::from_bytes(&[7; 20]).unwrap();
        write(Some(&file), 42, tree, &stored());
        let (key, back) = read(&file, 42).expect("a whole file");
        assert_eq!(key, tree);
        assert_eq!(back.terms, stored().terms);
        assert_eq!(back.broken, stored().broken);
        assert_eq!(
            back.terms.search("printer jam"),
            stored().terms.search("printer jam")
        );
        // Another build's file, a flipped byte, a cut file: none is trusted.
        assert!(read(&file, 43).is_none());
        let bytes = std::fs::read(&file).unwrap();
        let mut flipped = bytes.clone();
        flipped[HEADER_LEN + 3] ^= 1;
        std::fs::write(&file, &flipped).unwrap();
        assert!(read(&file, 42).is_none());
        std::fs::write(&file, &bytes[..bytes.len() - 9]).unwrap();
        assert!(read(&file, 42).is_none());
        assert!(read(&dir.path().join("missing"), 42).is_none());
    }
}
