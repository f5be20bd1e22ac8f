//! The keys this version of desk.toml knows, to report those it does not.

use super::parse::Lines;
use super::UnknownKey;

/// What may stand at a place in desk.toml, to tell the keys this version knows from
/// those it does not. Types are checked by serde; this only names keys, and must name
/// every field of the `Raw*` structs of parse.rs.
enum Shape {
    /// A value; its inside is not a matter of key names.
    Value,
    /// A table with these keys.
    Table(&'static [(&'static str, Shape)]),
    /// A table whose keys are names the desk chooses (teams, services), each holding this.
    Named(&'static Shape),
    /// An array of tables (`[[routing]]`), each holding this.
    List(&'static Shape),
}

const POLICY_KEYS: Shape = Shape::Table(&[
    ("response", Shape::Value),
    ("resolution", Shape::Value),
    ("calendar", Shape::Value),
]);

const CONFIG_KEYS: Shape = Shape::Table(&[
    ("schema", Shape::Value),
    ("name", Shape::Value),
    (
        "tiers",
        Shape::Named(&Shape::Table(&[
            ("name", Shape::Value),
            ("team", Shape::Value),
        ])),
    ),
    (
        "teams",
        Shape::Named(&Shape::Table(&[
            ("members", Shape::Value),
            ("tiers", Shape::Value),
            ("email", Shape::Value),
        ])),
    ),
    (
        "priority",
        Shape::Table(&[
            ("high", Shape::Value),
            ("medium", Shape::Value),
            ("low", Shape::Value),
        ]),
    ),
    (
        "sla",
        Shape::Table(&[
            ("warning", Shape::Value),
            ("P1", POLICY_KEYS),
            ("P2", POLICY_KEYS),
            ("P3", POLICY_KEYS),
            ("P4", POLICY_KEYS),
            ("P5", POLICY_KEYS),
        ]),
    ),
    (
        "calendars",
        Shape::Named(&Shape::Table(&[
            ("timezone", Shape::Value),
            ("days", Shape::Value),
            ("hours", Shape::Value),
            ("holidays", Shape::Value),
        ])),
    ),
    (
        "services",
        Shape::Named(&Shape::Table(&[
            ("description", Shape::Value),
            ("team", Shape::Value),
            ("sla", POLICY_KEYS),
            ("cost", Shape::Value),
            ("category", Shape::Value),
            ("sites", Shape::Value),
        ])),
    ),
    (
        "routing",
        Shape::List(&Shape::Table(&[
            ("when", Shape::Value),
            ("tier", Shape::Value),
            ("team", Shape::Value),
            ("site", Shape::Value),
            ("assignee", Shape::Value),
            ("priority", Shape::Value),
            ("labels", Shape::Value),
            ("round_robin", Shape::Value),
        ])),
    ),
    (
        "escalation",
        Shape::List(&Shape::Table(&[
            ("when", Shape::Value),
            ("escalate_to", Shape::Value),
            ("priority", Shape::Value),
            ("assignee", Shape::Value),
            ("team", Shape::Value),
            ("reason", Shape::Value),
        ])),
    ),
    (
        "permissions",
        Shape::Table(&[
            ("by_tier", Shape::Value),
            ("actions", Shape::Named(&Shape::Value)),
            ("config", Shape::Value),
            ("relay", Shape::Value),
        ]),
    ),
    (
        "mail",
        Shape::Table(&[
            ("address", Shape::Value),
            ("name", Shape::Value),
            ("tag", Shape::Value),
            ("max_attachment", Shape::Value),
            ("open_replies", Shape::Value),
            ("notice_window", Shape::Value),
            ("since", Shape::Value),
        ]),
    ),
    (
        "notify",
        Shape::List(&Shape::Table(&[("on", Shape::Value), ("to", Shape::Value)])),
    ),
    (
        "server",
        Shape::Table(&[("identity", Shape::Value), ("signed", Shape::Value)]),
    ),
    ("accounts", Shape::Named(&Shape::Value)),
    (
        "sites",
        Shape::Named(&Shape::Table(&[
            ("name", Shape::Value),
            ("calendar", Shape::Value),
            ("address", Shape::Value),
            ("team", Shape::Value),
        ])),
    ),
    ("display", Shape::Table(&[("timezone", Shape::Value)])),
]);

/// The keys of a desk.toml that this version does not know, in file order, whether or
/// not the rest of it validates; `None` when it is not TOML.
pub fn unknown_keys(text: &str) -> Option<Vec<UnknownKey>> {
    let doc = toml_edit::Document::parse(text).ok()?;
    let lines = Lines { text };
    let mut found = Vec::new();
    walk_keys(doc.as_item(), &CONFIG_KEYS, "", &lines, &mut found);
    found.sort_by_key(|k: &UnknownKey| k.line);
    Some(found)
}

fn walk_keys(
    item: &toml_edit::Item,
    shape: &Shape,
    path: &str,
    lines: &Lines<'_>,
    found: &mut Vec<UnknownKey>,
) {
    let join = |key: &str| {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    };
    match shape {
        Shape::Value => {}
        Shape::Table(known) => {
            let Some(table) = item.as_table_like() else {
                return;
            };
            for (key, value) in table.iter() {
                match known.iter().find(|(name, _)| *name == key) {
                    Some((_, inner)) => walk_keys(value, inner, &join(key), lines, found),
                    None => found.push(UnknownKey {
                        line: table
                            .key(key)
                            .and_then(|k| k.span())
                            .map(|span| lines.line(span.start))
                            .unwrap_or(0),
                        key: join(key),
                    }),
                }
            }
        }
        Shape::Named(inner) => {
            if let Some(table) = item.as_table_like() {
                for (key, value) in table.iter() {
                    walk_keys(value, inner, &join(key), lines, found);
                }
            }
        }
        Shape::List(inner) => {
            let entries: Vec<toml_edit::Item> = match item {
                toml_edit::Item::ArrayOfTables(a) => a
                    .iter()
                    .map(|t| toml_edit::Item::Table(t.clone()))
                    .collect(),
                toml_edit::Item::Value(toml_edit::Value::Array(a)) => a
                    .iter()
                    .map(|v| toml_edit::Item::Value(v.clone()))
                    .collect(),
                _ => Vec::new(),
            };
            for (i, entry) in entries.iter().enumerate() {
                walk_keys(entry, inner, &format!("{path}[{}]", i + 1), lines, found);
            }
        }
    }
}
