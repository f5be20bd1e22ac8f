//! The self-service portal (`portal build`) through the binary: the pages and their
//! links, sanitised articles, privacy, same desk -> same bytes, no other host, bad input.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::common::TestDesk;

/// Every file of a built site: path relative to the site -> bytes.
fn site_files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn text(files: &BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("{path} is missing"))
            .clone(),
    )
    .unwrap()
}

/// A desk with a catalogue (one service with its own SLA, one on the priorities'),
/// `[mail]`, self-service articles, a major incident and a known error with a workaround.
fn portal_desk() -> TestDesk {
    let desk = TestDesk::new();
    let toml = desk.desk_toml().split("\n[mail]\n").next().unwrap().to_string()
        + "\n[services.vpn]\ndescription = \"Remote access to the office network\"\nteam = \"tech-support\"\nsla = { response = \"30m\", resolution = \"2h\", calendar = \"24x7\" }\n"
        + "\n[services.printing]\ndescription = \"Office printers and scanners\"\n"
        + "\n[mail]\naddress = \"support@example.com\"\n";
    desk.commit_on_desk("desk.toml", &toml);
    desk.run_ok(&[
        "kb", "new", "VPN disconnects every hour", "-t", "vpn", "-m",
        "## Fix\n\nUpdate the **VPN client** to 6.2, then [reset your password](reset-your-password.html).\n",
    ]);
    desk.run_ok(&[
        "kb",
        "new",
        "Reset your password",
        "-t",
        "vpn",
        "-t",
        "identity",
        "-m",
        "Open the password page and choose a new one.",
    ]);
    desk.run_ok(&[
        "kb",
        "new",
        "Printer jams",
        "-t",
        "printer",
        "-m",
        "Open tray 2.",
    ]);
    desk.run_ok(&[
        "new",
        "Mail is down for everyone",
        "--major",
        "--service",
        "vpn",
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
    desk.run_ok(&["new", "Closed outage", "--major"]);
    let closed = desk.run_ok(&["ls", "--ids", "title:Closed"]);
    desk.run_ok(&["resolve", closed.trim(), "--resolution", "done"]);
    desk
}

fn build(desk: &TestDesk, dir: &Path, extra: &[&str]) -> BTreeMap<String, Vec<u8>> {
    let dir_text = dir.display().to_string();
    let mut args = vec!["portal", "build", dir_text.as_str()];
    args.extend_from_slice(extra);
    desk.run_ok(&args);
    site_files(dir)
}

fn out_dir(desk: &TestDesk, name: &str) -> PathBuf {
    desk.scratch().join(name)
}

/// Every relative `href` and `src` in the HTML pages points at a file of the site.
fn assert_links_resolve(files: &BTreeMap<String, Vec<u8>>) {
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(bytes.clone()).unwrap();
        let folder = Path::new(path).parent().unwrap().to_path_buf();
        for attr in ["href=\"", "src=\""] {
            for piece in html.split(attr).skip(1) {
                let url = piece.split('"').next().unwrap();
                if url.starts_with("mailto:") || url.starts_with('#') {
                    continue;
                }
                assert!(!url.contains("://"), "{path}: {url} leaves the site");
                let file = url.split(['#', '?']).next().unwrap();
                let mut target = folder.clone();
                for part in file.split('/') {
                    match part {
                        ".." => {
                            target.pop();
                        }
                        p => target.push(p),
                    }
                }
                let target = target.to_string_lossy().into_owned();
                assert!(
                    files.contains_key(&target),
                    "{path}: {url} -> {target} is missing"
                );
            }
        }
    }
}

#[test]
fn portal_build_writes_linked_pages_of_public_material() {
    let desk = portal_desk();
    let dir = out_dir(&desk, "site");
    let files = build(&desk, &dir, &[]);
    for page in [
        "index.html",
        "articles.html",
        "services.html",
        "issues.html",
        "help.html",
        "search.html",
        "search-index.js",
        "search.js",
        "elasticlunr.min.js",
        "style.css",
        "kb/vpn-disconnects-every-hour.html",
        "kb/reset-your-password.html",
        "kb/printer-jams.html",
        ".git-desk-portal",
    ] {
        assert!(files.contains_key(page), "{page} in {:?}", files.keys());
    }
    assert_links_resolve(&files);

    let home = text(&files, "index.html");
    assert!(home.contains("action=\"search.html\""), "{home}");
    assert!(
        home.contains("href=\"kb/vpn-disconnects-every-hour.html\""),
        "{home}"
    );
    assert!(home.contains("Mail is down for everyone"), "{home}");

    let article = text(&files, "kb/vpn-disconnects-every-hour.html");
    assert!(article.contains("<h2>Fix</h2>"), "{article}");
    assert!(article.contains("<strong>VPN client</strong>"), "{article}");
    assert!(article.contains("Related articles"), "{article}");
    assert!(
        article.contains("href=\"../kb/reset-your-password.html\""),
        "{article}"
    );

    let services = text(&files, "services.html");
    assert!(
        services.contains("Remote access to the office network"),
        "{services}"
    );
    assert!(
        services.contains("<dt>Run by</dt><dd>tech-support</dd>"),
        "{services}"
    );
    assert!(services.contains("30m around the clock"), "{services}");
    assert!(services.contains("2h around the clock"), "{services}");
    // printing has no SLA of its own: the priorities' targets (P3: 4h/3d in business hours).
    assert!(services.contains("4h in business hours"), "{services}");

    let issues = text(&files, "issues.html");
    assert!(issues.contains("Mail is down for everyone"), "{issues}");
    assert!(issues.contains("Major incident"), "{issues}");
    assert!(issues.contains("Outlook add-in crash"), "{issues}");
    assert!(issues.contains("Disable the Contoso add-in"), "{issues}");
    assert!(
        !issues.contains("Closed outage"),
        "a resolved incident is not current: {issues}"
    );
    assert!(
        !issues.contains("removed API"),
        "the root cause is not shown: {issues}"
    );

    let help = text(&files, "help.html");
    assert!(
        help.contains("href=\"mailto:support@example.com?subject=vpn%3A%20\""),
        "{help}"
    );

    let index = text(&files, "search-index.js");
    assert!(index.starts_with("window.portalSearch = "), "{index}");
    for words in [
        "VPN disconnects every hour",
        "Remote access to the office network",
        "Mail is down for everyone",
    ] {
        assert!(index.contains(words), "{words} in the index");
    }
}

#[test]
fn portal_hostile_html_in_an_article_is_sanitised() {
    let desk = TestDesk::new();
    desk.run_ok(&[
        "kb", "new", "Hostile <b>title</b>", "-m",
        "Hello <script>alert('x')</script><img src=x onerror=\"alert(1)\"> <a href=\"javascript:alert(2)\">click</a>\n\n<iframe src=\"evil.html\"></iframe><div onclick=\"steal()\" style=\"position:fixed\">text</div>\n",
    ]);
    let files = build(&desk, &out_dir(&desk, "site"), &[]);
    let page = text(&files, "kb/hostile-b-title-b.html");
    let main = page.split("<main").nth(1).unwrap();
    for bad in [
        "<script>alert",
        "onerror",
        "javascript:",
        "<iframe",
        "onclick",
        "position:fixed",
        "<b>title",
    ] {
        assert!(!main.contains(bad), "{bad} in {main}");
    }
    assert!(main.contains("Hostile &lt;b&gt;title&lt;/b&gt;"), "{main}");
    assert!(main.contains("text"), "{main}");
    // The page's only scripts are the site's own.
    assert_eq!(page.matches("<script").count(), 0, "{page}");
}

#[test]
fn portal_shows_nothing_internal_and_no_person() {
    let desk = TestDesk::new();
    let toml = desk
        .desk_toml()
        .split("\n[mail]\n")
        .next()
        .unwrap()
        .to_string()
        + "\n[services.vpn]\ndescription = \"Remote access\"\n";
    desk.commit_on_desk("desk.toml", &toml);
    desk.run_ok(&["kb", "new", "Public article", "-m", "Public words."]);
    desk.run_ok(&[
        "kb",
        "new",
        "Tier two runbook",
        "--tier",
        "2",
        "-m",
        "SECRET-RUNBOOK internal steps.",
    ]);
    desk.run_ok(&[
        "new",
        "VPN outage",
        "--major",
        "--service",
        "vpn",
        "--reporter",
        "victim.person@customer.example",
        "-m",
        "SECRET-DESCRIPTION my home address is 1 Elm St",
    ]);
    let id = desk.run_ok(&["ls", "--ids", "title:VPN"]);
    let id = id.trim();
    desk.run_ok(&["comment", id, "-m", "SECRET-COMMENT call me on 555-0100"]);
    desk.run_ok(&[
        "comment",
        id,
        "--internal",
        "-m",
        "SECRET-NOTE blame the firewall team",
    ]);
    desk.run_ok(&["assign", id, "--to", "bob.engineer@corp.example"]);
    let private = desk.new_ticket(
        "SECRET-TITLE my laptop",
        &["--reporter", "someone@customer.example"],
    );
    desk.run_ok(&["comment", &private, "-m", "SECRET-PRIVATE-COMMENT"]);
    let files = build(&desk, &out_dir(&desk, "site"), &[]);
    let all: String = files
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(all.contains("VPN outage"), "the major incident is public");
    assert!(all.contains("Public words"));
    for secret in [
        "SECRET",
        "victim.person",
        "customer.example",
        "bob.engineer",
        "corp.example",
        "alice@example.com",
        "555-0100",
        "Elm St",
        "Tier two runbook",
        "tier-two-runbook",
    ] {
        let holders: Vec<&String> = files
            .iter()
            .filter(|(_, b)| String::from_utf8_lossy(b).contains(secret))
            .map(|(p, _)| p)
            .collect();
        assert!(holders.is_empty(), "{secret} appears in {holders:?}");
    }
}

#[test]
fn portal_same_desk_gives_the_same_bytes() {
    let desk = portal_desk();
    let first = build(&desk, &out_dir(&desk, "one"), &[]);
    let second = build(&desk, &out_dir(&desk, "two"), &[]);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between two builds");
    }
    // Building again over the first replaces it with the same files, and nothing else.
    let again = build(&desk, &out_dir(&desk, "one"), &[]);
    assert_eq!(again, first);
    let leftovers: Vec<String> = fs::read_dir(desk.scratch())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".building-") || n.contains(".old-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// Every `http://` or `https://` address in the site's files.
fn addresses(files: &BTreeMap<String, Vec<u8>>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (path, bytes) in files {
        let text = String::from_utf8_lossy(bytes);
        for scheme in ["http://", "https://"] {
            for (at, _) in text.match_indices(scheme) {
                let end = text[at..]
                    .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | ')'))
                    .map_or(text.len(), |e| at + e);
                out.push((path.clone(), text[at..end].to_string()));
            }
        }
    }
    out
}

