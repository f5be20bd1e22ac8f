//! A reader for the TOML that git-desk itself writes: `key = value` lines of bare keys,
//! basic and literal strings, integers, booleans, UTC date-times, dates and one-line
//! arrays of strings, with `[[events]]`, `[rca]` and `[vendor]` headers. It reads a
//! ticket file several times faster than a general TOML parser, and gives up (`None`) on
//! anything else (comments, other headers, inline tables, floats, odd spacing, every
//! error), so that the `toml` crate reads such a file and words its errors. Whatever it
//! accepts it reads exactly as the `toml` crate does.

use std::borrow::Cow;

use toml::value::Datetime;
use toml::{Table, Value};

use super::field::is_file_key;
use super::fields::{intern, Fields};

/// A ticket file taken apart: `schema` and `id`, the events, and the top-level keys
/// this version does not know (state keys it writes are checked and dropped).
pub(crate) struct Parts {
    pub(crate) fields: Fields,
    /// `None` when there is no `[[events]]`.
    pub(crate) events: Option<Vec<Fields>>,
    pub(crate) extra: Table,
}

/// Where the lines being read belong.
enum Section {
    Top,
    /// `[rca]` or `[vendor]`: state, read to be checked, then dropped.
    Dropped,
    Event,
}

/// Reads `text` if it is in the subset; `None` sends it to the `toml` crate.
pub(crate) fn read(text: &str) -> Option<Parts> {
    if text.starts_with('\u{feff}') || text.contains('\r') {
        return None;
    }
    let mut fields = Vec::with_capacity(2);
    let mut top_keys: Vec<Cow<'static, str>> = Vec::with_capacity(40);
    let mut dropped_keys: Vec<Cow<'static, str>> = Vec::new();
    let mut events: Vec<Vec<(Cow<'static, str>, Option<Value>)>> = Vec::new();
    let mut extra = Table::new();
    let mut section = Section::Top;
    let mut rest = text;
    while !rest.is_empty() {
        let line_end = rest.find('\n').unwrap_or(rest.len());
        let line = &rest[..line_end];
        if line.is_empty() {
            rest = &rest[(line_end + 1).min(rest.len())..];
            continue;
        }
        if line.starts_with('[') {
            match line {
                "[[events]]" => {
                    if top_keys.iter().any(|k| k == "events") {
                        return None;
                    }
                    events.push(Vec::with_capacity(16));
                    section = Section::Event;
                }
                "[rca]" | "[vendor]" => {
                    let name = &line[1..line.len() - 1];
                    if top_keys.iter().any(|k| k == name) {
                        return None;
                    }
                    top_keys.push(intern(Cow::Borrowed(name)));
                    dropped_keys.clear();
                    section = Section::Dropped;
                }
                _ => return None,
            }
            rest = &rest[(line_end + 1).min(rest.len())..];
            continue;
        }
        let key_len = line.bytes().position(|b| !is_bare_key_byte(b))?;
        let key = &line[..key_len];
        if key.is_empty() || !line[key_len..].starts_with(" = ") {
            return None;
        }
        let value_text = &rest[key_len + 3..];
        let (value, used) = value(value_text)?;
        // Only the end of the line may follow a value.
        let tail = &value_text[used..];
        if !(tail.is_empty() || tail.starts_with('\n')) {
            return None;
        }
        rest = &tail[tail.len().min(1)..];
        match section {
            Section::Top => {
                if key == "events" || top_keys.iter().any(|k| k == key) {
                    return None;
                }
                let key = intern(Cow::Borrowed(key));
                match key.as_ref() {
                    "schema" | "id" => fields.push((key.clone(), Some(value))),
                    k if is_file_key(k) => {}
                    k => {
                        extra.insert(k.to_string(), value);
                    }
                }
                top_keys.push(key);
            }
            Section::Dropped => {
                if dropped_keys.iter().any(|k| k == key) {
                    return None;
                }
                dropped_keys.push(intern(Cow::Borrowed(key)));
            }
            Section::Event => {
                let event = events.last_mut().expect("an event section has its event");
                if event.iter().any(|(k, _)| k == key) {
                    return None;
                }
                event.push((intern(Cow::Borrowed(key)), Some(value)));
            }
        }
    }
    Some(Parts {
        fields: Fields::from_entries(fields),
        events: (!events.is_empty())
            .then(|| events.into_iter().map(Fields::from_entries).collect()),
        extra,
    })
}

fn is_bare_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// One value at the start of `text`, and how many bytes it took.
fn value(text: &str) -> Option<(Value, usize)> {
    let bytes = text.as_bytes();
    match *bytes.first()? {
        b'"' if text.starts_with("\"\"\"") => {
            multi_line_string(text).map(|(s, n)| (Value::String(s), n))
        }
        b'"' => basic_string(text).map(|(s, n)| (Value::String(s), n)),
        b'\'' => literal_string(text).map(|(s, n)| (Value::String(s), n)),
        b'[' => string_array(text),
        b't' if text.starts_with("true") => Some((Value::Boolean(true), 4)),
        b'f' if text.starts_with("false") => Some((Value::Boolean(false), 5)),
        b'-' | b'0'..=b'9' => {
            let len = bytes
                .iter()
                .position(|&b| !(b.is_ascii_alphanumeric() || b"-:.+".contains(&b)))
                .unwrap_or(bytes.len());
            let token = &text[..len];
            number_or_time(token).map(|v| (v, len))
        }
        _ => None,
    }
}

/// An integer (no sign but `-`, no leading zeros, no underscores), a UTC date-time to the
/// second (`2026-11-22T09:00:00Z`) or a date (`2026-11-25`).
fn number_or_time(token: &str) -> Option<Value> {
    let b = token.as_bytes();
    let digits = token.strip_prefix('-').unwrap_or(token);
    if !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_digit()) {
        if (digits.len() > 1 && digits.starts_with('0')) || token == "-0" {
            return None;
        }
        return token.parse::<i64>().ok().map(Value::Integer);
    }
    let shape = |pattern: &[u8]| {
        b.len() == pattern.len()
            && b.iter().zip(pattern).all(|(c, p)| {
                if *p == b'9' {
                    c.is_ascii_digit()
                } else {
                    c == p
                }
            })
    };
    if shape(b"9999-99-99T99:99:99Z") || shape(b"9999-99-99") {
        return token.parse::<Datetime>().ok().map(Value::Datetime);
    }
    None
}

