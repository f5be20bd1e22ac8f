//! An article's file: Markdown with TOML front matter between `+++` lines, read and
//! written in one canonical form.

use chrono::{DateTime, Utc};
use toml::{Table, Value};

use super::slug::article_path;
use crate::model::fields::{Fields, TableWriter};
use crate::model::ticket::toml_to_json;
use crate::model::Tier;
use crate::workflow::clean_labels;

/// The line that opens and closes the front matter.
pub(super) const FENCE: &str = "+++";

/// A knowledge-base article.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Its name: the file is `kb/<slug>.md`.
    pub slug: String,
    /// One-line title.
    pub title: String,
    /// Tags, lower-case, for `kb ls --tag`.
    pub tags: Vec<String>,
    /// The tier it is written for (0: self-service, read by anyone).
    pub tier: Tier,
    /// Whether the people the desk serves may read it (the portal shows only public
    /// articles).
    pub visibility: Visibility,
    /// Ids of the tickets it came from or resolved.
    pub tickets: Vec<String>,
    /// The email of who wrote it.
    pub author: String,
    /// When it was written.
    pub created: DateTime<Utc>,
    /// When its text last changed.
    pub updated: DateTime<Utc>,
    /// People who read it instead of filing a ticket, oldest first.
    pub deflections: Vec<Deflection>,
    /// Front-matter keys this version does not know, kept verbatim.
    pub extra: Table,
    /// The Markdown text after the front matter.
    pub body: String,
}

/// Who may read an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Anyone, the desk's customers included: the self-service portal shows it.
    Public,
    /// The desk's staff only.
    Internal,
}

impl Visibility {
    /// The value in the front matter.
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Internal => "internal",
        }
    }

    /// What an article that does not say is: public when written for tiers 0-1, where
    /// customers and the service desk read, internal for the technical tiers above.
    pub fn default_for(tier: Tier) -> Visibility {
        if tier <= Tier::SERVICE_DESK {
            Visibility::Public
        } else {
            Visibility::Internal
        }
    }
}

impl std::fmt::Display for Visibility {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Visibility {
    type Err = String;

    fn from_str(s: &str) -> Result<Visibility, String> {
        match s.trim() {
            "public" => Ok(Visibility::Public),
            "internal" => Ok(Visibility::Internal),
            other => Err(format!(
                "visibility '{other}' is not known: use \"public\" or \"internal\""
            )),
        }
    }
}

/// A person who read an article instead of filing a ticket: a Level 0 deflection,
/// counted by reports. Keys of a `[[deflections]]` entry other than these three are not
/// kept.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Deflection {
    /// When.
    pub at: DateTime<Utc>,
    /// Their email.
    pub by: String,
    /// What they were about to file (the search words or the ticket title).
    pub query: String,
}

impl Article {
    /// A new article at tier 0 with no tags, tickets, deflections or body.
    pub fn new(
        slug: impl Into<String>,
        title: impl Into<String>,
        author: impl Into<String>,
        now: DateTime<Utc>,
    ) -> Article {
        Article {
            slug: slug.into(),
            title: title.into(),
            tags: Vec::new(),
            tier: self_service(),
            visibility: Visibility::Public,
            tickets: Vec::new(),
            author: author.into(),
            created: now,
            updated: now,
            deflections: Vec::new(),
            extra: Table::new(),
            body: String::new(),
        }
    }

    /// Its path in the desk tree.
    pub fn path(&self) -> String {
        article_path(&self.slug)
    }

