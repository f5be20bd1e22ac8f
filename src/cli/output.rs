//! Rendering: tables sized to the terminal, JSON, colour only where wanted, and text
//! from other people cleaned of control characters before it reaches a terminal.

use std::io::{self, IsTerminal, Write};

use comfy_table::{presets, Cell, Color, ContentArrangement, Row, Table};
use git_desk::text::is_unsafe;

use super::ColorChoice;

/// Where and how a command prints.
pub struct Output {
    color: bool,
    stdout_tty: bool,
    quiet: bool,
}

impl Output {
    /// Decides colour from `--color`, `NO_COLOR` and whether stdout is a terminal.
    pub fn new(choice: ColorChoice, quiet: bool) -> Output {
        let stdout_tty = io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => stdout_tty && !no_color,
        };
        Output {
            color,
            stdout_tty,
            quiet,
        }
    }

    /// True with `--quiet`.
    pub fn quiet(&self) -> bool {
        self.quiet
    }

    /// A line of data on stdout (always printed).
    pub fn line(&self, text: impl AsRef<str>) -> io::Result<()> {
        let mut out = io::stdout().lock();
        writeln!(out, "{}", text.as_ref())
    }

    /// A message for people on stderr (left out with `--quiet`).
    pub fn info(&self, text: impl AsRef<str>) {
        if !self.quiet {
            // A full or closed stderr is no reason to fail (or panic) the command.
            let _ = writeln!(io::stderr().lock(), "{}", text.as_ref());
        }
    }

    /// A warning on stderr (always printed).
    pub fn warn(&self, text: impl AsRef<str>) {
        let _ = writeln!(
            io::stderr().lock(),
            "warning: {}",
            sanitize_line(text.as_ref())
        );
    }

    /// JSON on stdout: indented for a terminal, one line per document otherwise.
    pub fn json(&self, value: &serde_json::Value) -> io::Result<()> {
        let mut out = io::BufWriter::new(io::stdout().lock());
        if self.stdout_tty {
            serde_json::to_writer_pretty(&mut out, value)?;
        } else {
            serde_json::to_writer(&mut out, value)?;
        }
        writeln!(out)?;
        out.flush()
    }

    /// A JSON array on stdout, written item by item so a large list is never held whole
    /// (indented at once on a terminal, where lists are small enough to read).
    pub fn json_array(&self, items: impl Iterator<Item = serde_json::Value>) -> io::Result<()> {
        if self.stdout_tty {
            return self.json(&serde_json::Value::Array(items.collect()));
        }
        let mut out = io::BufWriter::new(io::stdout().lock());
        out.write_all(b"[")?;
        for (i, item) in items.enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            serde_json::to_writer(&mut out, &item)?;
        }
        out.write_all(b"]\n")?;
        out.flush()
    }

    /// [`Output::json_array`] of `render` applied to every item, rendered on every core
    /// a batch at a time (order kept), for lists of many whole tickets.
    pub fn json_array_par<T: Sync>(
        &self,
        items: &[T],
        render: impl Fn(&T) -> serde_json::Value + Sync,
    ) -> io::Result<()> {
        if self.stdout_tty {
            return self.json_array(items.iter().map(render));
        }
        const BATCH: usize = 4096;
        let mut out = io::BufWriter::new(io::stdout().lock());
        out.write_all(b"[")?;
        for (b, batch) in items.chunks(BATCH).enumerate() {
            let texts = git_desk::parallel::runs(batch.len(), |range| {
                let mut text = Vec::with_capacity(range.len() * 1024);
                for item in &batch[range] {
                    text.push(b',');
                    serde_json::to_writer(&mut text, &render(item))
                        .expect("a JSON value writes to memory");
                }
                text
            });
            for (i, text) in texts.iter().enumerate() {
                // Every item is written with a leading comma; the array's first has none.
                let skip = usize::from(b == 0 && i == 0 && !text.is_empty());
                out.write_all(&text[skip..])?;
            }
        }
        out.write_all(b"]\n")?;
        out.flush()
    }

    /// An empty table with headers, set up for where it will be printed.
    pub fn table(&self, headers: &[&str]) -> Table {
        let mut table = Table::new();
        table.load_preset(presets::NOTHING);
        if self.stdout_tty {
            table.set_content_arrangement(ContentArrangement::Dynamic);
            // Some terminals (editors' shells, fresh ptys) report no size or zero.
            if table.width().is_none_or(|w| w < 40) {
                let columns = std::env::var("COLUMNS")
                    .ok()
                    .and_then(|c| c.parse::<u16>().ok())
                    .filter(|c| *c >= 40)
                    .unwrap_or(100);
                table.set_width(columns);
            }
        } else {
            table.force_no_tty();
            table.set_content_arrangement(ContentArrangement::Disabled);
        }
        if self.color {
            table.enforce_styling();
        }
        let header: Vec<Cell> = headers
            .iter()
            .map(|h| {
                let c = Cell::new(h);
                if self.color {
                    c.add_attribute(comfy_table::Attribute::Bold)
                } else {
                    c
                }
            })
            .collect();
        table.set_header(header);
        table
    }

    /// A row kept to one line on a terminal (long cells are cut, not wrapped).
    pub fn row(&self, cells: Vec<Cell>) -> Row {
        let mut row = Row::from(cells);
        if self.stdout_tty {
            row.max_height(1);
        }
        row
    }

    /// A cell of text from people, cleaned, optionally coloured.
    pub fn cell(&self, text: &str, color: Option<Color>) -> Cell {
        let cell = Cell::new(sanitize_line(text));
        match (self.color, color) {
            (true, Some(c)) => cell.fg(c),
            _ => cell,
        }
    }

    /// Prints a table.
    pub fn print_table(&self, table: &Table) -> io::Result<()> {
        let mut out = io::BufWriter::new(io::stdout().lock());
        for line in table.lines() {
            writeln!(out, "{}", line.trim_end())?;
        }
        out.flush()
    }

    /// Text wrapped in an ANSI colour when colour is on.
    pub fn paint(&self, text: &str, color: Color) -> String {
        if !self.color {
            return text.to_string();
        }
        let code = match color {
            Color::Red => "31",
            Color::Green => "32",
            Color::Yellow => "33",
            Color::Blue => "34",
            Color::Magenta => "35",
            Color::Cyan => "36",
            _ => "1",
        };
        format!("\x1b[{code}m{text}\x1b[0m")
    }
}

