//! The self-service portal (`portal build`) in a real browser (headless Chromium under
//! chromedriver, tests/common/browser.rs): every link and file of it loads, no page asks
//! another host or logs an error, search in the page finds what `git desk kb search`
//! ranks first, the home page's box leads to results, it lays out at desktop and phone
//! widths, and a keyboard reaches the content first. One browser per test, shared by its
//! steps.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::json;
use tempfile::TempDir;

use crate::common::browser::{file_url, png_size, Browser, DESKTOP, ENTER, PHONE};
use crate::common::TestDesk;

/// A desk with two sites, a catalogue with categories, costs and sites, articles on
/// distinct subjects (one internal), a major incident and a known error.
fn browser_desk() -> TestDesk {
    let desk = TestDesk::new();
    let toml = desk.desk_toml().split("\n[mail]\n").next().unwrap().to_string()
        + "\n[sites.berlin]\nname = \"Berlin office\"\ncalendar = \"business\"\naddress = \"Invalidenstr. 1\"\n"
        + "\n[sites.lisbon]\nname = \"Lisbon office\"\ncalendar = \"24x7\"\naddress = \"Rua Augusta 10\"\nteam = \"tech-support\"\n"
        + "\n[services.vpn]\ndescription = \"Remote access to the office network\"\nteam = \"tech-support\"\ncategory = \"Network\"\ncost = \"40 EUR per month\"\nsites = [\"berlin\", \"lisbon\"]\nsla = { response = \"30m\", resolution = \"2h\", calendar = \"24x7\" }\n"
        + "\n[services.printing]\ndescription = \"Office printers and scanners\"\ncategory = \"Hardware\"\ncost = \"free\"\nsites = [\"berlin\"]\n"
        + "\n[services.email]\ndescription = \"Mailboxes, calendars and shared contacts\"\ncategory = \"Communication\"\ncost = \"12.50 USD per user\"\nsites = [\"berlin\", \"lisbon\"]\n"
        + "\n[mail]\naddress = \"support@example.com\"\n";
    desk.commit_on_desk("desk.toml", &toml);
    for (title, tags, body) in [
        (
            "VPN disconnects every hour",
            &["vpn"][..],
            "## Fix\n\nUpdate the **VPN client** to 6.2, then [reset your password](reset-your-password.html).\n",
        ),
        (
            "Reset your password",
            &["identity", "vpn"][..],
            "Open the password page and choose a new one of at least 12 characters.\n",
        ),
        (
            "Printer jams on the third floor",
            &["printer"][..],
            "Open tray 2, pull the crumpled paper out slowly and close the tray.\n",
        ),
        (
            "Scan to email",
            &["printer", "email"][..],
            "Choose *Scan*, then *Send to email*, and type your address.\n",
        ),
        (
            "Share a calendar in Outlook",
            &["email", "calendar"][..],
            "Right-click the calendar, choose *Sharing permissions* and add a colleague.\n",
        ),
        (
            "Set up the Wi-Fi on a phone",
            &["wifi", "phone"][..],
            "Join the network *corp-guest* and accept the terms on the page that opens.\n",
        ),
        (
            "Out-of-office replies",
            &["email"][..],
            "In Outlook open *Automatic replies*, write the message and set the dates.\n",
        ),
    ] {
        let mut args = vec!["kb", "new", title, "-m", body];
        for tag in tags {
            args.extend(["-t", tag]);
        }
        desk.run_ok(&args);
    }
    desk.run_ok(&[
        "kb",
        "new",
        "Firmware rollback for the badge readers",
        "--visibility",
        "internal",
        "-t",
        "badge",
        "-m",
        "Flash the badge reader firmware back to 3.1 from the maintenance laptop.",
    ]);
    desk.run_ok(&[
        "new",
        "Mail is down for everyone",
        "--major",
        "--service",
        "email",
    ]);
    let incident = desk.new_ticket("Outlook closes at start", &[]);
    let problem = desk.run_ok(&[
        "problem",
        "new",
        "Outlook add-in crash",
        "--from",
        &incident,
    ]);
    desk.run_ok(&[
        "rca",
        problem.trim(),
        "--workaround",
        "Disable the Contoso add-in",
        "--root-cause",
        "The add-in calls a removed API",
        "--known-error",
        "yes",
    ]);
    desk
}

/// Builds the portal of `desk` into a new folder of `tmp` and gives its home page.
fn build(desk: &TestDesk, tmp: &Path) -> PathBuf {
    let dir = tmp.join("site");
    desk.run_ok(&["portal", "build", &dir.display().to_string()]);
    dir.join("index.html")
}

/// Every HTML page of the site, as `file://` URLs.
fn pages(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(pages(&path));
        } else if path.extension().is_some_and(|e| e == "html") {
            out.insert(file_url(&path));
        }
    }
    out
}

