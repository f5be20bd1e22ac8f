//! The search index, built here and run in the browser by elasticlunr.js: elasticlunr-rs
//! writes the index in the format that library loads, with the same English pipeline
//! (trimmer, stop words, Porter stemmer) on both sides.

use std::collections::BTreeMap;

use elasticlunr::IndexBuilder;

/// A thing search can find: an article, a service or a current issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its page in the site, relative to the root (`kb/vpn.html`).
    pub href: String,
    /// What it is, shown beside the result ("Article", "Service", "Current issue").
    pub kind: &'static str,
    /// Its title.
    pub title: String,
    /// Tags or other key words.
    pub tags: String,
    /// Its text, without markup.
    pub body: String,
    /// A line shown under the result.
    pub summary: String,
}

/// The script the search page loads (`search-index.js`): it sets `window.portalSearch`
/// to the elasticlunr index and the titles and summaries the results show. A script, not
/// JSON, because browsers refuse `fetch()` of a file from `file://`.
pub fn script(entries: &[Entry]) -> String {
    // Documents are not stored in the index (that would double its size): the few
    // fields results show travel beside it. Refs are short numbers, since the index
    // repeats a document's ref in the posting of each of its words.
    let mut index = IndexBuilder::new()
        .save_docs(false)
        .add_fields(["title", "tags", "body"])
        .build();
    let mut docs = BTreeMap::new();
    for (n, e) in entries.iter().enumerate() {
        let reference = n.to_string();
        index.add_doc(&reference, [&e.title, &e.tags, &e.body]);
        docs.insert(
            reference,
            serde_json::json!({"href": e.href, "title": e.title, "kind": e.kind, "summary": e.summary}),
        );
    }
    let docs = serde_json::to_string(&docs).expect("strings serialise");
    // `</` cannot close a script element if it never appears as such.
    let index = index.to_json().replace("</", "<\\/");
    let docs = docs.replace("</", "<\\/");
    format!("window.portalSearch = {{\"index\": {index}, \"docs\": {docs}}};\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(href: &str, title: &str, body: &str) -> Entry {
        Entry {
            href: href.into(),
            kind: "Article",
            title: title.into(),
            tags: String::new(),
            body: body.into(),
            summary: body.into(),
        }
    }

    #[test]
    fn the_index_holds_stemmed_words_and_results_their_titles() {
        let js = script(&[
            entry("kb/vpn.html", "VPN drops", "Reconnecting fixes it"),
            entry("kb/print.html", "Printer jams", "Open the </script> tray"),
        ]);
        assert!(js.starts_with("window.portalSearch = {\"index\": {"));
        let json: serde_json::Value = serde_json::from_str(
            js.trim_start_matches("window.portalSearch = ")
                .trim_end()
                .trim_end_matches(';'),
        )
        .unwrap();
        // The index is a trie of stemmed words: "reconnecting" is filed as "reconnect".
        let mut node = &json["index"]["index"]["body"]["root"];
        for letter in "reconnect".chars() {
            node = &node[letter.to_string()];
        }
        assert!(node["docs"]["0"].is_object(), "{node}");
        assert_eq!(json["docs"]["0"]["href"], "kb/vpn.html");
        assert_eq!(json["docs"]["0"]["title"], "VPN drops");
        assert_eq!(json["docs"]["0"]["kind"], "Article");
        assert!(!js.contains("</script>"));
        assert_eq!(
            js,
            script(&[
                entry("kb/vpn.html", "VPN drops", "Reconnecting fixes it"),
                entry("kb/print.html", "Printer jams", "Open the </script> tray"),
            ])
        );
    }
}
