use super::*;
use crate::model::Grade;

#[test]
fn the_default_config_is_valid_and_follows_the_spec() {
    let c = DeskConfig::default();
    assert_eq!(
        c.tier(Tier::new(2).unwrap()).team.as_deref(),
        Some("tech-support")
    );
    assert_eq!(c.tier_label(Tier::new(1).unwrap()), "L1 Service desk");
    assert_eq!(c.matrix, PriorityMatrix::default());
    assert_eq!(c.sla.len(), 5);
    let p1 = c.policy(Priority::new(1).unwrap(), None);
    assert_eq!(p1.response.text(), "15m");
    assert_eq!(p1.calendar.name(), "24x7");
    assert_eq!(
        c.policy(Priority::new(4).unwrap(), None).calendar.name(),
        "business"
    );
    assert_eq!(c.escalation.len(), 1);
    assert_eq!(c.escalation[0].escalate_to, Tier::new(2));
    assert!(!c.permissions.by_tier);
}

#[test]
fn every_cell_of_a_custom_matrix_is_used() {
    let c = DeskConfig::parse(
        "[priority]\nhigh = ['P1','P1','P2']\nmedium = ['P2','P3','P4']\nlow = ['P4','P5','P5']\n",
    )
    .unwrap();
    let expect = [
        (Grade::High, Grade::High, "P1"),
        (Grade::High, Grade::Medium, "P1"),
        (Grade::High, Grade::Low, "P2"),
        (Grade::Medium, Grade::High, "P2"),
        (Grade::Medium, Grade::Medium, "P3"),
        (Grade::Medium, Grade::Low, "P4"),
        (Grade::Low, Grade::High, "P4"),
        (Grade::Low, Grade::Medium, "P5"),
        (Grade::Low, Grade::Low, "P5"),
    ];
    for (i, u, p) in expect {
        assert_eq!(c.matrix.priority(i, u).to_string(), p, "{i} x {u}");
    }
}

#[test]
fn services_override_the_sla_of_their_priority() {
    let text = format!(
        "{DEFAULT_CONFIG}\n[services.vpn]\ndescription = 'VPN'\nteam = 'tech-support'\nsla = {{ response = '30m', resolution = '2h', calendar = '24x7' }}\n"
    );
    let c = DeskConfig::parse(&text).unwrap();
    let p = c.policy(Priority::new(4).unwrap(), Some("vpn"));
    assert_eq!(p.response.text(), "30m");
    assert_eq!(p.calendar.name(), "24x7");
    assert_eq!(
        c.policy(Priority::new(4).unwrap(), Some("email"))
            .response
            .text(),
        "1d"
    );
}

fn refused(text: &str, mentions: &[&str]) {
    let err = DeskConfig::parse(text).unwrap_err();
    assert!(!err.contains('\n'), "one line: {err}");
    for m in mentions {
        assert!(err.contains(m), "{m:?} in {err}");
    }
}

#[test]
fn mistakes_are_named_with_their_line() {
    refused(
        "name = 'x'\n[tiers.7]\nname = 'y'\n",
        &["tiers.7", "0 to 4"],
    );
    refused(
        "[[routing]]\nwhen = 'colour:red'\ntier = 2\n",
        &["line 2", "colour", "priority"],
    );
    refused(
        "[[escalation]]\nwhen = 'tier:1'\nescalate_to = 9\n",
        &["line 3", "9", "0 to 4"],
    );
    refused(
        "[sla.P1]\nresponse = '15y'\nresolution = '4h'\ncalendar = '24x7'\n",
        &["line 2", "15y"],
    );
    refused(
        "[calendars.berlin]\ntimezone = 'Europe/Berln'\ndays = ['mon']\nhours = '09:00-17:00'\n",
        &["line 2", "Europe/Berln"],
    );
    refused(
        "[sla.P3]\nresponse = '4h'\nresolution = '3d'\ncalendar = 'lunar'\n",
        &["line 4", "lunar"],
    );
    refused(
        "[teams.a]\nmembers = []\ntiers = [1]\n[tiers.1]\nteam = 'b'\n",
        &["line 5", "'b'", "not defined"],
    );
    refused("[[escalation]]\nwhen = 'tier:1'\n", &["does nothing"]);
    refused(
        "[teams.a]\nmembers = []\ntiers = [1]\n[[routing]]\nwhen = 'label:x'\nteam = 'a'\nround_robin = true\n",
        &["round_robin", "members"],
    );
    refused("[sla]\nwarning = [0.75, 1.5]\n", &["line 2", "warning"]);
    refused("name = \n", &["line 1"]);
}

