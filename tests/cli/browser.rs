//! The real-browser harness (headless Chromium under chromedriver) against a small static
//! site in tests/fixtures/site: a search page that reads `?q=`, links with planted
//! breakage, a page that asks other hosts, a page with console errors. Each test starts
//! its own browser.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use tempfile::TempDir;

use crate::common::browser::{file_url, png_size, Browser, DESKTOP, ENTER, PHONE};

fn site() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/site")
}

#[test]
fn search_page_shows_results_for_q_and_for_words_typed_into_its_box() {
    let tmp = TempDir::new().unwrap();
    let mut browser = Browser::start(tmp.path());
    let search = file_url(&site().join("search.html"));

    browser.open(&format!("{search}?q=VPN%20timeout"));
    assert_eq!(browser.title(), "Search");
    browser.wait_for(
        "the results",
        "document.getElementById('summary').innerText",
    );
    assert_eq!(browser.text("#summary"), "1 results for VPN timeout");
    assert_eq!(
        browser.texts("#results li"),
        ["The VPN drops every few minutes"]
    );
    assert!(browser
        .links()
        .contains(&file_url(&site().join("articles/vpn.html"))));
    // The index came from disk, as a script.
    let index = file_url(&site().join("search-index.js"));
    let requests = browser.requests();
    let loaded = requests.iter().find(|r| r.url == index);
    assert_eq!(
        loaded.and_then(|r| r.outcome.as_deref()),
        Some("HTTP 200"),
        "{requests:#?}"
    );

    // From the home page's box: the form takes the browser to search.html?q=...
    browser.open_file(&site().join("index.html"));
    browser.type_into("input[name=q]", "third floor");
    browser.click("form button");
    browser.wait_for(
        "the results page",
        "location.pathname.endsWith('/search.html')",
    );
    browser.wait_for(
        "the results",
        "document.getElementById('summary').innerText",
    );
    assert!(browser.url().ends_with("/search.html?q=third+floor"));
    assert_eq!(
        browser.texts("#results li"),
        ["Printing on the third floor"]
    );
    assert_eq!(
        browser.run("return document.getElementById('q').value;", &[]),
        "third floor"
    );

    // And again from the results page's own box, with the Enter key.
    browser.run("document.getElementById('q').value = '';", &[]);
    browser.type_into("#q", &format!("mailboxes{ENTER}"));
    browser.wait_for("the new results", "location.search === '?q=mailboxes'");
    browser.wait_for(
        "the results",
        "document.getElementById('summary').innerText",
    );
    assert_eq!(browser.texts("#results li"), ["Email"]);
}

#[test]
fn crawl_from_the_home_page_finds_exactly_the_planted_broken_links_and_files() {
    let tmp = TempDir::new().unwrap();
    let mut browser = Browser::start(tmp.path());
    let broken = browser.broken_links(&site().join("index.html"));
    let printer = file_url(&site().join("articles/printer.html"));
    let found: Vec<(&str, &str)> = broken
        .iter()
        .map(|b| (b.page.as_str(), b.href.as_str()))
        .collect();
    let image = file_url(&site().join("articles/panel.png"));
    let missing = file_url(&site().join("articles/scanner.html"));
    let fragment = format!(
        "{}#no-such-section",
        file_url(&site().join("articles/vpn.html"))
    );
    assert_eq!(
        found,
        [
            (printer.as_str(), image.as_str()),
            (printer.as_str(), missing.as_str()),
            (printer.as_str(), fragment.as_str()),
        ],
        "{broken:#?}"
    );
    assert_eq!(broken[0].reason, "did not load: net::ERR_FILE_NOT_FOUND");
    assert!(
        broken[1].reason.starts_with("no such file: "),
        "{broken:#?}"
    );
    assert!(
        broken[2]
            .reason
            .starts_with("no element with id `no-such-section` on "),
        "{broken:#?}"
    );
    // The crawl read pages only from disk.
    assert_eq!(browser.outside_requests(), []);
}

#[test]
fn requests_to_other_hosts_are_caught_and_never_leave_the_machine() {
    let tmp = TempDir::new().unwrap();
    let mut browser = Browser::start(tmp.path());
    browser.open_file(&site().join("index.html"));
    browser.open_file(&site().join("search.html"));
    assert_eq!(browser.outside_requests(), []);

    let outside = file_url(&site().join("outside.html"));
    browser.open(&outside);
    let requests = browser.outside_requests();
    let urls: Vec<&str> = requests.iter().map(|r| r.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://fonts.example.com/css?family=Inter",
            "http://192.0.2.7/pixel.png"
        ],
        "{requests:#?}"
    );
    for request in &requests {
        assert_eq!(request.page, outside);
        let outcome = request.outcome.as_deref().unwrap_or_default();
        assert!(
            outcome.starts_with("net::ERR_") || outcome == "HTTP 403",
            "{request:?}"
        );
    }
    // Both went to the harness's refusing proxy, not out (as does Chromium's own
    // background traffic, which the machine's closed network would refuse anyway).
    let refused = browser.refused();
    for line in [
        "CONNECT fonts.example.com:443 HTTP/1.1",
        "GET http://192.0.2.7/pixel.png HTTP/1.1",
    ] {
        assert!(refused.iter().any(|r| r == line), "{line}: {refused:#?}");
    }
}

#[test]
fn console_errors_of_a_page_are_read() {
    let tmp = TempDir::new().unwrap();
    let mut browser = Browser::start(tmp.path());
    browser.open_file(&site().join("index.html"));
    assert_eq!(browser.console_errors(), Vec::<String>::new());

    browser.open_file(&site().join("console.html"));
    let errors = browser.console_errors();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].contains("\"planted: the search index is missing\""),
        "{errors:#?}"
    );
    assert!(
        errors[1].contains("Uncaught Error: planted: uncaught"),
        "{errors:#?}"
    );
}

#[test]
fn screenshots_at_desktop_and_phone_sizes_are_pngs_of_that_size() {
    let tmp = TempDir::new().unwrap();
    let mut browser = Browser::start(tmp.path());
    browser.open_file(&site().join("index.html"));
    for (viewport, name) in [(DESKTOP, "desktop.png"), (PHONE, "phone.png")] {
        let png = tmp.path().join(name);
        browser.screenshot(viewport, &png);
        let bytes = fs::read(&png).unwrap();
        assert_eq!(
            png_size(&bytes),
            (viewport.width, viewport.height),
            "{name}"
        );
        // On the phone the page is laid out for the phone's width.
        assert_eq!(
            browser.run("return window.innerWidth;", &[]),
            viewport.width,
            "{name}"
        );
    }
}

#[test]
fn a_dropped_browser_leaves_no_process_behind() {
    let tmp = TempDir::new().unwrap();
    let browser = Browser::start(tmp.path());
    let profile = browser.profile().display().to_string();
    let running = || {
        let ps = Command::new("ps")
            .args(["-eo", "pid,args"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&ps.stdout)
            .lines()
            .filter(|l| l.contains(&profile))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert!(!running().is_empty(), "Chromium runs with its own profile");
    drop(browser);
    assert_eq!(running(), Vec::<String>::new());
}
