//! Rendering: tables sized to the terminal, JSON, colour only where wanted, and text
//! from other people cleaned of control characters before it reaches a terminal.

use std::io::{self, IsTerminal, Write};

use comfy_table::{presets, Cell, Color, ContentArrangement, Row, Table};
use git_desk::text::{ellipsize, is_unsafe, width};
use git_desk::time::DisplayZone;

use super::ColorChoice;

/// Where and how a command prints.
pub struct Output {
    color: bool,
    stdout_tty: bool,
    quiet: bool,
    /// The terminal's width; `None` when stdout is not a terminal.
    columns: Option<usize>,
}

/// The width assumed for a terminal that reports none (and no `COLUMNS`).
const DEFAULT_COLUMNS: usize = 100;

/// git's `color.ui` as it bears on `--color=auto`: `Some(false)` for `never`/`false`,
/// `Some(true)` for `always`, `None` (decide by the terminal) for `auto`, `true`, unset
/// or anything else.
fn color_ui() -> Option<bool> {
    let config = git2::Repository::open_from_env()
        .and_then(|repo| repo.config())
        .or_else(|_| git2::Config::open_default())
        .ok()?;
    let value = config.get_string("color.ui").ok()?;
    match value.trim().to_ascii_lowercase().as_str() {
        "never" | "false" | "no" | "off" | "0" => Some(false),
        "always" => Some(true),
        _ => None,
    }
}

/// The width of the terminal on stdout: what it reports, else `COLUMNS`, else 100.
fn terminal_columns() -> usize {
    // Some terminals (editors' shells, fresh ptys) report no size or zero.
    Table::new()
        .width()
        .map(usize::from)
        .filter(|w| *w >= 20)
        .or_else(|| {
            std::env::var("COLUMNS")
                .ok()
                .and_then(|c| c.trim().parse::<usize>().ok())
                .filter(|c| *c >= 20)
        })
        .unwrap_or(DEFAULT_COLUMNS)
}

