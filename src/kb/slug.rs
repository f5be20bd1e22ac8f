//! Where an article lives: its slug, made from a title or checked, and its path.

use crate::error::DeskError;

/// The directory of the desk tree holding the articles.
pub const KB_DIR: &str = "kb";

/// The longest slug [`slugify`] makes and [`valid_slug`] accepts.
pub const MAX_SLUG_LEN: usize = 60;

/// A slug from a title: lower-case ASCII letters and digits, every other run one `-`,
/// at most [`MAX_SLUG_LEN`] characters (cut at a dash where there is one), never empty.
pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    if slug.len() > MAX_SLUG_LEN {
        let cut = &slug[..=MAX_SLUG_LEN];
        slug = match cut.rfind('-') {
            Some(dash) if dash > 0 => cut[..dash].to_string(),
            _ => slug[..MAX_SLUG_LEN].to_string(),
        };
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "article".to_string()
    } else {
        slug.to_string()
    }
}

/// True for a slug [`slugify`] could make: lower-case ASCII letters and digits in runs
/// joined by single dashes, at most [`MAX_SLUG_LEN`] characters.
pub fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_SLUG_LEN
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The error for a slug that [`valid_slug`] refuses.
pub fn invalid_slug(slug: &str) -> DeskError {
    crate::error::BadValue::Slug(slug.to_string()).into()
}

/// An article's path in the desk tree: `kb/<slug>.md`.
pub fn article_path(slug: &str) -> String {
    format!("{KB_DIR}/{slug}.md")
}

/// The slug of a `kb/<slug>.md` path, if it is an article's.
pub fn article_slug(path: &str) -> Option<String> {
    let slug = path
        .strip_prefix(KB_DIR)?
        .strip_prefix('/')?
        .strip_suffix(".md")?;
    valid_slug(slug).then(|| slug.to_string())
}

/// The error for a slug that is taken.
pub fn slug_taken(slug: &str) -> DeskError {
    crate::error::Exists::Article {
        slug: slug.to_string(),
        path: article_path(slug),
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("VPN drops after rekey"), "vpn-drops-after-rekey");
        assert_eq!(
            slugify("  Outlook: calendar -- not syncing!! "),
            "outlook-calendar-not-syncing"
        );
        assert_eq!(
            slugify("Wi-Fi (5 GHz) in Room 3.14"),
            "wi-fi-5-ghz-in-room-3-14"
        );
        assert_eq!(slugify("Überweisung fällt aus"), "berweisung-f-llt-aus");
        assert_eq!(slugify("!!!"), "article");
        assert_eq!(slugify(""), "article");
        assert_eq!(slugify("日本語"), "article");
        let long = slugify(
            "How to reset the password of a service account used by the nightly backup job on the file servers",
        );
        assert!(long.len() <= MAX_SLUG_LEN, "{long}");
        assert_eq!(
            long,
            "how-to-reset-the-password-of-a-service-account-used-by-the"
        );
        let one_word = slugify(&"a".repeat(100));
        assert_eq!(one_word.len(), MAX_SLUG_LEN);
        for s in ["vpn-rekey", "a", "x1-2y", &long, &one_word] {
            assert!(valid_slug(s), "{s}");
        }
        for s in [
            "",
            "-a",
            "a-",
            "a--b",
            "A",
            "a_b",
            "a/b",
            "../x",
            "a.md",
            &"a".repeat(61),
        ] {
            assert!(!valid_slug(s), "{s}");
        }
        assert_eq!(article_path("vpn-rekey"), "kb/vpn-rekey.md");
    }
}