/// `"..."` on one line, with the escapes TOML has.
fn basic_string(text: &str) -> Option<(String, usize)> {
    let body = &text[1..];
    // The usual string has no escapes: copied whole, in one allocation.
    let end = body
        .bytes()
        .position(|b| b == b'"' || b == b'\\' || (b < b' ' && b != b'\t') || b == 0x7f)?;
    if body.as_bytes()[end] == b'"' {
        return Some((body[..end].to_string(), end + 2));
    }
    let mut out = String::with_capacity(body.len().min(256));
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, i + 2)),
            '\\' => out.push(escape(&mut chars)?),
            c if is_control(c) && c != '\t' => return None,
            c => out.push(c),
        }
    }
    None
}

/// `"""..."""`: a newline right after the opening quotes is dropped; a backslash at the
/// end of a line, and quotes next to the closing ones, are left to the `toml` crate.
fn multi_line_string(text: &str) -> Option<(String, usize)> {
    let start = if text[3..].starts_with('\n') { 4 } else { 3 };
    let body = &text[start..];
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' if body[i..].starts_with("\"\"\"") => {
                if body[i + 3..].starts_with('"') {
                    return None;
                }
                return Some((out, start + i + 3));
            }
            '\\' => {
                let next = body[i + 1..].chars().next()?;
                if next == '\n' || next == ' ' || next == '\t' {
                    return None;
                }
                out.push(escape(&mut chars)?);
            }
            '\n' | '\t' => out.push(c),
            c if is_control(c) => return None,
            c => out.push(c),
        }
    }
    None
}

/// `'...'` on one line: no escapes.
fn literal_string(text: &str) -> Option<(String, usize)> {
    if text.starts_with("'''") {
        return None;
    }
    let body = &text[1..];
    let end = body.find(['\'', '\n'])?;
    let s = &body[..end];
    if !body[end..].starts_with('\'') || s.chars().any(|c| is_control(c) && c != '\t') {
        return None;
    }
    Some((s.to_string(), end + 2))
}

/// `["a", "b"]` or `[]` on one line: strings only, written as git-desk writes them.
fn string_array(text: &str) -> Option<(Value, usize)> {
    if text.starts_with("[]") {
        return Some((Value::Array(Vec::new()), 2));
    }
    let mut items = Vec::new();
    let mut at = 1;
    loop {
        let rest = &text[at..];
        let (s, used) = match rest.as_bytes().first()? {
            b'"' if !rest.starts_with("\"\"\"") => basic_string(rest)?,
            b'\'' => literal_string(rest)?,
            _ => return None,
        };
        items.push(Value::String(s));
        at += used;
        if text[at..].starts_with(", ") {
            at += 2;
        } else if text[at..].starts_with(']') {
            return Some((Value::Array(items), at + 1));
        } else {
            return None;
        }
    }
}

