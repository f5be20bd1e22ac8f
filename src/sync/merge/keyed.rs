//! The three-way merge of TOML documents by key (SPEC 3: `desk.toml` merges by key).
//!
//! Ours is the document edited, so its comments and layout stay; what theirs changed
//! since the base is carried over key by key, into tables recursively. A key changed on
//! one side only takes that side's value; a key changed the same way on both is kept; a
//! key changed two ways (or changed on one side and removed on the other) is a true
//! conflict. An array of tables (`[[routing]]`) is one value, except that entries
//! appended on both sides to an unchanged start are all kept, in an order that does not
//! depend on which side merges.

use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, TableLike, Value};

/// Merges `theirs` into `ours` against `base` (`None`: no common version). `None` when a
/// document does not parse or a key was changed two ways.
pub fn merge_documents(base: Option<&str>, ours: &str, theirs: &str) -> Option<String> {
    let base: DocumentMut = base.unwrap_or_default().parse().ok()?;
    let mut merged: DocumentMut = ours.parse().ok()?;
    let theirs: DocumentMut = theirs.parse().ok()?;
    merge_tables(
        Some(base.as_table() as &dyn TableLike),
        merged.as_table_mut(),
        theirs.as_table(),
        false,
    )
    .ok()?;
    Some(merged.to_string())
}

/// A key changed two ways.
struct Conflict;

/// `inline`: `ours` is (inside) an inline table.
fn merge_tables(
    base: Option<&dyn TableLike>,
    ours: &mut dyn TableLike,
    theirs: &dyn TableLike,
    inline: bool,
) -> Result<(), Conflict> {
    let mut keys: Vec<String> = Vec::new();
    for table in [Some(&*ours), Some(theirs), base].into_iter().flatten() {
        for (key, item) in table.iter() {
            if !item.is_none() && !keys.iter().any(|k| k == key) {
                keys.push(key.to_string());
            }
        }
    }
    for key in keys {
        let b = base.and_then(|t| present(t.get(&key)));
        let o = present(ours.get(&key));
        let t = present(theirs.get(&key));
        if same(t, b) || same(o, t) {
            continue;
        }
        if same(o, b) {
            take_theirs(ours, theirs, &key, inline);
            continue;
        }
        // Changed two ways: only tables and arrays of tables can still be merged.
        let (Some(o_item), Some(t_item)) = (o, t) else {
            return Err(Conflict);
        };
        if o_item.is_table_like() && t_item.is_table_like() && b.is_none_or(Item::is_table_like) {
            let base_table = b.and_then(Item::as_table_like);
            let theirs_table = t_item.as_table_like().expect("checked");
            let inner_inline = inline || o_item.is_value();
            let ours_table = ours
                .get_mut(&key)
                .and_then(Item::as_table_like_mut)
                .expect("checked");
            merge_tables(base_table, ours_table, theirs_table, inner_inline)?;
            continue;
        }
        let appended = match (o_item, t_item, b) {
            (Item::ArrayOfTables(o), Item::ArrayOfTables(t), None) => {
                append_both(&ArrayOfTables::new(), o, t)
            }
            (Item::ArrayOfTables(o), Item::ArrayOfTables(t), Some(Item::ArrayOfTables(b))) => {
                append_both(b, o, t)
            }
            _ => None,
        };
        match appended {
            Some(array) => {
                *ours.get_mut(&key).expect("present") = Item::ArrayOfTables(array);
            }
            None => return Err(Conflict),
        }
    }
    Ok(())
}

fn present(item: Option<&Item>) -> Option<&Item> {
    item.filter(|i| !i.is_none())
}

/// Sets `key` in `ours` to theirs' value (or removes it), keeping our key's layout.
/// `inline`: `ours` is (inside) an inline table.
fn take_theirs(ours: &mut dyn TableLike, theirs: &dyn TableLike, key: &str, inline: bool) {
    let Some((their_key, item)) = theirs.get_key_value(key).filter(|(_, i)| !i.is_none()) else {
        ours.remove(key);
        return;
    };
    let mut item = item.clone();
    forget_positions(&mut item);
    if inline && !item.is_value() {
        // An inline table holds values only: a table of theirs goes in inline.
        match item.into_value() {
            Ok(value) => item = Item::Value(value),
            Err(_) => return,
        }
    }
    match ours.get_mut(key) {
        Some(slot) => *slot = item,
        None => {
            ours.entry_format(their_key).or_insert(item);
        }
    }
}

