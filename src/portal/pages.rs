//! Every file of the site, built from the public material.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::html::{escape, percent_encode, Frame, Page, Section};
use super::index::{self, Entry};
use super::markdown::{plain_text, render, summary};
use super::{CurrentIssue, IssueKind, Material};
use crate::config::Service;
use crate::kb::Article;
use crate::model::Priority;
use crate::sla::{SlaBook, SlaPolicy, SITE_CALENDAR};

const STYLE: &str = include_str!("assets/style.css");
const SEARCH_JS: &str = include_str!("assets/search.js");
const ELASTICLUNR_JS: &str = include_str!("assets/elasticlunr.min.js");
const ELASTICLUNR_LICENSE: &str = include_str!("assets/elasticlunr.LICENSE");

/// How many articles the home page lists as most used.
const MOST_USED: usize = 10;
/// How many related articles an article page lists.
const RELATED: usize = 5;
/// The longest summary under a search result, in characters.
const SUMMARY_CHARS: usize = 160;

/// Every file of the site: path and bytes.
pub fn all(m: &Material<'_>, base_url: Option<&str>) -> Vec<(String, Vec<u8>)> {
    let frame = Frame {
        desk_name: &m.config.name,
        base_url,
    };
    let mut files: Vec<(String, String)> = Vec::new();
    let mut page = |path: &str, title: &str, section, main: String, scripts: &[&str]| {
        let html = frame.render(&Page {
            path,
            title,
            section,
            main: &main,
            scripts,
        });
        files.push((path.to_string(), html));
    };
    page("index.html", "Self-service", Section::Home, home(m), &[]);
    page(
        "articles.html",
        "Articles",
        Section::Articles,
        articles(m),
        &[],
    );
    for a in &m.articles {
        let path = article_href(a);
        page(&path, &a.title, Section::Articles, article(m, a), &[]);
    }
    page(
        "services.html",
        "Services",
        Section::Services,
        services(m),
        &[],
    );
    page(
        "issues.html",
        "Current issues",
        Section::Issues,
        issues(m),
        &[],
    );
    page("help.html", "Get help", Section::Help, help(m), &[]);
    page(
        "search.html",
        "Search",
        Section::Search,
        search_page(),
        &["elasticlunr.min.js", "search-index.js", "search.js"],
    );
    files.push(("search-index.js".into(), index::script(&entries(m))));
    files.push(("style.css".into(), STYLE.into()));
    files.push(("search.js".into(), SEARCH_JS.into()));
    files.push(("elasticlunr.min.js".into(), ELASTICLUNR_JS.into()));
    files.push(("elasticlunr.LICENSE.txt".into(), ELASTICLUNR_LICENSE.into()));
    files
        .into_iter()
        .map(|(p, text)| (p, text.into_bytes()))
        .collect()
}

fn article_href(a: &Article) -> String {
    format!("kb/{}.html", a.slug)
}

fn service_anchor(name: &str) -> String {
    format!("service-{name}")
}

/// How often an article helped: people who read it instead of filing, and tickets it
/// resolved or was linked to.
fn uses(a: &Article) -> usize {
    a.deflections.len() + a.tickets.len()
}