#[test]
fn portal_in_a_browser_loads_every_link_and_file_from_disk_without_errors() {
    let desk = browser_desk();
    let tmp = TempDir::new().unwrap();
    let home = build(&desk, tmp.path());
    let mut browser = Browser::start(tmp.path());

    let broken = browser.broken_links(&home);
    assert!(broken.is_empty(), "{broken:#?}");
    // The crawl reached every page of the site, so what follows holds for each.
    let site = home.parent().unwrap();
    let requests = browser.requests();
    let opened: BTreeSet<String> = requests.iter().map(|r| r.page.clone()).collect();
    let unreached: Vec<String> = pages(site)
        .into_iter()
        .filter(|p| !opened.contains(p))
        .collect();
    assert!(
        unreached.is_empty(),
        "not linked from the home page: {unreached:?}"
    );
    // Every page loaded its stylesheet and scripts, from the site's folder.
    for file in [
        "style.css",
        "search.js",
        "elasticlunr.min.js",
        "search-index.js",
    ] {
        let url = file_url(&site.join(file));
        let loads: Vec<_> = requests.iter().filter(|r| r.url == url).collect();
        assert!(!loads.is_empty(), "{file} was never loaded: {requests:#?}");
        for load in loads {
            assert_eq!(load.outcome.as_deref(), Some("HTTP 200"), "{load:?}");
        }
    }
    // Which includes search with a query, which runs the most script.
    browser.open(&format!("{}?q=vpn", file_url(&site.join("search.html"))));
    browser.wait_for("the results", "document.querySelector('#results li')");
    // The page says when its answer stood (what the benchmark reports).
    let answered = browser.run(
        "return document.getElementById('results').getAttribute('data-answered-ms');",
        &[],
    );
    let ms: u64 = answered
        .as_str()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("no time to the answer: {answered:?}"));
    assert!(ms > 0, "{ms}");

    assert_eq!(browser.outside_requests(), []);
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

/// The first article `git desk kb search WORDS` ranks, as its slug.
fn kb_first(desk: &TestDesk, words: &str) -> Option<String> {
    let out = desk.run_ok(&["kb", "search", "--json", words]);
    let hits: serde_json::Value = serde_json::from_str(&out).unwrap();
    hits[0]["slug"].as_str().map(str::to_string)
}