#[test]
fn membership_decides_who_serves_a_tier() {
    let c = DeskConfig::parse(
        "[teams.l3]\nmembers = ['Sam@Example.com']\ntiers = [3]\n[teams.desk]\nmembers = ['al@example.com']\ntiers = [0, 1]\n",
    )
    .unwrap();
    assert!(c.serves("sam@example.com", Tier::new(3).unwrap()));
    assert!(!c.serves("al@example.com", Tier::new(3).unwrap()));
    assert_eq!(c.teams_of("al@example.com"), vec!["desk"]);
}

#[test]
fn unknown_keys_are_reported_with_their_line_not_refused() {
    let c = DeskConfig::parse(
        "name = 'x'\nnmae = 'y'\n[routng]\nwhen = 'x'\n[teams.a]\nmembers = []\nshift = 'night'\n[[routing]]\nwhen = 'label:x'\nweight = 2\n[services.vpn]\nsla = { response = '1h', resolution = '4h', pause = true }\n[permissions]\nby_tier = true\n[permissions.actions]\nrca = [3]\n",
    )
    .unwrap();
    let found: Vec<(usize, &str)> = c
        .unknown_keys
        .iter()
        .map(|k| (k.line, k.key.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (2, "nmae"),
            (3, "routng"),
            (7, "teams.a.shift"),
            (10, "routing[1].weight"),
            (12, "services.vpn.sla.pause"),
        ]
    );
    assert!(c.permissions.by_tier, "the rest is read as written");
    assert!(c.rules().is_ok());
    assert!(DeskConfig::default().unknown_keys.is_empty());
}

#[test]
fn a_stand_in_configuration_refuses_its_rules() {
    let c = DeskConfig::stand_in("line 3, at `x = = 1`: extra `=`");
    let err = c.rules().unwrap_err();
    assert!(err.is_bad_input());
    let text = err.to_string();
    assert!(
        text.contains("desk.toml") && text.contains("line 3") && text.contains("config edit"),
        "{text}"
    );
}

#[test]
fn syntax_errors_quote_their_line() {
    refused(
        "[permissions]\nby_tier = = true\n",
        &["line 2", "`by_tier = = true`"],
    );
}

#[test]
fn a_query_without_a_configuration_judges_slas_as_the_default_desk_toml_does() {
    // QueryContext { config: None } uses PriorityMatrix::default() and DefaultBook, so
    // that the query language need not read desk.toml: they must be what it says.
    let c = DeskConfig::default();
    assert_eq!(SlaTerms::matrix(&c), &PriorityMatrix::default());
    for n in 1..=5 {
        let priority = Priority::new(n).unwrap();
        assert_eq!(
            c.policy(priority, None),
            crate::sla::DefaultBook.policy(priority, None),
            "P{n}"
        );
    }
}

#[test]
fn mail_and_notify_are_read_and_checked_with_their_line() {
    let base = "[mail]\naddress = \"Support@Example.com\"\n";
    let c = DeskConfig::parse(base).unwrap();
    let mail = c.mail.as_ref().unwrap();
    assert_eq!(mail.address, "support@example.com");
    assert_eq!(mail.tag, "desk");
    assert_eq!(mail.max_attachment, 10 << 20);
    assert_eq!(c.notify, super::default_notify());
    assert!(DeskConfig::parse("").unwrap().mail.is_none());

    let bad = |text: &str, needle: &str| {
        let err = DeskConfig::parse(text).unwrap_err();
        assert!(err.contains(needle), "{err}");
    };
    bad(
        "[mail]\naddress = \"support\"\n",
        "line 2: [mail] address 'support'",
    );
    bad(&format!("{base}tag = \"my desk\"\n"), "line 3: [mail] tag");
    bad(
        &format!("{base}since = 2026-11-30\n"),
        "line 3: [mail] since needs a date and time",
    );
    let since = DeskConfig::parse(&format!("{base}since = 2026-11-30T09:00:00Z\n")).unwrap();
    let since = since.mail.unwrap();
    let at = |s: &str| s.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    assert_eq!(
        since.notices_since(at("2026-12-01T09:00:00Z")),
        at("2026-11-30T09:00:00Z")
    );
    assert_eq!(
        since.notices_since(at("2026-12-30T09:00:00Z")),
        at("2026-12-23T09:00:00Z")
    );
    bad(
        &format!("{base}max_attachment = \"lots\"\n"),
        "line 3: [mail] max_attachment 'lots'",
    );
    bad(
        &format!("{base}[[notify]]\non = [\"filed\", \"exploded\"]\nto = \"reporter\"\n"),
        "line 4: [[notify]] #1 on: 'exploded' is not an event",
    );
    bad(
        &format!("{base}[[notify]]\non = [\"filed\"]\nto = \"customers\"\n"),
        "line 5: [[notify]] #1 to: 'customers' is neither a recipient kind",
    );
    bad(
        "[teams.desk]\nemail = \"desk at example\"\n",
        "[teams.desk] email 'desk at example'",
    );

    let c = DeskConfig::parse(&format!(
        "{base}[[notify]]\non = [\"sla-breached\"]\nto = \"noc@example.com\"\n"
    ))
    .unwrap();
    assert_eq!(
        c.notify,
        vec![super::NotifyRule {
            on: vec![super::NoticeKind::SlaBreached],
            to: super::Recipient::Address("noc@example.com".into()),
        }]
    );
    assert!(c.unknown_keys.is_empty(), "{:?}", c.unknown_keys);
}