/// Removes control and escape characters and bidirectional controls
/// ([`git_desk::text::is_unsafe`]) from text that came from other people; keeps newlines
/// and tabs.
pub fn sanitize(text: &str) -> String {
    text.chars()
        .filter(|&c| c == '\n' || c == '\t' || !is_unsafe(c))
        .collect()
}

/// Like [`sanitize`], and newlines and tabs become spaces: for one-line output.
pub fn sanitize_line(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\t' | '\r' => Some(' '),
            c if is_unsafe(c) => None,
            c => Some(c),
        })
        .collect()
}

/// The colour for a priority.
pub fn priority_color(p: git_desk::model::Priority) -> Option<Color> {
    match p.number() {
        1 => Some(Color::Red),
        2 => Some(Color::Yellow),
        _ => None,
    }
}

/// The colour for a status.
pub fn status_color(s: git_desk::model::Status) -> Option<Color> {
    use git_desk::model::Status;
    match s {
        Status::New => Some(Color::Cyan),
        Status::Pending => Some(Color::Magenta),
        Status::Resolved | Status::Closed => Some(Color::Green),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_never_survive() {
        let evil = "VPN \x1b[31mred\x1b[0m\x07 \u{202e}txet\r\nnext\u{9b}";
        let line = sanitize_line(evil);
        assert!(!line.contains('\x1b') && !line.contains('\x07') && !line.contains('\u{9b}'));
        assert!(!line.contains('\u{202e}') && !line.contains('\n'));
        assert_eq!(sanitize_line("a\u{061c}b\u{2067}c"), "abc");
        assert_eq!(sanitize("a\nb\x1b"), "a\nb");
    }
}