#[test]
fn portal_requests_no_other_host() {
    let desk = portal_desk();
    let files = build(&desk, &out_dir(&desk, "site"), &[]);
    assert_eq!(addresses(&files), Vec::<(String, String)>::new());

    let files = build(
        &desk,
        &out_dir(&desk, "public"),
        &["--base-url", "https://help.example.com/desk"],
    );
    let found = addresses(&files);
    assert!(!found.is_empty(), "canonical links name the base URL");
    for (path, url) in &found {
        assert!(
            url.starts_with("https://help.example.com/desk/"),
            "{path}: {url}"
        );
    }
    let article = text(&files, "kb/printer-jams.html");
    assert!(
        article.contains(
            "<link rel=\"canonical\" href=\"https://help.example.com/desk/kb/printer-jams.html\">"
        ),
        "{article}"
    );
}

#[test]
fn portal_bad_folders_and_addresses_are_refused_and_nothing_written() {
    let desk = portal_desk();
    let file = out_dir(&desk, "a-file");
    fs::write(&file, "x").unwrap();
    let other = out_dir(&desk, "photos");
    fs::create_dir(&other).unwrap();
    fs::write(other.join("cat.jpg"), "meow").unwrap();
    let missing = out_dir(&desk, "no/such/parent/site");
    let fresh = out_dir(&desk, "site");
    let cases: Vec<(Vec<String>, &[&str])> = vec![
        (vec![file.display().to_string()], &["not a folder"]),
        (
            vec![other.display().to_string()],
            &["not a portal", ".git-desk-portal"],
        ),
        (vec![missing.display().to_string()], &["does not exist"]),
        (
            vec![
                fresh.display().to_string(),
                "--base-url".into(),
                "ftp://x".into(),
            ],
            &["--base-url", "https://"],
        ),
        (
            vec![
                fresh.display().to_string(),
                "--base-url".into(),
                "https://x/\"><script>".into(),
            ],
            &["--base-url"],
        ),
    ];
    for (args, mentions) in cases {
        let mut all = vec!["portal".to_string(), "build".to_string()];
        all.extend(args);
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        desk.refused(&mut desk.cmd(&all), mentions);
    }
    assert_eq!(fs::read(&file).unwrap(), b"x");
    assert_eq!(site_files(&other).len(), 1, "the other folder is untouched");
    assert!(!fresh.exists());
    assert!(!out_dir(&desk, "no").exists());
    // An empty folder is fine.
    fs::create_dir(&fresh).unwrap();
    let files = build(&desk, &fresh, &[]);
    assert!(files.contains_key("index.html"));
}