/// The character a backslash escape stands for; the iterator is just past the backslash.
fn escape(chars: &mut std::str::CharIndices<'_>) -> Option<char> {
    let (_, c) = chars.next()?;
    Some(match c {
        '"' => '"',
        '\\' => '\\',
        'n' => '\n',
        't' => '\t',
        'r' => '\r',
        'b' => '\u{8}',
        'f' => '\u{c}',
        'u' | 'U' => {
            let len = if c == 'u' { 4 } else { 8 };
            let mut code = 0u32;
            for _ in 0..len {
                code = code * 16 + chars.next()?.1.to_digit(16)?;
            }
            char::from_u32(code)?
        }
        _ => return None,
    })
}

/// Characters TOML does not allow unescaped in a string (tab aside).
fn is_control(c: char) -> bool {
    c < ' ' || c == '\u{7f}'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_in_the_subset_read_as_toml_reads_them() {
        for text in [
            "\"plain\"",
            "\"a \\\"quote\\\" \\\\ \\n \\t \\u00e9 \\U0001F600\"",
            "'say \"hi\"'",
            "\"\"\"\nline one\nline \"two\"\n\"\"\"",
            "\"\"\"no newline first\"\"\"",
            "[\"a\", \"b\"]",
            "[]",
            "['x', \"y\"]",
            "0",
            "-12",
            "9223372036854775807",
            "true",
            "false",
            "2026-11-22T09:00:00Z",
            "2026-11-25",
        ] {
            let expected: Table = toml::from_str(&format!("v = {text}\n")).unwrap();
            match value(text) {
                Some((v, used)) => {
                    assert_eq!(Some(&v), expected.get("v"), "{text}");
                    assert_eq!(used, text.len(), "{text}");
                }
                None => assert!(text.starts_with("'It"), "{text} should be read"),
            }
        }
    }

    #[test]
    fn anything_else_is_left_to_the_toml_crate() {
        for text in [
            "1_000",
            "+1",
            "01",
            "-0",
            "0x1f",
            "1.5",
            "inf",
            "1e3",
            "9223372036854775808",
            "2026-11-22T09:00:00",
            "2026-11-22T09:00:00+01:00",
            "2026-11-22T09:00:00.5Z",
            "2026-13-01",
            "09:00:00",
            "{ a = 1 }",
            "[1, 2]",
            "[\"a\",\"b\"]",
            "[\n\"a\"]",
            "\"unterminated",
            "\"bad \\x escape\"",
            "\"tab\u{1}control\"",
            "\"\"\"\nends with \\\nbackslash\"\"\"",
            "\"\"\"four\"\"\"\"",
            "'''literal'''",
            "tru",
        ] {
            let read = value(text).filter(|(_, used)| *used == text.len());
            assert!(read.is_none(), "{text} read as {read:?}");
        }
    }

    #[test]
    fn documents_outside_the_subset_are_left_to_the_toml_crate() {
        let head = "schema = 1\nid = \"k3m9x2q7wd4hb8fz\"\n";
        for text in [
            format!("{head}# a comment\n"),
            format!("{head}title = \"x\" # a comment\n"),
            format!("{head}title = \"x\"\ntitle = \"y\"\n"),
            format!("{head} title = \"x\"\n"),
            format!("{head}title  = \"x\"\n"),
            format!("{head}\"quoted key\" = 1\n"),
            format!("{head}a.b = 1\n"),
            format!("{head}[survey]\nscore = 1\n"),
            format!("{head}[rca]\nfix = \"a\"\n[rca]\nfix = \"b\"\n"),
            format!("{head}[rca]\nfix = \"a\"\nfix = \"b\"\n"),
            format!("{head}events = []\n"),
            format!("{head}[[events]]\nid = \"a\"\nid = \"b\"\n"),
            format!("{head}[[events]]\n[[events.attachments]]\nsize = 1\n"),
            format!("{head}title = \"x\"\r\n"),
            format!("\u{feff}{head}"),
        ] {
            assert!(read(&text).is_none(), "{text}");
        }
    }
}