fn home(m: &Material<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<h1>How can we help?</h1>\n<form class=\"search big\" role=\"search\" action=\"search.html\" method=\"get\">\n<label for=\"home-q\">Search articles, services and current issues</label>\n<input id=\"home-q\" name=\"q\" type=\"search\" placeholder=\"e.g. vpn disconnects\">\n<button type=\"submit\">Search</button>\n</form>"
    );
    if !m.issues.is_empty() {
        let _ = writeln!(
            out,
            "<section class=\"notice\" aria-labelledby=\"now\">\n<h2 id=\"now\">Current issues</h2>\n<ul>"
        );
        for i in &m.issues {
            let _ = writeln!(
                out,
                "<li><a href=\"issues.html#{}\">{}</a>: {}</li>",
                escape(&i.anchor),
                escape(&i.title),
                escape(i.status)
            );
        }
        out.push_str("</ul>\n</section>\n");
    }
    // The catalogue by its categories (services without one last, as "Other services").
    out.push_str("<section aria-labelledby=\"services\">\n<h2 id=\"services\">Services</h2>\n");
    if m.config.services.is_empty() {
        out.push_str("<p>No services are listed yet.</p>\n");
    } else {
        let mut categories: BTreeMap<Option<&str>, Vec<(&String, &Service)>> = BTreeMap::new();
        for (name, s) in &m.config.services {
            categories
                .entry(s.category.as_deref())
                .or_default()
                .push((name, s));
        }
        let named = categories.keys().any(Option::is_some);
        // Named categories in order, then the uncategorised.
        let mut order: Vec<Option<&str>> =
            categories.keys().copied().filter(Option::is_some).collect();
        if categories.contains_key(&None) {
            order.push(None);
        }
        for category in order {
            if named {
                let _ = writeln!(
                    out,
                    "<h3>{}</h3>",
                    escape(category.unwrap_or("Other services"))
                );
            }
            out.push_str("<ul class=\"cards\">\n");
            for (name, s) in &categories[&category] {
                let _ = writeln!(
                    out,
                    "<li><a href=\"services.html#{}\">{}</a>{}</li>",
                    escape(&service_anchor(name)),
                    escape(name),
                    s.description
                        .as_deref()
                        .map(|d| format!("<br><span>{}</span>", escape(d)))
                        .unwrap_or_default()
                );
            }
            out.push_str("</ul>\n");
        }
    }
    out.push_str("</section>\n");
    out.push_str(
        "<section aria-labelledby=\"most-used\">\n<h2 id=\"most-used\">Most used articles</h2>\n",
    );
    let mut ranked: Vec<&&Article> = m.articles.iter().collect();
    ranked.sort_by(|a, b| uses(b).cmp(&uses(a)).then_with(|| a.slug.cmp(&b.slug)));
    if ranked.is_empty() {
        out.push_str("<p>No articles yet.</p>\n");
    } else {
        out.push_str("<ol>\n");
        for a in ranked.into_iter().take(MOST_USED) {
            let _ = writeln!(
                out,
                "<li><a href=\"{}\">{}</a></li>",
                escape(&article_href(a)),
                escape(&a.title)
            );
        }
        out.push_str("</ol>\n<p><a href=\"articles.html\">All articles</a></p>\n");
    }
    out.push_str("</section>\n");
    out
}

fn article_list(out: &mut String, list: &[&Article], root: &str) {
    out.push_str("<ul>\n");
    for a in list {
        let _ = writeln!(
            out,
            "<li><a href=\"{root}{}\">{}</a></li>",
            escape(&article_href(a)),
            escape(&a.title)
        );
    }
    out.push_str("</ul>\n");
}

fn articles(m: &Material<'_>) -> String {
    let mut out = String::from("<h1>Articles</h1>\n");
    if m.articles.is_empty() {
        out.push_str("<p>No articles yet.</p>\n");
        return out;
    }
    let mut list: Vec<&Article> = m.articles.to_vec();
    list.sort_by(|a, b| (a.title.to_lowercase(), &a.slug).cmp(&(b.title.to_lowercase(), &b.slug)));
    article_list(&mut out, &list, "");
    out
}

fn article(m: &Material<'_>, a: &Article) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "<article>\n<h1>{}</h1>", escape(&a.title));
    let _ = writeln!(
        out,
        "<p class=\"meta\">Updated <time datetime=\"{}\">{}</time>{}</p>",
        a.updated.format("%Y-%m-%d"),
        a.updated.format("%-d %B %Y"),
        if a.tags.is_empty() {
            String::new()
        } else {
            format!(" · {}", escape(&a.tags.join(", ")))
        }
    );
    out.push_str("<div class=\"body\">\n");
    out.push_str(&render(&a.body));
    out.push_str("</div>\n</article>\n");
    // Related: the articles sharing the most tags, then by use.
    let mut related: Vec<(usize, &Article)> = m
        .articles
        .iter()
        .filter(|b| b.slug != a.slug)
        .map(|b| (b.tags.iter().filter(|t| a.tags.contains(t)).count(), *b))
        .filter(|(shared, _)| *shared > 0)
        .collect();
    related.sort_by(|x, y| {
        y.0.cmp(&x.0)
            .then_with(|| uses(y.1).cmp(&uses(x.1)))
            .then_with(|| x.1.slug.cmp(&y.1.slug))
    });
    if !related.is_empty() {
        out.push_str(
            "<aside aria-labelledby=\"related\">\n<h2 id=\"related\">Related articles</h2>\n",
        );
        let list: Vec<&Article> = related.into_iter().take(RELATED).map(|(_, b)| b).collect();
        article_list(&mut out, &list, "../");
        out.push_str("</aside>\n");
    }
    out.push_str("<p><a href=\"../help.html\">This did not help: ask the service desk</a></p>\n");
    out
}