impl Output {
    /// Decides colour from `--color`, `NO_COLOR`, git's `color.ui` and whether stdout is
    /// a terminal, in that order.
    pub fn new(choice: ColorChoice, quiet: bool) -> Output {
        let stdout_tty = io::stdout().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let color = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto if no_color => false,
            ColorChoice::Auto => color_ui().unwrap_or(stdout_tty),
        };
        Output {
            color,
            stdout_tty,
            quiet,
            columns: stdout_tty.then(terminal_columns),
        }
    }

    /// The terminal's width in columns; `None` when stdout is not a terminal (scripts
    /// get whole lines).
    pub fn columns(&self) -> Option<usize> {
        self.columns
    }

    /// The zone times are shown in, for a desk whose `[display] timezone` is `desk`.
    pub fn zone(&self, desk: Option<chrono_tz::Tz>) -> DisplayZone {
        DisplayZone::from_env(desk)
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
        if let Some(columns) = self.columns {
            table.set_content_arrangement(ContentArrangement::Dynamic);
            table.set_width(u16::try_from(columns).unwrap_or(u16::MAX));
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

/// How a column of a [`Fitted`] table gives way when the terminal is too narrow for
/// every cell whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// Never cut: ids, priorities, states.
    Keep,
    /// Gives way, columns in order: first to shorter forms of its cells (an email's
    /// local part, a due time without the date), then cut with `…` down to `min`.
    Give { min: usize },
    /// Gives way, like [`Fit::Give`], to shorter forms only: never cut, as each form
    /// holds what matters (a state and its due time).
    Shorten,
    /// Takes the width the others leave (the title): at least two fifths of the
    /// terminal, as far as giving way gets it there.
    Fill,
}

/// A cell of a [`Fitted`] table: its text, whole first and then shorter forms, and its
/// colour.
pub struct FitCell {
    forms: Vec<String>,
    color: Option<Color>,
}

impl FitCell {
    /// A cell with one form (cut with `…` if its column must give way).
    pub fn new(text: &str, color: Option<Color>) -> FitCell {
        FitCell::forms(vec![text.to_string()], color)
    }

    /// A cell with shorter forms of the same thing, longest first.
    pub fn forms(forms: Vec<String>, color: Option<Color>) -> FitCell {
        let mut forms: Vec<String> = forms.iter().map(|f| sanitize_line(f)).collect();
        if forms.is_empty() {
            forms.push(String::new());
        }
        FitCell { forms, color }
    }

    /// An email as itself, then its local part; other text (a team) as it is.
    pub fn email(text: &str, color: Option<Color>) -> FitCell {
        match text.split_once('@') {
            Some((local, _)) if !local.is_empty() => {
                FitCell::forms(vec![text.to_string(), local.to_string()], color)
            }
            _ => FitCell::new(text, color),
        }
    }

    /// The form for a column `columns` wide.
    fn fitted(&self, columns: usize) -> String {
        match self.forms.iter().find(|f| width(f) <= columns) {
            Some(form) => form.clone(),
            None => ellipsize(self.forms.last().expect("a cell has a form"), columns),
        }
    }
}

/// A table whose columns give way in a chosen order on a narrow terminal, so the
/// title stays readable (see [`Fit`]); when not on a terminal it prints every cell
/// whole, as [`Output::table`] does.
pub struct Fitted {
    headers: Vec<(String, Fit)>,
    rows: Vec<Vec<FitCell>>,
}

impl Fitted {
    /// A table with these headers and the way each column gives way.
    pub fn new(headers: &[(&str, Fit)]) -> Fitted {
        Fitted {
            headers: headers.iter().map(|(h, f)| (h.to_string(), *f)).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row, one cell per header.
    pub fn push(&mut self, row: Vec<FitCell>) {
        debug_assert_eq!(row.len(), self.headers.len());
        self.rows.push(row);
    }

    /// The width of each column on a terminal `columns` wide, one space between
    /// columns: every cell whole when it fits; else the [`Fit::Give`] columns give way,
    /// in order, until the [`Fit::Fill`] column has two fifths of the width or all of
    /// what it needs, and the fill column takes what is left.
    pub fn widths(&self, columns: usize) -> Vec<usize> {
        let n = self.headers.len();
        let header = |i: usize| width(&self.headers[i].0);
        let level_width = |i: usize, level: usize| {
            self.rows
                .iter()
                .map(|r| width(&r[i].forms[level.min(r[i].forms.len() - 1)]))
                .max()
                .unwrap_or(0)
                .max(header(i))
        };
        let mut widths: Vec<usize> = (0..n).map(|i| level_width(i, 0)).collect();
        let budget = columns.saturating_sub(n.saturating_sub(1));
        if widths.iter().sum::<usize>() <= budget {
            return widths;
        }
        let fill = self.headers.iter().position(|(_, f)| *f == Fit::Fill);
        let fill_wanted = fill.map_or(0, |f| widths[f].min(columns * 2 / 5));
        let others = |widths: &[usize]| -> usize {
            (0..n).filter(|i| Some(*i) != fill).map(|i| widths[i]).sum()
        };
        let room = budget.saturating_sub(fill_wanted);
        let gives: Vec<(usize, usize)> = self
            .headers
            .iter()
            .enumerate()
            .filter_map(|(i, (_, f))| match f {
                Fit::Give { min } => Some((i, (*min).max(1))),
                Fit::Shorten => Some((i, usize::MAX)),
                _ => None,
            })
            .collect();
        // First shorter forms, a column at a time, a level at a time.
        for &(i, _) in &gives {
            let levels = self
                .rows
                .iter()
                .map(|r| r[i].forms.len())
                .max()
                .unwrap_or(1);
            for level in 1..levels {
                if others(&widths) <= room {
                    break;
                }
                widths[i] = widths[i].min(level_width(i, level));
            }
        }
        // Then cuts, down to each column's minimum.
        for &(i, min) in &gives {
            let over = others(&widths).saturating_sub(room);
            if over == 0 {
                break;
            }
            widths[i] = widths[i].saturating_sub(over).max(min.min(widths[i]));
        }
        if let Some(f) = fill {
            let left = budget.saturating_sub(others(&widths));
            widths[f] = widths[f].min(left.max(header(f)));
        }
        widths
    }
}

impl Output {
    /// Prints a [`Fitted`] table: sized to the terminal, or whole when not on one.
    pub fn print_fitted(&self, fitted: &Fitted) -> io::Result<()> {
        let Some(columns) = self.columns else {
            let headers: Vec<&str> = fitted.headers.iter().map(|(h, _)| h.as_str()).collect();
            let mut table = self.table(&headers);
            for row in &fitted.rows {
                table.add_row(
                    row.iter()
                        .map(|c| self.cell(&c.forms[0], c.color))
                        .collect::<Vec<_>>(),
                );
            }
            return self.print_table(&table);
        };
        let widths = fitted.widths(columns);
        let mut out = io::BufWriter::new(io::stdout().lock());
        let line = |cells: Vec<(String, Option<Color>)>, bold: bool| -> String {
            let last = cells.len().saturating_sub(1);
            let mut text = String::new();
            for (i, (cell, color)) in cells.into_iter().enumerate() {
                let pad = if i == last {
                    String::new()
                } else {
                    " ".repeat(widths[i].saturating_sub(width(&cell)) + 1)
                };
                let painted = match (color, bold) {
                    (Some(c), _) => self.paint(&cell, c),
                    (None, true) => self.paint(&cell, Color::White),
                    (None, false) => cell,
                };
                text.push_str(&painted);
                text.push_str(&pad);
            }
            text.trim_end().to_string()
        };
        let header = fitted
            .headers
            .iter()
            .zip(&widths)
            .map(|((h, _), w)| (ellipsize(h, *w), None))
            .collect();
        writeln!(out, "{}", line(header, true))?;
        for row in &fitted.rows {
            let cells = row
                .iter()
                .zip(&widths)
                .map(|(c, w)| (c.fitted(*w), c.color))
                .collect();
            writeln!(out, "{}", line(cells, false))?;
        }
        out.flush()
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

    fn ticket_table() -> Fitted {
        let mut t = Fitted::new(&[
            ("ID", Fit::Keep),
            ("WHO", Fit::Give { min: 6 }),
            ("DUE", Fit::Shorten),
            ("TITLE", Fit::Fill),
        ]);
        t.push(vec![
            FitCell::new("abc123", None),
            FitCell::email("bartholomew.smithson@example.com", None),
            FitCell::forms(
                vec!["ok 0s/4h due 11-23 13:00".into(), "ok Mon 13:00".into()],
                None,
            ),
            FitCell::new(&"word ".repeat(30), None),
        ]);
        t
    }

    #[test]
    fn a_wide_terminal_cuts_nothing_that_fits() {
        let t = ticket_table();
        assert_eq!(t.widths(300), [6, 32, 24, 150]);
    }

    #[test]
    fn narrow_columns_give_way_in_order_so_the_title_keeps_two_fifths() {
        let t = ticket_table();
        // At 100: the email's local part (20) is enough, the due time stays whole.
        assert_eq!(t.widths(100), [6, 20, 24, 47]);
        // At 80: the clock shortens to its state and due time too.
        assert_eq!(t.widths(80), [6, 20, 12, 39]);
        // At 60: the local part is cut until the title has two fifths.
        assert_eq!(t.widths(60), [6, 15, 12, 24]);
        let w = t.widths(40);
        assert_eq!(w[2], 12, "a Shorten column is never cut");
        assert_eq!(w[1], 6, "a Give column stops at its minimum");
        assert_eq!(w.iter().sum::<usize>() + 3, 40);
        assert_eq!(t.rows[0][1].fitted(w[1]), "barth…");
        assert_eq!(t.rows[0][2].fitted(w[2]), "ok Mon 13:00");
    }
}
