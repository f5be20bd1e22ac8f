//! The three-way merge of an article changed on both sides, used by sync.

use toml::{Table, Value};

use super::article::{Article, FENCE};
use crate::error::DeskError;

impl Article {
    /// The three-way merge of two versions of an article changed on both sides (`base`:
    /// their common version, `None` when both added it). Front matter merges by key:
    /// `updated` is the later of the two; lists (tags, tickets, deflections) take what
    /// either side added or removed; any other key changed two ways is a true conflict.
    /// The text merges with `merge_text(base, ours, theirs)` (`None`: a conflict).
    /// `None` on a true conflict.
    pub fn merge<F>(
        base: Option<&Article>,
        ours: &Article,
        theirs: &Article,
        merge_text: F,
    ) -> Result<Option<Article>, DeskError>
    where
        F: FnOnce(&str, &str, &str) -> Result<Option<String>, DeskError>,
    {
        let b = base.map(Article::front_matter).unwrap_or_default();
        let (o, t) = (ours.front_matter(), theirs.front_matter());
        let mut keys: Vec<&String> = Vec::new();
        for key in o.keys().chain(t.keys()).chain(b.keys()) {
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        let mut front = Table::new();
        for key in keys {
            if key == "updated" {
                continue;
            }
            let (bv, ov, tv) = (b.get(key), o.get(key), t.get(key));
            let value = if ov == tv || tv == bv {
                ov
            } else if ov == bv {
                tv
            } else {
                match (bv, ov, tv) {
                    (
                        None | Some(Value::Array(_)),
                        Some(Value::Array(oa)),
                        Some(Value::Array(ta)),
                    ) => {
                        let ba = match bv {
                            Some(Value::Array(ba)) => ba.as_slice(),
                            _ => &[],
                        };
                        front.insert(key.clone(), Value::Array(merge_lists(ba, oa, ta)));
                        continue;
                    }
                    _ => return Ok(None),
                }
            };
            if let Some(v) = value {
                front.insert(key.clone(), v.clone());
            }
        }
        let body = if ours.body == theirs.body {
            ours.body.clone()
        } else {
            let base_body = base.map(|a| a.body.as_str()).unwrap_or_default();
            match merge_text(base_body, &ours.body, &theirs.body)? {
                Some(body) => body,
                None => return Ok(None),
            }
        };
        // Read back through the parser: the result is a valid article, in canonical form.
        let text = format!(
            "{FENCE}\n{}{FENCE}\n\n{body}",
            toml::to_string(&front).expect("front matter serialises")
        );
        let Ok(mut merged) = Article::parse(&ours.slug, &text) else {
            return Ok(None);
        };
        merged.updated = ours.updated.max(theirs.updated);
        Ok(Some(merged))
    }
}

/// A list changed on both sides, as a set: ours without what theirs removed, then what
/// theirs added.
fn merge_lists(base: &[Value], ours: &[Value], theirs: &[Value]) -> Vec<Value> {
    let mut merged: Vec<Value> = ours
        .iter()
        .filter(|v| !base.contains(v) || theirs.contains(v))
        .cloned()
        .collect();
    for v in theirs {
        if !base.contains(v) && !merged.contains(v) {
            merged.push(v.clone());
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::kb::record_deflection;

    /// A line merge good enough for the tests: one side changed, or a conflict.
    fn one_sided(base: &str, ours: &str, theirs: &str) -> Result<Option<String>, DeskError> {
        Ok(if ours == base {
            Some(theirs.to_string())
        } else if theirs == base {
            Some(ours.to_string())
        } else {
            None
        })
    }

    #[test]
    fn front_matter_merges_by_key_and_updated_is_the_later() {
        let mut base = Article::new("vpn", "VPN drops", "a@x", at("2026-11-22T09:00:00Z"));
        base.tags = vec!["vpn".into()];
        base.body = "Restart it.\n".into();
        let mut ours = base.clone();
        ours.updated = at("2026-11-22T12:00:00Z");
        ours.title = "VPN drops after rekey".into();
        ours.tags.push("rekey".into());
        ours.tickets.push("k3m9x2q7wd4hb8fz".into());
        let mut theirs = base.clone();
        theirs.updated = at("2026-11-22T10:00:00Z");
        theirs.body = "Restart it twice.\n".into();
        theirs.tickets.push("a7p2x2q7wd4hb8fz".into());
        record_deflection(&mut theirs, at("2026-11-22T10:00:00Z"), "c@x", "vpn");

        let merged = Article::merge(Some(&base), &ours, &theirs, one_sided)
            .unwrap()
            .unwrap();
        assert_eq!(merged.title, "VPN drops after rekey");
        assert_eq!(merged.tags, ["vpn", "rekey"]);
        assert_eq!(merged.tickets, ["k3m9x2q7wd4hb8fz", "a7p2x2q7wd4hb8fz"]);
        assert_eq!(merged.deflections.len(), 1);
        assert_eq!(merged.body, "Restart it twice.\n");
        assert_eq!(merged.updated, at("2026-11-22T12:00:00Z"));
        let other = Article::merge(Some(&base), &theirs, &ours, one_sided)
            .unwrap()
            .unwrap();
        assert_eq!(other.to_markdown().len(), merged.to_markdown().len());

        // The same key changed two ways, or text that does not merge: a true conflict.
        let mut retitled = base.clone();
        retitled.title = "VPN is flaky".into();
        assert!(Article::merge(Some(&base), &ours, &retitled, one_sided)
            .unwrap()
            .is_none());
        let mut rewritten = base.clone();
        rewritten.body = "Call us.\n".into();
        assert!(Article::merge(Some(&base), &theirs, &rewritten, one_sided)
            .unwrap()
            .is_none());
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }
}
