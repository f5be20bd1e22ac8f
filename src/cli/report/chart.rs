//! The weekly chart for a terminal: opened, resolved and backlog as bars of characters.

use git_desk::report::{week_label, Report};

/// What the weekly chart and the volume chart say when there is nothing to draw.
pub(super) const NO_ACTIVITY: &str = "no activity in the window";

/// The widest week label, `2026-W47`.
pub(super) const WEEK_LABEL_WIDTH: usize = 8;

/// Opened / resolved / backlog per week as bars scaled to the largest value, one line a
/// week after a legend line, each line at most `width` characters (unless `width` is too
/// small for even one-character bars). Block characters when `unicode`, ASCII otherwise.
/// No trailing newline.
pub fn weekly_chart(report: &Report, unicode: bool, width: usize) -> String {
    let max = largest_weekly(report);
    if max == 0 {
        return NO_ACTIVITY.to_string();
    }
    let glyphs = if unicode {
        ['█', '▓', '░']
    } else {
        ['#', '=', '.']
    };
    let number_width = max.to_string().len();
    // A line: the label, then per series two spaces, the bar, a space and the number.
    let fixed = WEEK_LABEL_WIDTH + 3 * (3 + number_width);
    let bar_width = (width.saturating_sub(fixed) / 3).max(1);

    let mut lines = vec![format!(
        "{} opened  {} resolved  {} backlog at week end  (full bar = {max})",
        glyphs[0], glyphs[1], glyphs[2]
    )];
    for week in &report.weeks {
        let mut line = format!("{:<WEEK_LABEL_WIDTH$}", week_label(week.start));
        for (glyph, value) in glyphs
            .iter()
            .zip([week.opened, week.resolved, week.backlog])
        {
            let len = bar_length(value, max, bar_width);
            let bar: String = std::iter::repeat_n(*glyph, len).collect();
            let pad = " ".repeat(bar_width - len);
            line.push_str(&format!("  {bar}{pad} {value:>number_width$}"));
        }
        lines.push(line);
    }
    lines.join("\n")
}

/// The largest of the weekly figures (0 for no weeks).
pub(super) fn largest_weekly(report: &Report) -> u64 {
    report
        .weeks
        .iter()
        .flat_map(|w| [w.opened, w.resolved, w.backlog])
        .max()
        .unwrap_or(0)
}

/// Characters for `value` out of `max` in `width`; anything above zero shows.
fn bar_length(value: u64, max: u64, width: usize) -> usize {
    if value == 0 || max == 0 {
        return 0;
    }
    let len = (value as f64 / max as f64 * width as f64).round() as usize;
    len.clamp(1, width)
}