/// The position theirs' tables had in their file means nothing in ours: without one, a
/// table is written after the table before it in ours.
fn forget_positions(item: &mut Item) {
    match item {
        Item::Table(t) => {
            t.set_position(None);
            for (_, child) in t.iter_mut() {
                forget_positions(child);
            }
        }
        Item::ArrayOfTables(a) => {
            for t in a.iter_mut() {
                t.set_position(None);
                for (_, child) in t.iter_mut() {
                    forget_positions(child);
                }
            }
        }
        _ => {}
    }
}

/// Both sides appended entries to an unchanged `base`: the base, then both sides'
/// entries, the two runs ordered by their text so that either side merges alike.
fn append_both(
    base: &ArrayOfTables,
    ours: &ArrayOfTables,
    theirs: &ArrayOfTables,
) -> Option<ArrayOfTables> {
    let n = base.len();
    let starts_with_base = |a: &ArrayOfTables| {
        a.len() >= n && base.iter().zip(a.iter()).all(|(x, y)| tables_equal(x, y))
    };
    if !starts_with_base(ours) || !starts_with_base(theirs) {
        return None;
    }
    // Appended entries lose their positions, so that they are written in this order
    // after the base's last entry.
    let appended = |a: &ArrayOfTables| -> Vec<Table> {
        a.iter()
            .skip(n)
            .map(|t| {
                let mut item = Item::Table(t.clone());
                forget_positions(&mut item);
                item.into_table().expect("a table stays a table")
            })
            .collect()
    };
    let text = |run: &[Table]| run.iter().map(Table::to_string).collect::<String>();
    let (mut first, mut second) = (appended(ours), appended(theirs));
    if text(&second) < text(&first) {
        std::mem::swap(&mut first, &mut second);
    }
    let mut merged = ArrayOfTables::new();
    for t in ours.iter().take(n).cloned().chain(first).chain(second) {
        merged.push(t);
    }
    Some(merged)
}

/// Equal as data, whatever the layout, quoting or comments.
fn same(a: Option<&Item>, b: Option<&Item>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => items_equal(a, b),
        _ => false,
    }
}

fn items_equal(a: &Item, b: &Item) -> bool {
    match (a, b) {
        (Item::ArrayOfTables(x), Item::ArrayOfTables(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(x, y)| tables_equal(x, y))
        }
        (Item::Value(x), Item::Value(y)) => values_equal(x, y),
        _ => match (a.as_table_like(), b.as_table_like()) {
            (Some(x), Some(y)) => table_likes_equal(x, y),
            _ => a.is_none() && b.is_none(),
        },
    }
}

fn tables_equal(a: &Table, b: &Table) -> bool {
    table_likes_equal(a, b)
}

fn table_likes_equal(a: &dyn TableLike, b: &dyn TableLike) -> bool {
    let entries = |t: &dyn TableLike| t.iter().filter(|(_, i)| !i.is_none()).count();
    entries(a) == entries(b)
        && a.iter()
            .filter(|(_, i)| !i.is_none())
            .all(|(k, x)| b.get(k).is_some_and(|y| items_equal(x, y)))
}

fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Integer(x), Value::Integer(y)) => x.value() == y.value(),
        (Value::Float(x), Value::Float(y)) => x.value().to_bits() == y.value().to_bits(),
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        (Value::Datetime(x), Value::Datetime(y)) => x.value() == y.value(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(x, y)| values_equal(x, y))
        }
        (Value::InlineTable(x), Value::InlineTable(y)) => table_likes_equal(x, y),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "# the desk\nname = 'desk'   # its name\n\n[sla.P1]\nresponse = '15m'\nresolution = '4h'\n\n[[routing]]\nwhen = 'label:a'\ntier = 2\n";

    fn merged(ours: &str, theirs: &str) -> Option<String> {
        merge_documents(Some(BASE), ours, theirs)
    }

    fn parsed(text: &str) -> toml::Table {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn keys_changed_on_different_sides_are_all_taken_and_comments_stay() {
        let ours = BASE.replace("'15m'", "'10m'");
        let theirs = BASE.replace("'4h'", "'3h'");
        let m = merged(&ours, &theirs).unwrap();
        assert!(
            m.contains("response = '10m'") && m.contains("resolution = '3h'"),
            "{m}"
        );
        assert!(m.contains("# the desk") && m.contains("# its name"), "{m}");
        assert_eq!(parsed(&m), parsed(&merged(&theirs, &ours).unwrap()));
    }

    #[test]
    fn tables_added_on_both_sides_are_both_kept_in_place() {
        let ours = format!("{BASE}\n[services.vpn]\nteam = 'net'\n");
        let theirs = format!("{BASE}\n[services.mail]\nteam = 'ops'\n");
        let m = merged(&ours, &theirs).unwrap();
        let t = parsed(&m);
        assert_eq!(t["services"]["vpn"]["team"].as_str(), Some("net"));
        assert_eq!(t["services"]["mail"]["team"].as_str(), Some("ops"));
        assert!(m.find("[services.vpn]").unwrap() < m.find("[services.mail]").unwrap());
        assert!(
            m.find("[[routing]]").unwrap() < m.find("[services.vpn]").unwrap(),
            "{m}"
        );
    }

    #[test]
    fn the_same_key_changed_two_ways_is_a_conflict() {
        assert!(merged(
            &BASE.replace("'15m'", "'10m'"),
            &BASE.replace("'15m'", "'20m'")
        )
        .is_none());
        // Changed on one side, removed on the other.
        assert!(merged(
            &BASE.replace("'15m'", "'10m'"),
            &BASE.replace("response = '15m'\n", "")
        )
        .is_none());
        // The same change on both sides is no conflict.
        let both = BASE.replace("'15m'", "'10m'");
        assert_eq!(
            merged(&both, &both.replace("'10m'", "\"10m\"")).unwrap(),
            both
        );
    }

    #[test]
    fn removals_on_one_side_are_taken() {
        let ours = BASE.replace("'4h'", "'3h'");
        let theirs = BASE.replace("name = 'desk'   # its name\n", "");
        let t = parsed(&merged(&ours, &theirs).unwrap());
        assert!(!t.contains_key("name"));
        assert_eq!(t["sla"]["P1"]["resolution"].as_str(), Some("3h"));
    }

    #[test]
    fn rules_appended_on_both_sides_are_all_kept_in_one_order() {
        let ours = format!("{BASE}\n[[routing]]\nwhen = 'label:o'\ntier = 3\n");
        let theirs = format!("{BASE}\n[[routing]]\nwhen = 'label:t'\ntier = 4\n");
        let one = merged(&ours, &theirs).unwrap();
        let other = merged(&theirs, &ours).unwrap();
        assert_eq!(parsed(&one), parsed(&other), "{one}\n---\n{other}");
        let whens: Vec<String> = parsed(&one)["routing"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["when"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(whens, ["label:a", "label:o", "label:t"]);
        // Added on both sides, at different places in the two files: the same order.
        let base = "[permissions]\nby_tier = false\n";
        let ours = format!("[[routing]]\nwhen = 'label:o'\n\n{base}");
        let theirs = format!("{base}\n[[routing]]\nwhen = 'label:a'\n");
        let one = parsed(&merge_documents(Some(base), &ours, &theirs).unwrap());
        let other = parsed(&merge_documents(Some(base), &theirs, &ours).unwrap());
        assert_eq!(one, other);
        assert_eq!(one["routing"][0]["when"].as_str(), Some("label:a"));
        // A rule changed on one side and another appended on the other: a conflict.
        let changed = BASE.replace("tier = 2", "tier = 3");
        assert!(merged(&changed, &theirs).is_none());
        // Changed on one side only: taken.
        let t = parsed(&merged(&changed, BASE).unwrap());
        assert_eq!(t["routing"][0]["tier"].as_integer(), Some(3));
    }

    #[test]
    fn inline_and_standard_tables_merge_alike() {
        let base = "[services.vpn]\nsla = { response = '1h', resolution = '4h' }\n";
        let ours = base.replace("'1h'", "'2h'");
        let theirs = base.replace("'4h'", "'8h'");
        let t = parsed(&merge_documents(Some(base), &ours, &theirs).unwrap());
        assert_eq!(t["services"]["vpn"]["sla"]["response"].as_str(), Some("2h"));
        assert_eq!(
            t["services"]["vpn"]["sla"]["resolution"].as_str(),
            Some("8h")
        );
        let theirs = format!("{base}[services.vpn.extra]\nx = 1\n");
        assert!(merge_documents(Some(base), &ours, &theirs).is_some());
    }

    #[test]
    fn documents_that_do_not_parse_do_not_merge() {
        assert!(merged("name = = 1", BASE).is_none());
        assert!(merge_documents(None, "a = 1\n", "b = 2\n").is_some());
    }
}