    /// Reads an article file; the error says what is wrong (the caller adds the path).
    pub fn parse(slug: &str, text: &str) -> Result<Article, String> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = text.split_inclusive('\n');
        let first = lines.next().unwrap_or_default();
        if first.trim_end() != FENCE {
            return Err(format!(
                "it does not start with a '{FENCE}' line opening the TOML front matter"
            ));
        }
        let mut front = String::new();
        let mut body_start = None;
        let mut offset = first.len();
        for line in lines {
            offset += line.len();
            if line.trim_end() == FENCE {
                body_start = Some(offset);
                break;
            }
            front.push_str(line);
        }
        let Some(body_start) = body_start else {
            return Err(format!("the front matter has no closing '{FENCE}' line"));
        };
        let table: Table = toml::from_str(&front).map_err(|e| front_matter_error(&front, &e))?;
        let has_updated = table.contains_key("updated");
        let mut f = Fields::new(table);
        let title = f.str("title")?.trim().to_string();
        if title.is_empty() {
            return Err("'title' is empty".into());
        }
        if title.contains('\n') {
            return Err("'title' has a line break: keep it to one line".into());
        }
        let tags = f.strings("tags")?;
        let tags =
            clean_labels(tags.iter().map(String::as_str)).map_err(|e| format!("'tags': {e}"))?;
        let tier = f.opt_parsed::<Tier>("tier")?.unwrap_or_else(self_service);
        let visibility = match f.opt_str("visibility")? {
            None => Visibility::default_for(tier),
            Some(v) => v.parse()?,
        };
        let tickets = f.strings("tickets")?;
        let author = f.str("author")?.trim().to_string();
        if author.is_empty() {
            return Err("'author' is empty".into());
        }
        let created = f.time("created")?;
        let updated = if has_updated {
            f.time("updated")?
        } else {
            created
        };
        let mut deflections = match f.take("deflections") {
            None => Vec::new(),
            Some(Value::Array(items)) => items
                .into_iter()
                .enumerate()
                .map(|(i, v)| match v {
                    Value::Table(t) => {
                        Deflection::from_table(t).map_err(|e| format!("deflections[{i}]: {e}"))
                    }
                    _ => Err(format!("deflections[{i}] is not a table")),
                })
                .collect::<Result<Vec<_>, _>>()?,
            Some(_) => return Err("'deflections' is not a list of tables".into()),
        };
        deflections.sort();
        Ok(Article {
            slug: slug.to_string(),
            title,
            tags,
            tier,
            visibility,
            tickets,
            author,
            created,
            updated,
            deflections,
            extra: f.rest(),
            body: normalize_body(&text[body_start..]),
        })
    }

    /// The front matter in canonical key order: title, tags, tier, visibility, tickets, author,
    /// created, updated, unknown keys (sorted), deflections.
    pub fn front_matter(&self) -> Table {
        let mut w = TableWriter::new();
        w.put("title", self.title.as_str())
            .list_always("tags", &self.tags)
            .put("tier", i64::from(self.tier.level()))
            .put("visibility", self.visibility.as_str())
            .list_always("tickets", &self.tickets)
            .put("author", self.author.as_str())
            .time("created", &self.created)
            .time("updated", &self.updated)
            .extra(&self.extra);
        if !self.deflections.is_empty() {
            let mut sorted = self.deflections.clone();
            sorted.sort();
            w.put(
                "deflections",
                Value::Array(sorted.iter().map(|d| Value::Table(d.to_table())).collect()),
            );
        }
        w.finish()
    }

    /// The file's text, canonical: equal articles give equal bytes.
    pub fn to_markdown(&self) -> String {
        let front = toml::to_string(&self.front_matter()).expect("front matter serialises");
        let mut text = format!("{FENCE}\n{front}");
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(FENCE);
        text.push('\n');
        let body = normalize_body(&self.body);
        if !body.is_empty() {
            text.push('\n');
            text.push_str(&body);
        }
        text
    }

    /// The article as JSON: `slug`, the front-matter names (timestamps RFC 3339 UTC),
    /// and `body`.
    pub fn to_json(&self) -> serde_json::Value {
        let mut out = serde_json::Map::new();
        out.insert("slug".into(), self.slug.clone().into());
        for (key, value) in self.front_matter() {
            out.insert(key, toml_to_json(value));
        }
        if !out.contains_key("deflections") {
            out.insert("deflections".into(), serde_json::Value::Array(Vec::new()));
        }
        out.insert("body".into(), self.body.clone().into());
        serde_json::Value::Object(out)
    }
}

impl Deflection {
    fn to_table(&self) -> Table {
        let mut w = TableWriter::new();
        w.time("at", &self.at)
            .put("by", self.by.as_str())
            .put("query", self.query.as_str());
        w.finish()
    }