#[test]
fn server_identity_accounts_and_rights_are_read_and_checked() {
    let c = DeskConfig::default();
    assert_eq!(c.server, ServerConfig::default());
    assert_eq!(
        c.server.identity_sources().len(),
        DEFAULT_IDENTITY_VARS.len()
    );
    assert!(
        c.may_configure("anyone@example.com"),
        "no [permissions]: anyone"
    );
    assert!(!c.may_relay("anyone@example.com"), "relaying needs a team");

    let text = format!(
        "{}\n[server]\nidentity = 'env:GL_USER'\nsigned = true\n\n[accounts]\nalice = 'Alice@Example.com'\n",
        DEFAULT_CONFIG.replace("by_tier = false", "by_tier = false\nconfig = ['engineering']").replace(
            "[teams.engineering]\nmembers = []",
            "[teams.engineering]\nmembers = ['alice@example.com']"
        ).replace(
            "[teams.tech-support]\nmembers = []",
            "[teams.tech-support]\nmembers = ['bob@example.com']"
        )
    );
    let c = DeskConfig::parse(&text).unwrap();
    assert_eq!(
        c.server.identity_sources(),
        vec![IdentitySource::Env("GL_USER".into())]
    );
    assert!(c.server.signed);
    assert_eq!(
        c.account_email("alice").as_deref(),
        Some("alice@example.com")
    );
    assert_eq!(
        c.account_email("Carol@x.org").as_deref(),
        Some("carol@x.org")
    );
    assert_eq!(c.account_email("mallory"), None);
    assert!(c.may_configure("alice@example.com"));
    assert!(
        !c.may_configure("bob@example.com"),
        "not in the config teams"
    );
    assert!(
        c.may_relay("bob@example.com"),
        "no relay list: any team member"
    );
    assert!(!c.may_relay("carol@example.com"));
}

#[test]
fn bad_server_accounts_and_rights_name_their_line() {
    for (text, mentions) in [
        (
            "[server]\nidentity = 'GL_USER'\n",
            &["line 2", "env:NAME"][..],
        ),
        (
            "[server]\nidentity = 'env:'\n",
            &["line 2", "[server] identity"],
        ),
        ("[server]\nsigned = 'yes'\n", &["line 2"]),
        (
            "\n[accounts]\nalice = 'alice'\n",
            &["line 3", "[accounts] alice"],
        ),
        (
            "[teams.a]\nmembers = []\n[permissions]\nrelay = ['b']\n",
            &["line 4", "team 'b' is not defined"],
        ),
    ] {
        let err = DeskConfig::parse(text).unwrap_err();
        for m in mentions {
            assert!(err.contains(m), "{text:?}: {err}");
        }
    }
    let unknown = DeskConfig::parse("[server]\nsigend = true\n")
        .unwrap()
        .unknown_keys;
    assert_eq!(unknown[0].key, "server.sigend");
}

const TWO_SITES: &str = "[teams.berlin-desk]\nmembers = ['bea@example.com']\ntiers = [1]\n\
[calendars.berlin]\ntimezone = 'Europe/Berlin'\ndays = ['mon','tue','wed','thu','fri']\nhours = '09:00-17:00'\n\
[calendars.newyork]\ntimezone = 'America/New_York'\ndays = ['mon','tue','wed','thu','fri']\nhours = '09:00-17:00'\n\
[sites.berlin]\nname = 'Berlin office'\ncalendar = 'berlin'\naddress = 'Unter den Linden 1, Berlin'\nteam = 'berlin-desk'\n\
[sites.nyc]\ncalendar = 'newyork'\n";