/// `4h around the clock`, `3d in business hours`: a target in words; `site_hours` is the
/// calendar of the office the times are listed for, described above them.
fn targets(policy: &SlaPolicy, site_hours: Option<&str>) -> (String, String) {
    let hours = if policy.calendar.is_always_open() {
        "around the clock".to_string()
    } else if site_hours == Some(policy.calendar.name()) {
        "in the office's working hours".to_string()
    } else {
        format!("in {} hours", policy.calendar.name())
    };
    (
        format!("{} {hours}", policy.response),
        format!("{} {hours}", policy.resolution),
    )
}

/// True when the times of `service` depend on the site: its policy, or one of the
/// priorities' it falls back to, runs on the site's calendar.
fn on_site_calendar(m: &Material<'_>, service: &Service) -> bool {
    match &service.sla {
        Some(spec) => spec.calendar == SITE_CALENDAR,
        None => m.config.sla.values().any(|s| s.calendar == SITE_CALENDAR),
    }
}

/// The expected first response and resolution of `name` at `site` (or anywhere): one
/// sentence for a service with its own SLA, a table by priority otherwise.
fn expected_times(out: &mut String, m: &Material<'_>, name: &str, site: Option<&str>) {
    let policy = |p: Priority| m.config.policy_at(p, Some(name), site);
    let site_hours = site
        .and_then(|key| m.config.sites.get(key))
        .map(|s| s.calendar.as_str());
    if m.config.services[name].sla.is_some() {
        let (response, resolution) = targets(&policy(Priority::new(3).expect("P3")), site_hours);
        let _ = writeln!(
            out,
            "<p>First response within {}; resolved within {}.</p>",
            escape(&response),
            escape(&resolution)
        );
        return;
    }
    out.push_str("<table>\n<caption>Expected times by priority</caption>\n<thead><tr><th scope=\"col\">Priority</th><th scope=\"col\">First response</th><th scope=\"col\">Resolution</th></tr></thead>\n<tbody>\n");
    for n in 1..=5 {
        let p = Priority::new(n).expect("1-5 are priorities");
        let (response, resolution) = targets(&policy(p), site_hours);
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">P{n}</th><td>{}</td><td>{}</td></tr>",
            escape(&response),
            escape(&resolution)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn services(m: &Material<'_>) -> String {
    let mut out = String::from("<h1>Services</h1>\n");
    if m.config.services.is_empty() {
        out.push_str("<p>No services are listed yet.</p>\n");
        return out;
    }
    out.push_str("<p>What the service desk looks after, who runs it, and how soon you can expect an answer and a fix.</p>\n");
    for (name, s) in &m.config.services {
        let _ = writeln!(
            out,
            "<section class=\"service\" id=\"{}\">\n<h2>{}</h2>",
            escape(&service_anchor(name)),
            escape(name)
        );
        if let Some(d) = &s.description {
            let _ = writeln!(out, "<p>{}</p>", escape(d));
        }
        out.push_str("<dl>\n");
        if let Some(team) = &s.team {
            let _ = writeln!(out, "<dt>Run by</dt><dd>{}</dd>", escape(team));
        }
        if let Some(category) = &s.category {
            let _ = writeln!(out, "<dt>Category</dt><dd>{}</dd>", escape(category));
        }
        if let Some(cost) = &s.cost {
            let _ = writeln!(out, "<dt>Cost</dt><dd>{}</dd>", escape(&cost.to_string()));
        }
        if !s.sites.is_empty() {
            let offered: Vec<String> = s
                .sites
                .iter()
                .map(|key| {
                    let site = &m.config.sites[key];
                    match &site.address {
                        Some(address) => format!("{} ({})", site.name, address),
                        None => site.name.clone(),
                    }
                })
                .collect();
            let _ = writeln!(
                out,
                "<dt>Offered at</dt><dd>{}</dd>",
                escape(&offered.join("; "))
            );
        }
        out.push_str("</dl>\n");
        if !s.sites.is_empty() && on_site_calendar(m, s) {
            // Each office counts the clock in its own working hours.
            for key in &s.sites {
                let site = &m.config.sites[key];
                let calendar = m
                    .config
                    .policy_at(Priority::new(3).expect("P3"), Some(name), Some(key))
                    .calendar;
                let _ = writeln!(
                    out,
                    "<h3>At {}</h3>\n<p class=\"meta\">Working hours: {}.</p>",
                    escape(&site.name),
                    escape(&calendar.describe())
                );
                expected_times(&mut out, m, name, Some(key));
            }
        } else {
            expected_times(&mut out, m, name, None);
        }
        let _ = writeln!(
            out,
            "<p><a href=\"help.html#{}\">Get help with {}</a></p>\n</section>",
            escape(&service_anchor(name)),
            escape(name)
        );
    }
    out
}

fn issue_kind(i: &CurrentIssue) -> &'static str {
    match i.kind {
        IssueKind::MajorIncident => "Major incident",
        IssueKind::KnownError => "Known error",
    }
}

fn issues(m: &Material<'_>) -> String {
    let mut out = String::from("<h1>Current issues</h1>\n");
    if m.issues.is_empty() {
        out.push_str("<p>No known issues right now.</p>\n");
        return out;
    }
    for i in &m.issues {
        let _ = writeln!(
            out,
            "<section class=\"issue\" id=\"{}\">\n<h2>{}</h2>\n<dl>\n<dt>What</dt><dd>{}</dd>\n<dt>Status</dt><dd>{}</dd>\n<dt>Since</dt><dd><time datetime=\"{}\">{}</time></dd>",
            escape(&i.anchor),
            escape(&i.title),
            issue_kind(i),
            escape(i.status),
            i.since.format("%Y-%m-%dT%H:%MZ"),
            i.since.format("%-d %B %Y, %H:%M UTC"),
        );
        if let Some(service) = &i.service {
            let _ = writeln!(
                out,
                "<dt>Service</dt><dd><a href=\"services.html#{}\">{}</a></dd>",
                escape(&service_anchor(service)),
                escape(service)
            );
        }
        out.push_str("</dl>\n");
        if let Some(w) = &i.workaround {
            out.push_str("<h3>Workaround</h3>\n<div class=\"body\">\n");
            out.push_str(&render(w));
            out.push_str("</div>\n");
        }
        out.push_str("</section>\n");
    }
    out
}

fn help(m: &Material<'_>) -> String {
    let mut out = String::from("<h1>Get help</h1>\n");
    out.push_str("<p>First <a href=\"search.html\">search</a> the articles and check the <a href=\"issues.html\">current issues</a>: the answer may be there already.</p>\n");
    let Some(mail) = &m.config.mail else {
        out.push_str("<p>This service desk takes no requests by mail yet: contact it the way your organisation tells you to.</p>\n");
        return out;
    };
    let address = escape(&mail.address);
    let _ = writeln!(
        out,
        "<p>Write to <a href=\"mailto:{address}\">{address}</a>: every message becomes a ticket, and replies come back to you by mail.</p>"
    );
    if !m.config.services.is_empty() {
        out.push_str("<h2>By service</h2>\n<ul class=\"help\">\n");
        for name in m.config.services.keys() {
            let subject = percent_encode(&format!("{name}: "));
            let _ = writeln!(
                out,
                "<li id=\"{}\"><a href=\"mailto:{address}?subject={}\">Ask about {}</a></li>",
                escape(&service_anchor(name)),
                escape(&subject),
                escape(name)
            );
        }
        out.push_str("</ul>\n");
    }
    out
}

fn search_page() -> String {
    "<h1>Search</h1>\n<p id=\"search-status\" role=\"status\">Type words in the search box.</p>\n<ol id=\"results\" class=\"results\"></ol>\n<noscript><p>Search runs in your browser and needs JavaScript: browse the <a href=\"articles.html\">articles</a> and <a href=\"services.html\">services</a> instead.</p></noscript>\n".to_string()
}

fn entries(m: &Material<'_>) -> Vec<Entry> {
    let mut out = Vec::new();
    for a in &m.articles {
        let body = plain_text(&a.body);
        out.push(Entry {
            href: article_href(a),
            kind: "Article",
            title: a.title.clone(),
            tags: a.tags.join(" "),
            summary: summary(&body, SUMMARY_CHARS),
            body,
        });
    }
    for (name, s) in &m.config.services {
        let description = s.description.clone().unwrap_or_default();
        out.push(Entry {
            href: format!("services.html#{}", service_anchor(name)),
            kind: "Service",
            title: name.clone(),
            tags: s.team.clone().unwrap_or_default(),
            summary: summary(&description, SUMMARY_CHARS),
            body: description,
        });
    }
    for i in &m.issues {
        let workaround = i.workaround.as_deref().map(plain_text).unwrap_or_default();
        out.push(Entry {
            href: format!("issues.html#{}", i.anchor),
            kind: issue_kind(i),
            title: i.title.clone(),
            tags: i.service.clone().unwrap_or_default(),
            summary: summary(&format!("{} {workaround}", i.status), SUMMARY_CHARS),
            body: workaround,
        });
    }
    out
}
