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
}