#[test]
fn sites_and_the_catalogue_s_cost_category_and_sites_are_read() {
    let text = format!(
        "{TWO_SITES}[services.laptop]\ndescription = 'A laptop'\ncategory = 'Hardware'\ncost = '40 EUR per month'\nsites = ['berlin', 'nyc']\n[services.vpn]\n"
    );
    let c = DeskConfig::parse(&text).unwrap();
    let berlin = &c.sites["berlin"];
    assert_eq!(berlin.name, "Berlin office");
    assert_eq!(berlin.calendar, "berlin");
    assert_eq!(
        berlin.address.as_deref(),
        Some("Unter den Linden 1, Berlin")
    );
    assert_eq!(berlin.team.as_deref(), Some("berlin-desk"));
    assert_eq!(
        c.sites["nyc"].name, "nyc",
        "the key stands in for a missing name"
    );
    let laptop = &c.services["laptop"];
    assert_eq!(laptop.category.as_deref(), Some("Hardware"));
    assert_eq!(
        laptop.cost.as_ref().map(ToString::to_string).as_deref(),
        Some("40 EUR per month")
    );
    assert_eq!(laptop.sites, ["berlin", "nyc"]);
    let vpn = &c.services["vpn"];
    assert!(vpn.cost.is_none() && vpn.category.is_none() && vpn.sites.is_empty());
    assert!(c.unknown_keys.is_empty(), "{:?}", c.unknown_keys);
}

#[test]
fn bad_sites_and_costs_name_their_line() {
    refused(
        "[sites.berlin]\ncalendar = 'berlin'\n",
        &[
            "line 2",
            "[sites.berlin]",
            "calendar 'berlin' is not defined",
            "[calendars.berlin]",
        ],
    );
    refused(
        "[teams.a]\nmembers = []\n[sites.berlin]\ncalendar = 'business'\nteam = 'b'\n",
        &["line 5", "[sites.berlin]", "team 'b'"],
    );
    refused("[sites.berlin]\nname = 'Berlin'\n", &["calendar"]);
    refused(
        &format!("{TWO_SITES}[services.vpn]\nsites = ['berlin', 'paris']\n"),
        &[
            "[services.vpn]",
            "site 'paris' is not defined",
            "berlin, nyc",
        ],
    );
    refused(
        "[services.vpn]\nsites = ['paris']\n",
        &["line 2", "site 'paris'", "add [sites.paris]"],
    );
    refused(
        "[services.vpn]\ndescription = 'VPN'\ncost = '€40 per month'\n",
        &["line 3", "[services.vpn] cost", "EUR per month"],
    );
    refused(
        "[services.vpn]\ncost = '40 EUR per fortnight'\n",
        &["line 2", "per fortnight", "per month"],
    );
    let line = |text: &str| DeskConfig::parse(text).unwrap_err();
    assert!(
        line(&format!("{TWO_SITES}[services.vpn]\nsites = ['paris']\n")).starts_with("line 20:")
    );
}

#[test]
fn a_site_policy_runs_on_the_ticket_s_site_calendar() {
    let text = format!(
        "{TWO_SITES}[sla.P3]\nresponse = '4h'\nresolution = '3d'\ncalendar = 'site'\n[sla.P4]\nresponse = '1d'\nresolution = '5d'\ncalendar = '24x7'\n"
    );
    let c = DeskConfig::parse(&text).unwrap();
    let p3 = Priority::new(3).unwrap();
    let calendar = |site| c.policy_at(p3, None, site).calendar.name().to_string();
    assert_eq!(calendar(Some("berlin")), "berlin");
    assert_eq!(calendar(Some("nyc")), "newyork");
    assert_eq!(
        calendar(None),
        SITE_FALLBACK,
        "no site: the documented fallback"
    );
    assert_eq!(calendar(Some("gone")), SITE_FALLBACK);
    // A policy on its own calendar keeps it, whatever the site.
    let p4 = Priority::new(4).unwrap();
    assert_eq!(
        c.policy_at(p4, None, Some("berlin")).calendar.name(),
        "24x7"
    );
    refused(
        "[calendars.site]\ntimezone = 'UTC'\ndays = ['mon']\nhours = '09:00-17:00'\n",
        &["[calendars.site]", "taken"],
    );
    refused(
        "[sla.P3]\nresponse = '4h'\nresolution = '3d'\ncalendar = 'lunar'\n",
        &["line 4", "lunar", "\"site\""],
    );
}

#[test]
fn a_display_zone_is_an_iana_name() {
    let c = DeskConfig::parse("[display]\ntimezone = 'Europe/Paris'\n").unwrap();
    assert_eq!(c.display_zone, Some(chrono_tz::Tz::Europe__Paris));
    assert!(c.unknown_keys.is_empty(), "{:?}", c.unknown_keys);
    assert_eq!(DeskConfig::default().display_zone, None);
    refused(
        "[display]\ntimezone = 'Mars/Olympus'\n",
        &["line 2", "Mars/Olympus", "IANA"],
    );
}
