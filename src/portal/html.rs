//! The page frame every page shares, and escaping for text and attributes.

use std::fmt::Write as _;

/// Text made safe for HTML element content and double-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Percent-encoding for a `mailto:` query value (RFC 6068): everything but the
/// unreserved characters, as UTF-8 bytes.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The sections of the site, for the navigation bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The home page.
    Home,
    /// Articles.
    Articles,
    /// The service catalogue.
    Services,
    /// Current issues.
    Issues,
    /// How to get help.
    Help,
    /// Search results.
    Search,
}

const NAV: [(Section, &str, &str); 5] = [
    (Section::Home, "index.html", "Home"),
    (Section::Articles, "articles.html", "Articles"),
    (Section::Services, "services.html", "Services"),
    (Section::Issues, "issues.html", "Current issues"),
    (Section::Help, "help.html", "Get help"),
];

/// What a page needs to know of the site around it.
pub struct Frame<'a> {
    /// The desk's display name.
    pub desk_name: &'a str,
    /// The public address the site is served from, ending in `/`, if given.
    pub base_url: Option<&'a str>,
}

/// One page.
pub struct Page<'a> {
    /// Its path in the site (`kb/vpn.html`).
    pub path: &'a str,
    /// Its title (plain text).
    pub title: &'a str,
    /// Where it belongs in the navigation.
    pub section: Section,
    /// The HTML inside `<main>`.
    pub main: &'a str,
    /// Scripts to load at the end of the body, relative to the site's root.
    pub scripts: &'a [&'a str],
}

impl Frame<'_> {
    /// The whole HTML document of a page. Links are relative so the site works from any
    /// folder and from `file://`.
    pub fn render(&self, page: &Page<'_>) -> String {
        let root = "../".repeat(page.path.matches('/').count());
        let desk = escape(self.desk_name);
        let mut out = String::new();
        out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        // No request may leave the site: scripts and styles from itself only.
        out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'\">\n");
        let _ = writeln!(out, "<title>{} · {desk}</title>", escape(page.title));
        if let Some(base) = self.base_url {
            let _ = writeln!(
                out,
                "<link rel=\"canonical\" href=\"{}\">",
                escape(&format!("{base}{}", page.path))
            );
        }
        let _ = writeln!(out, "<link rel=\"stylesheet\" href=\"{root}style.css\">");
        out.push_str("</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n");
        out.push_str("<header class=\"site\">\n");
        let _ = writeln!(
            out,
            "<p class=\"brand\"><a href=\"{root}index.html\">{desk}</a></p>"
        );
        out.push_str("<nav aria-label=\"Sections\">\n<ul>\n");
        for (section, href, label) in NAV {
            let current = if section == page.section {
                " aria-current=\"page\""
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "<li><a href=\"{root}{href}\"{current}>{label}</a></li>"
            );
        }
        out.push_str("</ul>\n</nav>\n");
        let _ = writeln!(
            out,
            "<form class=\"search\" role=\"search\" action=\"{root}search.html\" method=\"get\">\n<label for=\"q\">Search</label>\n<input id=\"q\" name=\"q\" type=\"search\" placeholder=\"Describe the problem\">\n<button type=\"submit\">Search</button>\n</form>"
        );
        out.push_str("</header>\n<main id=\"main\">\n");
        out.push_str(page.main);
        out.push_str("</main>\n<footer class=\"site\">\n");
        let _ = writeln!(
            out,
            "<p>{desk} self-service. Not solved? <a href=\"{root}help.html\">Ask the service desk</a>.</p>"
        );
        out.push_str("</footer>\n");
        for script in page.scripts {
            let _ = writeln!(out, "<script src=\"{root}{script}\"></script>");
        }
        out.push_str("</body>\n</html>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn percent_encode_keeps_unreserved_only() {
        assert_eq!(
            percent_encode("VPN: help & more é"),
            "VPN%3A%20help%20%26%20more%20%C3%A9"
        );
    }

    #[test]
    fn nested_pages_link_up_to_the_root() {
        let frame = Frame {
            desk_name: "Desk",
            base_url: None,
        };
        let html = frame.render(&Page {
            path: "kb/vpn.html",
            title: "VPN",
            section: Section::Articles,
            main: "",
            scripts: &[],
        });
        assert!(html.contains("href=\"../style.css\""));
        assert!(html.contains("href=\"../articles.html\" aria-current=\"page\""));
    }
}
