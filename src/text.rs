//! Text from people that ends up where it can do harm: on a terminal, or in a commit
//! message that plain `git log` prints.

/// True for a character that must not reach a terminal or a commit message as given:
/// control characters (C0, DEL, C1: escape sequences, bells, carriage returns) and the
/// Unicode bidirectional formatting characters, which reorder the text shown around them
/// (`invoice\u{202e}fdp.exe` reads as `invoiceexe.pdf`).
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// The bidirectional marks, embeddings, overrides and isolates (Unicode's
/// `Bidi_Control` property).
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// `text` on one line for a commit message: control characters (newlines included)
/// become spaces, bidirectional controls are dropped.
pub fn one_line(text: &str) -> String {
    text.chars()
        .filter(|&c| !is_bidi_control(c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The columns `text` takes on a terminal.
pub fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

fn char_width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

/// `text` cut to at most `columns` columns, ending in `…` when anything was cut.
pub fn ellipsize(text: &str, columns: usize) -> String {
    if width(text) <= columns {
        return text.to_string();
    }
    if columns == 0 {
        return String::new();
    }
    let mut cut = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = char_width(c);
        if used + w > columns - 1 {
            break;
        }
        cut.push(c);
        used += w;
    }
    let mut cut = cut.trim_end().to_string();
    cut.push('…');
    cut
}

/// One paragraph (no newlines) broken into lines at spaces: the first line at most
/// `first` columns, the others at most `rest`. A word wider than its line is broken
/// inside, as nothing else fits it; runs of spaces between words become one space.
pub fn wrap(paragraph: &str, first: usize, rest: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    let limit = |lines: &Vec<String>| if lines.is_empty() { first } else { rest }.max(1);
    for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
        let mut word = word;
        loop {
            let w = width(word);
            let room = limit(&lines);
            let gap = usize::from(used > 0);
            if used + gap + w <= room {
                if gap == 1 {
                    line.push(' ');
                }
                line.push_str(word);
                used += gap + w;
                break;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
                continue;
            }
            // The word alone is wider than the line: as much of it as fits.
            let mut taken = 0;
            let mut end = 0;
            for (i, c) in word.char_indices() {
                if taken + char_width(c) > room {
                    break;
                }
                taken += char_width(c);
                end = i + c.len_utf8();
            }
            let end = end.max(word.chars().next().map_or(0, char::len_utf8));
            lines.push(word[..end].to_string());
            word = &word[end..];
            if word.is_empty() {
                break;
            }
        }
    }
    if used > 0 || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bidi_control_and_escape_is_unsafe() {
        for c in [
            '\u{1b}', '\u{7}', '\r', '\u{7f}', '\u{9b}', '\u{061c}', '\u{200e}', '\u{200f}',
            '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}',
            '\u{2068}', '\u{2069}',
        ] {
            assert!(is_unsafe(c), "U+{:04X}", c as u32);
        }
        for c in ['a', 'é', 'ش', '中', ' ', '\u{200d}'] {
            assert!(!is_unsafe(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn one_line_keeps_the_words_and_drops_the_reordering() {
        assert_eq!(one_line("invoice\u{202e}fdp.exe"), "invoicefdp.exe");
        assert_eq!(one_line("a\nb\x1b[31m\u{2066}c\u{2069}"), "a b [31mc");
    }

    #[test]
    fn wrapping_breaks_at_spaces_only_when_words_fit() {
        assert_eq!(
            wrap("the quick brown fox", 9, 9),
            ["the quick", "brown fox"]
        );
        assert_eq!(
            wrap("the quick brown fox", 4, 20),
            ["the", "quick brown fox"]
        );
        assert_eq!(wrap("a  b", 10, 10), ["a b"]);
        assert_eq!(wrap("", 10, 10), [""]);
        assert_eq!(
            wrap("ab supercalifragilistic c", 5, 5),
            ["ab", "super", "calif", "ragil", "istic", "c"]
        );
        for line in wrap("日本語のテキスト 日本語", 6, 6) {
            assert!(width(&line) <= 6, "{line}");
        }
    }

    #[test]
    fn ellipsis_marks_a_cut() {
        assert_eq!(ellipsize("bartholomew", 20), "bartholomew");
        assert_eq!(ellipsize("bartholomew", 6), "barth…");
        assert_eq!(ellipsize("a b c", 3), "a…");
        assert_eq!(width(&ellipsize("日本語のテキスト", 5)), 5);
    }
}
