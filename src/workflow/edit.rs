//! `edit`: a ticket's fields as a person rewrote them, turned into the events that take
//! the ticket there.

use toml::{Table, Value};

use crate::error::DeskError;
use crate::model::{Action, PriorityMatrix, Ticket};

/// The fields an edit may change.
pub const EDITABLE: &[&str] = &[
    "title",
    "type",
    "impact",
    "urgency",
    "priority",
    "priority_reason",
    "service",
    "site",
    "team",
    "assignee",
    "labels",
    "major",
    "description",
];

/// The events that take `t` to the field values in `table` (fields left out stay).
pub fn edit(t: &Ticket, table: &Table, matrix: &PriorityMatrix) -> Result<Vec<Action>, DeskError> {
    for key in table.keys() {
        if !EDITABLE.contains(&key.as_str()) {
            return Err(DeskError::Unknown {
                what: crate::error::Named::EditableField,
                name: key.to_string(),
                known: EDITABLE.iter().map(|k| k.to_string()).collect(),
            });
        }
    }
    let text = |key: &str| -> Result<Option<String>, DeskError> {
        match table.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(DeskError::invalid(format!(
                "'{key}' should be a string, not {}",
                other.type_str()
            ))),
        }
    };
    let mut current = t.clone();
    let mut actions = Vec::new();
    let mut apply = |current: &mut Ticket, step: Vec<Action>| {
        for a in &step {
            current.record(a.clone(), "", current.updated, matrix);
        }
        actions.extend(step);
    };
    for field in [
        "title",
        "type",
        "impact",
        "urgency",
        "service",
        "site",
        "description",
    ] {
        if let Some(v) = text(field)? {
            let step = super::set_field(&current, field, &v, None)?;
            apply(&mut current, step);
        }
    }
    if let Some(v) = text("priority")? {
        let reason = text("priority_reason")?;
        let step = super::set_field(&current, "priority", &v, reason.as_deref())?;
        apply(&mut current, step);
    }
    match table.get("major") {
        None => {}
        Some(Value::Boolean(b)) => {
            let step = super::set_field(&current, "major", &b.to_string(), None)?;
            apply(&mut current, step);
        }
        Some(_) => return Err(DeskError::invalid("'major' should be true or false")),
    }
    match table.get("labels") {
        None => {}
        Some(Value::Array(items)) => {
            let labels: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
            if labels.len() != items.len() {
                return Err(DeskError::invalid("'labels' should be a list of strings"));
            }
            let step = super::set_field(&current, "labels", &labels.join(","), None)?;
            apply(&mut current, step);
        }
        Some(_) => return Err(DeskError::invalid("'labels' should be a list of strings")),
    }
    let assignee = text("assignee")?.map(|a| a.trim().to_lowercase());
    let team = text("team")?.map(|a| a.trim().to_string());
    if assignee.is_some() || team.is_some() {
        let step = super::assign(&current, assignee.as_deref(), team.as_deref(), None)?;
        apply(&mut current, step);
    }
    Ok(actions)
}