    fn from_table(table: Table) -> Result<Deflection, String> {
        let mut f = Fields::new(table);
        Ok(Deflection {
            at: f.time("at")?,
            by: f.str("by")?,
            query: f.opt_str("query")?.unwrap_or_default(),
        })
    }
}

/// Tier 0, where articles are written for unless they say otherwise.
fn self_service() -> Tier {
    Tier::new(0).expect("0 is a tier")
}

/// Leading blank lines dropped, trailing whitespace cut, one final newline (or nothing).
fn normalize_body(body: &str) -> String {
    let mut rest = body;
    while let Some(end) = rest.find('\n') {
        if rest[..end].trim().is_empty() {
            rest = &rest[end + 1..];
        } else {
            break;
        }
    }
    let trimmed = rest.trim_end();
    if trimmed.trim().is_empty() {
        String::new()
    } else {
        format!("{trimmed}\n")
    }
}

/// A front-matter parse error as one line: the line of the file and the reason.
fn front_matter_error(front: &str, e: &toml::de::Error) -> String {
    let reason = e.message().trim();
    match e.span() {
        // +1 for the opening fence, +1 because lines count from one.
        Some(span) => {
            let line = front[..span.start.min(front.len())].matches('\n').count() + 2;
            format!("invalid TOML front matter at line {line}: {reason}")
        }
        None => format!("invalid TOML front matter: {reason}"),
    }
}