#[test]
fn portal_shows_what_services_cost_where_and_only_public_articles() {
    let desk = TestDesk::new();
    let toml = desk
        .desk_toml()
        .split("\n[mail]\n")
        .next()
        .unwrap()
        .to_string()
        + "\n[sites.berlin]\nname = \"Berlin office\"\ncalendar = \"business\"\naddress = \"Invalidenstr. 1\"\n"
        + "\n[services.laptops]\ndescription = \"Company laptops\"\ncategory = \"Hardware\"\ncost = \"40 EUR per month\"\nsites = [\"berlin\"]\n";
    desk.commit_on_desk("desk.toml", &toml);
    desk.run_ok(&["kb", "new", "Charge a laptop", "-m", "Use the USB-C port."]);
    desk.run_ok(&[
        "kb",
        "new",
        "Staff only: reimage a laptop",
        "--visibility",
        "internal",
        "-m",
        "HIDDEN-STEPS",
    ]);
    let files = build(&desk, &out_dir(&desk, "site"), &[]);
    // The home page lists the catalogue by category.
    let home = text(&files, "index.html");
    assert!(home.contains("<h3>Hardware</h3>"), "{home}");
    let services = text(&files, "services.html");
    for shown in [
        "Hardware",
        "40 EUR per month",
        "Berlin office (Invalidenstr. 1)",
    ] {
        assert!(services.contains(shown), "{shown} in {services}");
    }
    let all: String = files
        .values()
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(all.contains("Charge a laptop"));
    assert!(!all.contains("HIDDEN-STEPS") && !all.contains("reimage"));
}