/// What `search.html?q=WORDS` shows, in order: each result's link, relative to the site.
fn page_results(browser: &mut Browser, site: &Path, words: &str) -> Vec<String> {
    let search = file_url(&site.join("search.html"));
    let q: String = words
        .split(' ')
        .map(|w| {
            w.bytes()
                .map(|b| match b {
                    b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' => (b as char).to_string(),
                    _ => format!("%{b:02X}"),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("+");
    browser.open(&format!("{search}?q={q}"));
    browser.wait_for(
        "the search to finish",
        "document.getElementById('search-status').innerText",
    );
    let root = format!("{}/", file_url(site));
    let links = browser.run(
        "return [...document.querySelectorAll('#results li a')].map(a => a.href);",
        &[],
    );
    links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let l = l.as_str().unwrap();
            l.strip_prefix(&root).unwrap_or(l).to_string()
        })
        .collect()
}

/// Queries kept to hold the portal's search to `git desk kb search`: each names what a
/// person would type, and the article kb search ranks first must be the page's first
/// result. Left out on purpose: words whose best match is an internal article (the
/// portal never has it: checked below), words that name a service or current issue
/// better than any article ("network": the VPN service's description; the portal also
/// searches those, kb search only articles), and near ties the two scorings break
/// differently ("reset vpn password": checked below).
const KEPT_QUERIES: &[&str] = &[
    "vpn disconnects",
    "password",
    "printer paper jam",
    "outlook",
    "email",
    "scan email",
    "wifi phone",
    "automatic replies",
];

#[test]
fn portal_search_in_a_browser_finds_what_kb_search_ranks_first() {
    let desk = browser_desk();
    let tmp = TempDir::new().unwrap();
    let home = build(&desk, tmp.path());
    let site = home.parent().unwrap();
    let mut browser = Browser::start(tmp.path());

    let mut disagreements = Vec::new();
    for words in KEPT_QUERIES {
        let expected = kb_first(&desk, words)
            .unwrap_or_else(|| panic!("kb search finds nothing for {words:?}"));
        let shown = page_results(&mut browser, site, words);
        let expected = format!("kb/{expected}.html");
        if shown.first() != Some(&expected) {
            disagreements.push(format!("{words:?}: kb search {expected}, page {shown:?}"));
        }
    }
    assert!(disagreements.is_empty(), "{disagreements:#?}");

    // The internal article is kb search's answer, and not the portal's.
    let words = "badge reader firmware";
    assert_eq!(
        kb_first(&desk, words).as_deref(),
        Some("firmware-rollback-for-the-badge-readers")
    );
    assert_eq!(
        page_results(&mut browser, site, words),
        Vec::<String>::new()
    );
    assert!(browser
        .text("#search-status")
        .starts_with("Nothing matches"));

    // A near tie: kb search sums every matching word (the VPN article has "VPN" in its
    // title and tag and "reset your password" in its body), elasticlunr weighs a word by
    // the length of the field it is in, so the short title "Reset your password" wins.
    // Both scorings are fair; what they agree on is the two articles that lead.
    let words = "reset vpn password";
    let kb: serde_json::Value =
        serde_json::from_str(&desk.run_ok(&["kb", "search", "--json", words])).unwrap();
    let kb: BTreeSet<String> = (0..2)
        .map(|i| format!("kb/{}.html", kb[i]["slug"].as_str().unwrap()))
        .collect();
    let shown: BTreeSet<String> = page_results(&mut browser, site, words)
        .into_iter()
        .take(2)
        .collect();
    assert_eq!(shown, kb);

    // Services and current issues are found too.
    assert_eq!(
        page_results(&mut browser, site, "remote access")[0],
        "services.html#service-vpn"
    );
    let shown = page_results(&mut browser, site, "contoso add-in");
    assert!(shown[0].starts_with("issues.html#"), "{shown:?}");

    // From the home page's box: typed and submitted, the browser lands on the results.
    browser.open_file(&home);
    browser.type_into("#home-q", &format!("printer paper jam{ENTER}"));
    browser.wait_for(
        "the results page",
        "location.pathname.endsWith('/search.html')",
    );
    browser.wait_for("the results", "document.querySelector('#results li')");
    assert!(
        browser.url().ends_with("/search.html?q=printer+paper+jam"),
        "{}",
        browser.url()
    );
    let first = browser.run(
        "return document.querySelector('#results li a').getAttribute('href');",
        &[],
    );
    assert_eq!(first, json!("kb/printer-jams-on-the-third-floor.html"));
    assert_eq!(
        browser.run("return document.getElementById('q').value;", &[]),
        "printer paper jam"
    );
    // And with the button, as a mouse would.
    browser.open_file(&home);
    browser.type_into("#home-q", "outlook");
    browser.click("form.big button");
    browser.wait_for("the results", "document.querySelector('#results li')");
    assert!(browser.url().ends_with("/search.html?q=outlook"));

    assert_eq!(browser.outside_requests(), []);
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

#[test]
fn portal_in_a_browser_fits_desktop_and_phone_and_a_keyboard_reaches_content_first() {
    let desk = browser_desk();
    let tmp = TempDir::new().unwrap();
    let home = build(&desk, tmp.path());
    let site = home.parent().unwrap();
    let mut browser = Browser::start(tmp.path());

    for page in ["index.html", "services.html", "kb/scan-to-email.html"] {
        browser.open_file(&site.join(page));
        for (viewport, name) in [(DESKTOP, "desktop"), (PHONE, "phone")] {
            let png = tmp
                .path()
                .join(format!("{}-{name}.png", page.replace('/', "-")));
            browser.screenshot(viewport, &png);
            let bytes = fs::read(&png).unwrap();
            assert_eq!(
                png_size(&bytes),
                (viewport.width, viewport.height),
                "{page} at {name}"
            );
            // Laid out for that width: nothing makes the page scroll sideways.
            let widths = browser.run(
                "return [window.innerWidth, document.documentElement.scrollWidth];",
                &[],
            );
            assert_eq!(
                widths,
                json!([viewport.width, viewport.width]),
                "{page} at {name}"
            );
        }
    }

    // Keyboard: the first Tab lands on the skip link, which shows, and Enter on it goes
    // to the content.
    for page in ["index.html", "search.html", "kb/scan-to-email.html"] {
        browser.open_file(&site.join(page));
        browser.screenshot(DESKTOP, &tmp.path().join("keyboard.png"));
        browser.type_into("body", "\u{E004}");
        let focused = browser.run(
            "const e = document.activeElement; const r = e.getBoundingClientRect(); \
             return [e.tagName, e.className, e.getAttribute('href'), \
                     r.right > 0 && r.bottom > 0 && r.left < innerWidth];",
            &[],
        );
        assert_eq!(focused, json!(["A", "skip", "#main", true]), "{page}");
        // Nothing jumps ahead of it in the tab order.
        let ahead = browser.run(
            "return document.querySelectorAll('[tabindex]:not([tabindex=\"-1\"]):not([tabindex=\"0\"])').length;",
            &[],
        );
        assert_eq!(ahead, json!(0), "{page}");
        browser.type_into("a.skip", ENTER);
        browser.wait_for("the jump to the content", "location.hash === '#main'");
        assert_eq!(
            browser.run("return document.getElementById('main').tagName;", &[]),
            json!("MAIN"),
            "{page}"
        );
    }
}
