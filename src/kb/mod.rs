//! The knowledge base (Level 0): articles under `kb/<slug>.md`, Markdown with TOML front
//! matter between `+++` lines, and a ranked full-text search over them that other
//! commands use to suggest an article before a ticket is filed (deflection).
//!
//! One job per module: the file format ([`Article`]), slugs and paths, reading and
//! writing articles in the desk tree, publishing a ticket as an article, the three-way
//! merge that sync uses, the search, and the search's index kept beside the summary
//! cache.

mod article;
mod index;
mod merge;
mod publish;
mod search;
mod slug;
mod store;

pub use article::{record_deflection, Article, Deflection, Visibility};
pub use index::KbIndex;
pub use publish::publish;
pub use search::{search, stem, suggest, Hit};
pub use slug::{
    article_path, article_slug, invalid_slug, slug_taken, slugify, valid_slug, KB_DIR, MAX_SLUG_LEN,
};
pub use store::{link_ticket, load, load_all};