#[test]
fn portal_lists_response_and_resolution_in_each_sites_working_hours() {
    let desk = TestDesk::new();
    let toml = desk
        .desk_toml()
        .split("\n[mail]\n")
        .next()
        .unwrap()
        .to_string()
        + "\n[calendars.berlin]\ntimezone = \"Europe/Berlin\"\ndays = [\"mon-fri\"]\nhours = \"08:00-16:00\"\n"
        + "\n[calendars.newyork]\ntimezone = \"America/New_York\"\ndays = [\"mon-thu\"]\nhours = \"09:30-17:30\"\n"
        + "\n[sites.berlin]\nname = \"Berlin office\"\ncalendar = \"berlin\"\n"
        + "\n[sites.nyc]\nname = \"New York office\"\ncalendar = \"newyork\"\n"
        + "\n[services.laptops]\ndescription = \"Company laptops\"\nsites = [\"berlin\", \"nyc\"]\nsla = { response = \"2h\", resolution = \"1d\", calendar = \"site\" }\n";
    desk.commit_on_desk("desk.toml", &toml);
    let files = build(&desk, &out_dir(&desk, "site"), &[]);
    let services = text(&files, "services.html");
    for shown in [
        "Berlin office",
        "Europe/Berlin, Monday-Friday 08:00-16:00",
        "New York office",
        "America/New_York, Monday-Thursday 09:30-17:30",
        "First response within 2h in the office&#39;s working hours",
        "resolved within 1d in the office&#39;s working hours",
    ] {
        assert!(services.contains(shown), "{shown} in {services}");
    }
    // Each site's row names its own hours; the default business calendar is never
    // offered as the answer for a site that has its own.
    let berlin = services.find("Berlin office").unwrap();
    let nyc = services.find("New York office").unwrap();
    assert!(services[berlin..].contains("Europe/Berlin"));
    assert!(services[nyc..].contains("America/New_York"));
    assert!(!services.contains("in business hours"), "{services}");
}
