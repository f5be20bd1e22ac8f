//! Article text: Markdown rendered by pulldown-cmark, then cleaned by ammonia, since an
//! article's author may paste anything and the portal is read by everyone.

use std::borrow::Cow;

use pulldown_cmark::{html, Event, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Markdown as safe HTML: no script, no event handler, no style, no frame, and no image
/// from another host (an image is a request the reader did not ask for; links stay).
pub fn render(markdown: &str) -> String {
    let mut raw = String::new();
    html::push_html(&mut raw, Parser::new_ext(markdown, options()));
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer"))
        .attribute_filter(|element, attribute, value| {
            if element == "img" && attribute == "src" && !is_relative(value) {
                return None;
            }
            Some(Cow::Borrowed(value))
        })
        .clean(&raw)
        .to_string()
}

fn is_relative(url: &str) -> bool {
    !url.contains(':') && !url.starts_with("//")
}

/// The words of Markdown without its markup, for the search index and summaries.
pub fn plain_text(markdown: &str) -> String {
    let mut out = String::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item)
            | Event::Start(Tag::Item) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first words of a text, cut at a word boundary, for a result's summary.
pub fn summary(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > max_chars {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_foreign_images_are_removed() {
        let html = render(
            "Hi <script>alert(1)</script> <img src=x onerror=alert(2)> <img src=\"https://evil.example/t.png\"> [a](javascript:alert(3)) <iframe src=\"/x\"></iframe>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
        assert!(!html.contains("evil.example"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("<iframe"), "{html}");
        assert!(html.contains("<img src=\"x\""), "{html}");
    }

    #[test]
    fn markdown_is_rendered() {
        let html = render("# Title\n\n- **one**\n- `two`\n");
        assert!(html.contains("<h1>Title</h1>"), "{html}");
        assert!(html.contains("<strong>one</strong>"), "{html}");
        assert!(html.contains("<code>two</code>"), "{html}");
    }

    #[test]
    fn plain_text_and_summary() {
        let text = plain_text("# Reset\n\nOpen **Settings** and `reset`.\n");
        assert_eq!(text, "Reset Open Settings and reset.");
        assert_eq!(summary(&text, 12), "Reset Open…");
    }
}