/// Records that `by` read `article` instead of filing a ticket about `query`.
pub fn record_deflection(article: &mut Article, at: DateTime<Utc>, by: &str, query: &str) {
    article.deflections.push(Deflection {
        at,
        by: by.to_string(),
        query: query.trim().to_string(),
    });
    article.deflections.sort();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn sample() -> Article {
        let mut a = Article::new(
            "vpn-rekey",
            "VPN drops after rekey",
            "alice@example.com",
            at("2026-11-22T09:00:00Z"),
        );
        a.tags = vec!["vpn".into(), "network".into()];
        a.tier = Tier::new(1).unwrap();
        a.tickets = vec!["k3m9x2q7wd4hb8fz".into()];
        a.updated = at("2026-11-23T10:30:00Z");
        a.body = "# VPN drops after rekey\n\nUpdate the client to 6.2.\n".into();
        record_deflection(
            &mut a,
            at("2026-11-24T08:00:00Z"),
            "bob@example.com",
            "vpn drops",
        );
        a
    }

    #[test]
    fn the_file_format_round_trips_canonically() {
        let a = sample();
        let text = a.to_markdown();
        assert!(
            text.starts_with("+++\ntitle = \"VPN drops after rekey\"\n"),
            "{text}"
        );
        assert!(
            text.contains("\n+++\n\n# VPN drops after rekey\n"),
            "{text}"
        );
        let keys: Vec<usize> = [
            "\ntitle =",
            "\ntags =",
            "\ntier =",
            "\ntickets =",
            "\nauthor =",
            "\ncreated =",
            "\nupdated =",
            "\n[[deflections]]",
        ]
        .iter()
        .map(|k| text.find(k).unwrap_or_else(|| panic!("{k} in {text}")))
        .collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "key order: {text}");
        let back = Article::parse("vpn-rekey", &text).unwrap();
        assert_eq!(back, a);
        assert_eq!(back.to_markdown(), text, "canonical bytes");
    }

    #[test]
    fn unknown_keys_are_kept_and_the_output_is_canonical() {
        let text = "+++\n\
            review = { by = 'carol@example.com', due = 2027-01-01 }\n\
            title = 'Printer offline'\n\
            updated = 2026-11-23T10:00:00+01:00\n\
            created = 2026-11-22T09:00:00Z\n\
            author = 'alice@example.com'\n\
            audience = 'everyone'\n\
            tags = ['Printer', 'printer', 'floor-3']\n\
            [[deflections]]\n\
            at = 2026-11-25T09:00:00Z\nby = 'z@example.com'\nquery = 'printer'\n\
            [[deflections]]\n\
            at = 2026-11-24T09:00:00Z\nby = 'y@example.com'\n\
            +++\r\n\r\n\nRemove it and add it again.   \n\n";
        let a = Article::parse("printer-offline", text).unwrap();
        assert_eq!(a.tags, ["printer", "floor-3"]);
        assert_eq!(a.tier.level(), 0, "tier defaults to 0");
        assert_eq!(a.updated, at("2026-11-23T09:00:00Z"));
        assert_eq!(a.extra.len(), 2);
        assert_eq!(a.extra["audience"].as_str(), Some("everyone"));
        assert_eq!(a.deflections[0].by, "y@example.com", "sorted by time");
        assert_eq!(a.deflections[0].query, "");
        assert_eq!(a.body, "Remove it and add it again.\n");
        let canonical = a.to_markdown();
        assert!(canonical.contains("audience = \"everyone\""), "{canonical}");
        assert!(canonical.contains("[review]"), "{canonical}");
        let again = Article::parse("printer-offline", &canonical).unwrap();
        assert_eq!(again, a);
        assert_eq!(again.to_markdown(), canonical);
        // Unknown keys come after the known ones, deflections last.
        assert!(canonical.find("audience").unwrap() > canonical.find("updated").unwrap());
        assert!(canonical.rfind("[[deflections]]").unwrap() > canonical.find("[review]").unwrap());
    }

    #[test]
    fn broken_files_say_what_is_wrong() {
        let err = |text: &str| Article::parse("x", text).unwrap_err();
        assert!(err("title = 'x'\n").contains("'+++'"));
        assert!(err("+++\ntitle = 'x'\n").contains("closing"));
        assert!(
            err("+++\ntitle = \n+++\n").contains("line 2"),
            "{}",
            err("+++\ntitle = \n+++\n")
        );
        let base = "author = 'a@b'\ncreated = 2026-11-22T09:00:00Z\n";
        assert!(err(&format!("+++\n{base}+++\n")).contains("'title' is missing"));
        assert!(err(&format!("+++\ntitle = ' '\n{base}+++\n")).contains("'title' is empty"));
        assert!(
            err("+++\ntitle = 'x'\ncreated = 2026-11-22T09:00:00Z\n+++\n").contains("'author'")
        );
        assert!(err(&format!("+++\ntitle = 'x'\n{base}tier = 7\n+++\n")).contains("tier"));
        assert!(err(&format!("+++\ntitle = 'x'\n{base}tags = 'vpn'\n+++\n")).contains("'tags'"));
        assert!(
            err(&format!("+++\ntitle = 'x'\n{base}deflections = 3\n+++\n")).contains("deflections")
        );
        assert!(err(&format!(
            "+++\ntitle = 'x'\n{base}[[deflections]]\nby = 'q'\n+++\n"
        ))
        .contains("deflections[0]"));
        let ok = Article::parse("x", &format!("+++\ntitle = 'x'\n{base}+++\n")).unwrap();
        assert_eq!(ok.updated, ok.created, "updated defaults to created");
        assert_eq!(ok.body, "");
    }

    #[test]
    fn json_has_the_front_matter_names_slug_and_body() {
        let j = sample().to_json();
        assert_eq!(j["slug"], "vpn-rekey");
        assert_eq!(j["title"], "VPN drops after rekey");
        assert_eq!(j["tier"], 1);
        assert_eq!(j["created"], "2026-11-22T09:00:00Z");
        assert_eq!(j["deflections"][0]["by"], "bob@example.com");
        assert_eq!(
            j["body"],
            "# VPN drops after rekey\n\nUpdate the client to 6.2.\n"
        );
        let bare = Article::new("a", "A", "a@b", at("2026-11-22T09:00:00Z")).to_json();
        assert_eq!(bare["deflections"], serde_json::json!([]));
        assert_eq!(bare["tags"], serde_json::json!([]));
    }

    #[test]
    fn deflections_are_recorded_in_time_order() {
        let mut a = sample();
        record_deflection(
            &mut a,
            at("2026-11-23T08:00:00Z"),
            "carol@example.com",
            "  vpn  ",
        );
        assert_eq!(a.deflections.len(), 2);
        assert_eq!(a.deflections[0].by, "carol@example.com");
        assert_eq!(a.deflections[0].query, "vpn");
        assert_eq!(
            a.updated,
            at("2026-11-23T10:30:00Z"),
            "a read is not an edit"
        );
    }
}
