//! Output pinned as text: tables, JSON, history, SLA clocks, reports, every command's
//! help and the main error messages, on one small desk built the same way every time
//! (fixed clock, fixed id seed, fixed width). A change to any of them shows up here.

use insta::assert_snapshot;

use crate::common::{TestDesk, ALICE};

/// The ids of the fixed desk's tickets.
struct Fixture {
    desk: TestDesk,
    /// An incident escalated to Level 2, with a public update and an internal note.
    vpn: String,
    /// An incident resolved at Level 1 and rated.
    printer: String,
    /// A problem at Level 3.
    mail: String,
    /// A service request, assigned to a team.
    laptop: String,
}

impl Fixture {
    /// Runs `git-desk ARGS` at the given time of 2026-11-22 and returns stdout.
    fn at(&self, time: &str, args: &[&str]) -> String {
        let out = self
            .desk
            .cmd(args)
            .env("DESK_NOW", format!("2026-11-22T{time}Z"))
            .output()
            .expect("run git-desk");
        assert!(
            out.status.success(),
            "git-desk {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 stdout")
    }

    /// Runs `git-desk ARGS` at the desk's time and returns stdout.
    fn run(&self, args: &[&str]) -> String {
        self.desk.run_ok(args)
    }
}

/// A small desk: four tickets at Levels 1 to 3, with comments, an escalation, a
/// resolution, a rating and a knowledge-base article, filed over the morning of
/// 2026-11-22 and looked at from 09:00.
fn fixture() -> Fixture {
    let desk = TestDesk::without_desk();
    let mut f = Fixture {
        desk,
        vpn: String::new(),
        printer: String::new(),
        mail: String::new(),
        laptop: String::new(),
    };
    f.at("05:00:00", &["init"]);
    let filed = |f: &Fixture, time, args: &[&str]| {
        let id = f.at(time, args).trim().to_string();
        assert_eq!(id.len(), 16, "`new` prints an id: {id:?}");
        id
    };
    f.vpn = filed(
        &f,
        "06:00:00",
        &[
            "new",
            "VPN drops every 10 minutes",
            "--impact",
            "high",
            "--urgency",
            "high",
            "-l",
            "vpn",
            "-m",
            "Berlin office, since this morning",
            "--no-kb",
        ],
    );
    f.printer = filed(
        &f,
        "06:05:00",
        &[
            "new",
            "Printer on floor 3 is offline",
            "--impact",
            "low",
            "-l",
            "printer",
            "--no-kb",
        ],
    );
    f.mail = filed(
        &f,
        "06:20:00",
        &[
            "new",
            "Mail server logs fill the disk",
            "--type",
            "problem",
            "--tier",
            "3",
            "--no-kb",
        ],
    );
    f.laptop = filed(
        &f,
        "06:40:00",
        &[
            "new",
            "New laptop for Dana",
            "--type",
            "request",
            "--urgency",
            "low",
            "--no-kb",
        ],
    );
    f.at(
        "06:10:00",
        &[
            "comment",
            &f.vpn,
            "-m",
            "Restarting the tunnel helps for a while",
        ],
    );
    f.at(
        "06:30:00",
        &["escalate", &f.vpn, "--reason", "needs the network team"],
    );
    f.at(
        "07:00:00",
        &[
            "comment",
            &f.vpn,
            "--internal",
            "-m",
            "Firewall logs show resets",
        ],
    );
    f.at("07:10:00", &["take", &f.printer]);
    f.at(
        "07:30:00",
        &["resolve", &f.printer, "-r", "Replaced the toner"],
    );
    f.at("07:35:00", &["rate", &f.printer, "5", "-m", "quick"]);
    f.at("07:50:00", &["assign", &f.laptop, "--team", "tech-support"]);
    f.at(
        "08:00:00",
        &[
            "kb",
            "new",
            "Reset your VPN token",
            "-t",
            "vpn",
            "-m",
            "Open the token app and press reset.",
        ],
    );
    f.at(
        "08:10:00",
        &["link", &f.vpn, "--kb", "reset-your-vpn-token"],
    );
    f
}

/// `git-desk ARGS --help`, the way a person at a 100-column terminal would read it.
fn help(args: &[&str]) -> String {
    let desk = TestDesk::without_desk();
    let mut all: Vec<&str> = args.to_vec();
    all.push("--help");
    desk.run_ok(&all)
}

/// Runs a command that must fail and returns its exit code and stderr, with the temp
/// directories named by what they are.
fn failure(desk: &TestDesk, cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().expect("run git-desk");
    assert!(!out.status.success(), "{cmd:?} should fail");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let home = desk.gitconfig();
    let home = home.parent().expect("HOME");
    let text = stderr
        .replace(&desk.scratch().display().to_string(), "[ROOT]")
        .replace(&home.display().to_string(), "[HOME]");
    format!("exit {}\n{text}", out.status.code().unwrap_or(-1))
}

#[test]
fn the_same_seed_gives_the_same_ids_and_no_seed_random_ones() {
    let ids = |seed: Option<&str>| {
        let desk = TestDesk::new();
        let file = |title: &str| {
            let mut cmd = desk.cmd(&["new", title, "--json", "--no-kb"]);
            match seed {
                Some(seed) => cmd.env("DESK_SEED", seed),
                None => cmd.env_remove("DESK_SEED"),
            };
            let out = cmd.output().expect("run git-desk");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
            let id = json["id"].as_str().expect("id").to_string();
            let event = desk.show_json(&id)["events"][0]["id"]
                .as_str()
                .expect("event id")
                .to_string();
            (id, event)
        };
        let first = file("Printer jams");
        let second = file("Printer jams");
        assert_ne!(first, second, "two filings draw different ids");
        (first, second)
    };
    assert_eq!(ids(Some("7")), ids(Some("7")));
    assert_ne!(ids(Some("7")), ids(Some("8")));
    assert_ne!(ids(None), ids(None));
}

#[test]
fn imported_tickets_draw_their_ids_from_the_seed_too() {
    let import = || {
        let desk = TestDesk::new();
        let file = desk.scratch().join("tickets.csv");
        std::fs::write(
            &file,
            "title,status,impact\nPrinter jams,resolved,low\nVPN drops,in-progress,high\n",
        )
        .expect("write the CSV");
        desk.run_ok(&["import", "-q", file.to_str().expect("UTF-8 path")]);
        desk.run_ok(&["export"])
    };
    let first = import();
    assert_eq!(first, import(), "the same import under the same seed");
    assert_snapshot!(first, @r#"
    [
    {"schema":1,"id":"mgx8y82arze9wks5","short_id":"mgx8y8","title":"Printer jams","type":"incident","status":"resolved","tier":1,"priority":"P4","impact":"low","urgency":"medium","team":"service-desk","reporter":"alice@example.com","labels":[],"created":"2026-11-22T09:00:00Z","updated":"2026-11-22T09:00:00Z","resolution":"resolved before import","resolution_code":"imported","events":[{"id":"sj17y879np34","clock":1,"at":"2026-11-22T09:00:00Z","by":"alice@example.com","kind":"created","title":"Printer jams","type":"incident","impact":"low","urgency":"medium","tier":1,"team":"service-desk","reporter":"alice@example.com"},{"id":"jjy1mrfaf813","clock":2,"at":"2026-11-22T09:00:00Z","by":"alice@example.com","kind":"resolved","resolution":"resolved before import","code":"imported"}]},
    {"schema":1,"id":"xj3859gkyz3mtvm2","short_id":"xj3859","title":"VPN drops","type":"incident","status":"in-progress","tier":1,"priority":"P2","impact":"high","urgency":"medium","team":"service-desk","reporter":"alice@example.com","labels":[],"created":"2026-11-22T09:00:00Z","updated":"2026-11-22T09:00:00Z","events":[{"id":"3ys8y2kf18xz","clock":1,"at":"2026-11-22T09:00:00Z","by":"alice@example.com","kind":"created","title":"VPN drops","type":"incident","impact":"high","urgency":"medium","tier":1,"team":"service-desk","reporter":"alice@example.com"},{"id":"8y3khsthqszn","clock":2,"at":"2026-11-22T09:00:00Z","by":"alice@example.com","kind":"status","to":"in-progress"}]}
    ]
    "#);
}

#[test]
fn a_bad_seed_is_refused_before_anything_is_written() {
    let desk = TestDesk::new();
    let stderr = desk.refused(
        desk.cmd(&["new", "Printer jams"]).env("DESK_SEED", "many"),
        &["DESK_SEED", "many"],
    );
    assert_snapshot!(stderr, @"git-desk: DESK_SEED='many' is not a whole number from 0 to 18446744073709551615: use e.g. DESK_SEED=1, or unset it");
}

#[test]
fn show_and_its_json() {
    let f = fixture();
    assert_snapshot!(f.run(&["show", &f.vpn]), @"
    x7trq5  VPN drops every 10 minutes

    status     open
    type       incident
    tier       L2 Technical support
    priority   P1 (impact high, urgency high)
    service    -
    team       tech-support
    owner      -
    assignee   -
    reporter   alice@example.com
    labels     vpn
    created    2026-11-22 06:00 UTC
    updated    2026-11-22 08:10 UTC
    response   breached (3h of 15m used, due 2026-11-22 06:15 UTC)
    resolution warning (3h of 4h used, due 2026-11-22 10:00 UTC)
    kb         reset-your-vpn-token

        Berlin office, since this morning

    events
      2026-11-22 06:00  alice@example.com        filed at L1 (incident): VPN drops every 10 minutes
      2026-11-22 06:10  alice@example.com        commented: Restarting the tunnel helps for a while
      2026-11-22 06:30  alice@example.com        escalated L1 -> L2: needs the network team
      2026-11-22 07:00  alice@example.com        internal note: Firewall logs show resets
      2026-11-22 08:10  alice@example.com        linked kb: reset-your-vpn-token
    ");
    assert_snapshot!(f.run(&["show", &f.printer]), @"
    8wfzss  Printer on floor 3 is offline

    status     resolved
    type       incident
    tier       L1 Service desk
    priority   P4 (impact low, urgency medium)
    service    -
    team       service-desk
    owner      alice@example.com
    assignee   alice@example.com
    reporter   alice@example.com
    labels     printer
    created    2026-11-22 06:05 UTC
    updated    2026-11-22 07:35 UTC
    resolution Replaced the toner
    rating     5/5: quick
    response   met (0s of 1d used, due 2026-11-23 17:00 UTC)
    resolution met (0s of 5d used, due 2026-11-27 17:00 UTC)

    events
      2026-11-22 06:05  alice@example.com        filed at L1 (incident): Printer on floor 3 is offline
      2026-11-22 07:10  alice@example.com        assigned to alice@example.com
      2026-11-22 07:30  alice@example.com        resolved: Replaced the toner
      2026-11-22 07:35  alice@example.com        rated 5/5: quick
    ");
    assert_snapshot!(f.run(&["show", &f.vpn, "--json"]), @r#"{"schema":1,"id":"x7trq5vk91fgm79p","short_id":"x7trq5","title":"VPN drops every 10 minutes","type":"incident","status":"open","tier":2,"priority":"P1","impact":"high","urgency":"high","team":"tech-support","reporter":"alice@example.com","labels":["vpn"],"created":"2026-11-22T06:00:00Z","updated":"2026-11-22T08:10:00Z","description":"Berlin office, since this morning","kb":["reset-your-vpn-token"],"events":[{"id":"7h2hehy8r1re","clock":1,"at":"2026-11-22T06:00:00Z","by":"alice@example.com","kind":"created","title":"VPN drops every 10 minutes","type":"incident","impact":"high","urgency":"high","tier":1,"team":"service-desk","reporter":"alice@example.com","labels":["vpn"],"description":"Berlin office, since this morning"},{"id":"2t2exacmwxsj","clock":2,"at":"2026-11-22T06:10:00Z","by":"alice@example.com","kind":"commented","text":"Restarting the tunnel helps for a while"},{"id":"53ew4yqmtb1t","clock":3,"at":"2026-11-22T06:30:00Z","by":"alice@example.com","kind":"escalated","from":1,"to":2,"team":"tech-support","reason":"needs the network team"},{"id":"cemvypg1wxfb","clock":4,"at":"2026-11-22T07:00:00Z","by":"alice@example.com","kind":"commented","internal":true,"text":"Firewall logs show resets"},{"id":"dqjwevv1ajqs","clock":5,"at":"2026-11-22T08:10:00Z","by":"alice@example.com","kind":"linked","relation":"kb","target":"reset-your-vpn-token"}],"sla":{"priority":"P1","response":{"target":"15m","due":"2026-11-22T06:15:00Z","elapsed_seconds":10800,"paused":false,"state":"breached"},"resolution":{"target":"4h","due":"2026-11-22T10:00:00Z","elapsed_seconds":10800,"paused":false,"state":"warning"}}}"#);
}

#[test]
fn ls_and_ls_all() {
    let f = fixture();
    assert_snapshot!(f.run(&["ls"]), @"
    ID      PRI  TIER  STATUS  TYPE      ASSIGNEE      AGE  TITLE
    x7trq5  P1   L2    open    incident  tech-support  3h   VPN drops every 10 minutes
    kma421  P3   L3    new     problem   engineering   2h   Mail server logs fill the disk
    d5arm8  P4   L1    new     request   tech-support  2h   New laptop for Dana
    ");
    assert_snapshot!(f.run(&["ls", "--all"]), @"
    ID      PRI  TIER  STATUS    TYPE      ASSIGNEE           AGE  TITLE
    x7trq5  P1   L2    open      incident  tech-support       3h   VPN drops every 10 minutes
    kma421  P3   L3    new       problem   engineering        2h   Mail server logs fill the disk
    8wfzss  P4   L1    resolved  incident  alice@example.com  2h   Printer on floor 3 is offline
    d5arm8  P4   L1    new       request   tech-support       2h   New laptop for Dana
    ");
    assert_snapshot!(f.run(&["ls", "tier:1"]), @"
    ID      PRI  TIER  STATUS  TYPE     ASSIGNEE      AGE  TITLE
    d5arm8  P4   L1    new     request  tech-support  2h   New laptop for Dana
    ");
}

#[test]
fn log_of_a_ticket_and_of_the_desk() {
    let f = fixture();
    assert_snapshot!(f.run(&["log", &f.vpn]), @"
    2026-11-22 06:00  alice@example.com        filed at L1 (incident): VPN drops every 10 minutes
    2026-11-22 06:10  alice@example.com        commented: Restarting the tunnel helps for a while
    2026-11-22 06:30  alice@example.com        escalated L1 -> L2: needs the network team
    2026-11-22 07:00  alice@example.com        internal note: Firewall logs show resets
    2026-11-22 08:10  alice@example.com        linked kb: reset-your-vpn-token
    ");
    assert_snapshot!(f.run(&["log"]), @"
    7fdac808d6  2026-11-22 08:10  alice@example.com        link x7trq5: kb reset-your-vpn-token: VPN drops every 10 minutes
    00cfbf4733  2026-11-22 08:00  alice@example.com        kb new reset-your-vpn-token: Reset your VPN token
    a48eb9fcc7  2026-11-22 07:50  alice@example.com        assign d5arm8: team -> tech-support: New laptop for Dana
    103ebe9bf7  2026-11-22 07:35  alice@example.com        rate 8wfzss: 5/5: Printer on floor 3 is offline
    add4c43fd1  2026-11-22 07:30  alice@example.com        resolve 8wfzss: open -> resolved: Printer on floor 3 is offline
    37de6e7b14  2026-11-22 07:10  alice@example.com        take 8wfzss: -> alice@example.com, owner -> alice@example.com: Printer on floor 3 is offline
    5b47f679c7  2026-11-22 07:00  alice@example.com        note x7trq5: VPN drops every 10 minutes
    69a028c889  2026-11-22 06:30  alice@example.com        escalate x7trq5: L1 -> L2: VPN drops every 10 minutes
    648b31631c  2026-11-22 06:10  alice@example.com        comment x7trq5: VPN drops every 10 minutes
    6e3f41adaf  2026-11-22 06:40  alice@example.com        new d5arm8: New laptop for Dana
    2dd1330aa4  2026-11-22 06:20  alice@example.com        new kma421: Mail server logs fill the disk
    e18db24b23  2026-11-22 06:05  alice@example.com        new 8wfzss: Printer on floor 3 is offline
    a3ef494870  2026-11-22 06:00  alice@example.com        new x7trq5: VPN drops every 10 minutes
    4b01929fed  2026-11-22 05:00  alice@example.com        init desk
    ");
}

#[test]
fn sla_clocks() {
    let f = fixture();
    assert_snapshot!(f.run(&["sla"]), @"
    ID      PRI  TIER  STATUS  RESPONSE                         RESOLUTION                     TITLE
    x7trq5  P1   L2    open    breached 3h/15m due 11-22 06:15  warning 3h/4h due 11-22 10:00  VPN drops every 10 minutes
    kma421  P3   L3    new     ok 0s/4h due 11-23 13:00         ok 0s/3d due 11-25 17:00       Mail server logs fill the disk
    d5arm8  P4   L1    new     ok 0s/1d due 11-23 17:00         ok 0s/5d due 11-27 17:00       New laptop for Dana
    ");
    assert_snapshot!(f.run(&["sla", "--json"]), @r#"[{"id":"x7trq5vk91fgm79p","short_id":"x7trq5","priority":"P1","response":{"target":"15m","due":"2026-11-22T06:15:00Z","elapsed_seconds":10800,"paused":false,"state":"breached"},"resolution":{"target":"4h","due":"2026-11-22T10:00:00Z","elapsed_seconds":10800,"paused":false,"state":"warning"}},{"id":"kma421c95awshwaa","short_id":"kma421","priority":"P3","response":{"target":"4h","due":"2026-11-23T13:00:00Z","elapsed_seconds":0,"paused":false,"state":"ok"},"resolution":{"target":"3d","due":"2026-11-25T17:00:00Z","elapsed_seconds":0,"paused":false,"state":"ok"}},{"id":"d5arm8z7k5wp45yv","short_id":"d5arm8","priority":"P4","response":{"target":"1d","due":"2026-11-23T17:00:00Z","elapsed_seconds":0,"paused":false,"state":"ok"},"resolution":{"target":"5d","due":"2026-11-27T17:00:00Z","elapsed_seconds":0,"paused":false,"state":"ok"}}]"#);
}

#[test]
fn report_table_and_json() {
    let f = fixture();
    assert_snapshot!(f.run(&["report"]), @"
    2026-10-23 09:00 to 2026-11-22 09:00 (durations: working time on each ticket's SLA calendar (24x7 is wall-clock), pending time excluded)

     METRIC                     ALL TICKETS
     opened                     4
     resolved                   1
     backlog                    3
     backlog_0_1d               3
     backlog_1_5d               0
     backlog_5_30d              0
     backlog_over_30d           0
     time_to_first_response     median 0s · p90 0s · mean 0s (n=1)
     time_to_resolution         median 0s · p90 0s · mean 0s (n=1)
     first_contact_resolution   100.0% (1/1)
     escalation_rate            25.0% (1/4)
     escalation_rate_l0         - (0/0)
     escalation_rate_l1         33.3% (1/3)
     escalation_rate_l2         0.0% (0/1)
     escalation_rate_l3         0.0% (0/1)
     sla_compliance             66.7% (2/3)
     sla_compliance_response    50.0% (1/2)
     sla_compliance_resolution  100.0% (1/1)
     reopen_rate                0.0% (0/1)
     csat                       5.00 (1 rating)
     csat_response_rate         100.0% (1/1)
     deflection                 0.0% (0/1)
     kb_deflections             0

    # opened  = resolved  . backlog at week end  (full bar = 4)
    2026-W47  #################### 4  =====                1  ...............      3

     TOP LABELS  FILED  BEFORE  CHANGE
     printer     1      0       +1
     vpn         1      0       +1
    ");
    assert_snapshot!(f.run(&["report", "--json"]), @r#"{"window":{"since":"2026-10-23T09:00:00Z","until":"2026-11-22T09:00:00Z"},"time_basis":"working time on each ticket's SLA calendar (24x7 is wall-clock), pending time excluded","metrics":{"opened":{"value":4},"resolved":{"value":1},"backlog":{"value":3},"backlog_0_1d":{"value":3},"backlog_1_5d":{"value":0},"backlog_5_30d":{"value":0},"backlog_over_30d":{"value":0},"time_to_first_response":{"mean_seconds":0,"median_seconds":0,"p90_seconds":0,"count":1},"time_to_resolution":{"mean_seconds":0,"median_seconds":0,"p90_seconds":0,"count":1},"first_contact_resolution":{"value":1.0,"numerator":1,"denominator":1},"escalation_rate":{"value":0.25,"numerator":1,"denominator":4},"escalation_rate_l0":{"value":null,"numerator":0,"denominator":0},"escalation_rate_l1":{"value":0.3333,"numerator":1,"denominator":3},"escalation_rate_l2":{"value":0.0,"numerator":0,"denominator":1},"escalation_rate_l3":{"value":0.0,"numerator":0,"denominator":1},"sla_compliance":{"value":0.6667,"numerator":2,"denominator":3},"sla_compliance_response":{"value":0.5,"numerator":1,"denominator":2},"sla_compliance_resolution":{"value":1.0,"numerator":1,"denominator":1},"reopen_rate":{"value":0.0,"numerator":0,"denominator":1},"csat":{"value":5.0,"numerator":5,"denominator":1},"csat_response_rate":{"value":1.0,"numerator":1,"denominator":1},"deflection":{"value":0.0,"numerator":0,"denominator":1},"kb_deflections":{"value":0}},"weeks":[{"start":"2026-11-16T00:00:00Z","opened":4,"resolved":1,"backlog":3}],"weeks_cut":false,"escalation_flow":[{"from":1,"to":2,"count":1}],"sla_by_priority":{"P1":{"met":0,"judged":1},"P4":{"met":2,"judged":2}},"time_to_resolution_buckets":[{"bucket":"< 1h","count":1},{"bucket":"1-4h","count":0},{"bucket":"4-8h","count":0},{"bucket":"8h-1d","count":0},{"bucket":"1-3d","count":0},{"bucket":"3-10d","count":0},{"bucket":"> 10d","count":0}],"top_services":[],"top_labels":[{"name":"printer","count":1,"previous":0},{"name":"vpn","count":1,"previous":0}]}"#);
}

#[test]
fn kb_ls_and_show() {
    let f = fixture();
    assert_snapshot!(f.run(&["kb", "ls"]), @"
    SLUG                  TIER  VISIBILITY  TAGS  TICKETS  DEFLECTED  TITLE
    reset-your-vpn-token  L0    public      vpn   1        0          Reset your VPN token
    ");
    assert_snapshot!(f.run(&["kb", "show", "reset-your-vpn-token"]), @"
    reset-your-vpn-token  Reset your VPN token

    tier       L0 Self-service
    visibility public
    tags       vpn
    tickets    x7trq5
    author     alice@example.com
    created    2026-11-22 08:00 UTC
    updated    2026-11-22 08:00 UTC

    Open the token app and press reset.
    ");
}

#[test]
fn error_messages() {
    let f = fixture();
    let desk = &f.desk;
    assert_snapshot!(failure(desk, &mut desk.cmd(&["show", "zzzzzzzz"])), @"
    exit 2
    git-desk: no ticket matches 'zzzzzzzz': list ticket ids with `git desk ls --all`
    ");
    // A second ticket whose id starts with the same eight characters, as a person
    // copying a file by hand might make: those eight no longer name one ticket.
    let twin = format!("{}zzzzzzzz", &f.vpn[..8]);
    let file = desk.ticket_file(&f.vpn).replace(&f.vpn, &twin);
    desk.commit_on_desk(&crate::common::ticket_path(&twin), &file);
    assert_snapshot!(failure(desk, &mut desk.cmd(&["show", &f.vpn[..8]])), @"
    exit 2
    git-desk: ticket id 'x7trq5vk' is ambiguous: it matches x7trq5vk9, x7trq5vkz; type more characters
    ");
    assert_snapshot!(failure(desk, &mut desk.cmd(&["ls", "tier:x"])), @"
    exit 2
    git-desk: bad query: tier 'x' is not a tier: use 0, 1, 2, 3 or 4
    ");
    assert_snapshot!(failure(desk, &mut desk.cmd(&["ls", "colour:blue"])), @"
    exit 2
    git-desk: bad query: unknown field 'colour': use one of id, title, type, status, tier, priority, impact, urgency, service, team, owner, assignee, reporter, label, major, known_error, problem, vendor, site, is, sla, followup, age, updated, created, customer_updated
    ");
    assert_snapshot!(failure(desk, &mut desk.cmd(&["close", &f.vpn])), @"
    exit 2
    git-desk: cannot close x7trq5vk9: it is open; resolve it first with `git desk resolve x7trq5vk9 --resolution TEXT`
    ");
    assert_snapshot!(
        failure(desk, &mut desk.cmd(&["status", &f.printer, "new"])),
        @"
    exit 2
    git-desk: a ticket cannot go back to 'new': use open, in-progress or pending
    "
    );
    assert_snapshot!(
        failure(desk, &mut desk.cmd(&["escalate", &f.vpn, "--to", "1", "--reason", "back"])),
        @"
    exit 2
    git-desk: x7trq5vk9 is at L2: escalating to L1 would move it down; use `git desk deescalate x7trq5vk9 --to 1 --reason TEXT`
    "
    );
    assert_snapshot!(failure(desk, &mut desk.cmd(&["escalate", &f.vpn])), @"
    exit 2
    error: the following required arguments were not provided:
      --reason <TEXT>

    Usage: git-desk escalate --reason <TEXT> <ID>...

    For more information, try '--help'.
    ");
    assert_snapshot!(failure(desk, &mut desk.cmd(&["pull", "nowhere"])), @"
    exit 2
    git-desk: remote 'nowhere' is not a git repository or a configured remote ('nowhere' does not appear to be a git repository): check `git remote -v`, or give a path or URL
    ");
    assert_snapshot!(failure(desk, &mut desk.cmd(&["rate", &f.vpn, "9"])), @"
    exit 2
    git-desk: a rating is 1 (very unhappy) to 5 (very happy), not 9
    ");
    assert_snapshot!(failure(desk, &mut desk.cmd(&["frobnicate"])), @"
    exit 2
    error: unrecognized subcommand 'frobnicate'

    Usage: git-desk [OPTIONS] <COMMAND>

    For more information, try '--help'.
    ");
    assert_snapshot!(
        failure(desk, desk.cmd(&["ls"]).env("DESK_NOW", "yesterday")),
        @"
    exit 2
    git-desk: DESK_NOW='yesterday' is not an RFC 3339 time: use e.g. 2026-11-22T09:00:00Z, or unset it
    "
    );
}

#[test]
fn errors_about_the_repository_and_the_person() {
    let bare = TestDesk::without_desk();
    assert_snapshot!(failure(&bare, &mut bare.cmd(&["ls"])), @"
    exit 2
    git-desk: no desk on branch 'desk': create it with `git desk init`, or fetch one with `git desk pull`
    ");
    let outside = bare.scratch().display().to_string();
    assert_snapshot!(failure(&bare, &mut bare.cmd(&["-C", &outside, "ls"])), @"
    exit 2
    git-desk: not a git repository (could not find repository at '.'): run inside one, or pass -C PATH
    ");
    let desk = TestDesk::new();
    let nobody = desk.scratch().join("empty.gitconfig");
    std::fs::write(&nobody, "").expect("write an empty config");
    assert_snapshot!(
        failure(&desk, desk.cmd(&["new", "Printer jams"]).env("GIT_CONFIG_GLOBAL", &nobody)),
        @r#"
    exit 2
    git-desk: no git identity: set one with `git config --global user.name "Your Name"` and `git config --global user.email you@example.com`
    "#
    );
}

#[test]
fn permission_refused() {
    let f = fixture();
    let desk = &f.desk;
    let config = desk.git(&["show", "desk:desk.toml"]);
    let guarded = config.replace("by_tier = false", "by_tier = true").replace(
        "[teams.service-desk]\nmembers = []",
        &format!("[teams.service-desk]\nmembers = [\"{ALICE}\"]"),
    );
    assert_ne!(
        guarded, config,
        "the default desk.toml has the keys replaced"
    );
    desk.commit_on_desk("desk.toml", &guarded);
    assert_snapshot!(failure(desk, &mut desk.cmd(&["start", &f.mail])), @"
    exit 2
    git-desk: permission denied: alice@example.com may not start kma421 at L3 ([permissions] by_tier in desk.toml; teams serving it: engineering): ask a member, or add yourself to such a team
    ");
}

#[test]
fn help_of_the_desk_and_its_tickets() {
    assert_snapshot!(help(&[]), @r#"
    A tiered IT-support ticket desk that lives on a git branch.

    Tickets are TOML files on the `desk` branch; every change is a commit; teams share tickets by
    pushing and pulling that branch. Run as `git desk COMMAND`.

    Usage: git-desk [OPTIONS] <COMMAND>

    Commands:
      init          Create the desk branch with a default desk.toml
      new           File a ticket
      ls            List tickets matching a query [alias: list]
      show          Show one ticket with its events and links
      log           History: a ticket's events, or the desk's commits
      comment       Add a public update or an internal note
      assign        Assign tickets to a person and/or team, or change the owner
      take          Assign tickets to yourself
      status        Move tickets to a status
      start         Start work: status in-progress
      pend          Put tickets on hold: status pending, with a reason
      resolve       Resolve tickets with a resolution
      close         Close resolved tickets
      reopen        Reopen resolved or closed tickets
      escalate      Escalate tickets up one tier, or to a given tier
      deescalate    Hand tickets back down to a lower tier
      set           Change fields: impact, urgency, priority, service, type, major, title, labels...
      link          Link a ticket to a problem, a duplicate, a related ticket or a KB article
      edit          Edit a ticket's fields in your editor
      kb            Knowledge-base articles (Level 0): new, ls, show, edit, search
      portal        The self-service portal (Level 0): build a static site from the desk
      problem       Problem records (Level 3): open one from incidents, resolve it with its fix
      rca           Record a problem's root-cause analysis (Level 3)
      vendor        Hand tickets to an outside vendor (Level 4), or move the follow-up date
      rate          Record customer satisfaction (1-5) on a resolved ticket
      report        The service desk's KPIs: tables, JSON, CSV, a weekly chart, an HTML page
      sla           SLA clocks per ticket: response and resolution
      mail          Take in mail: customers' messages become tickets, comments and notes
      sweep         Apply the escalation rules of desk.toml (for cron)
      notify        Send the notices due by mail, each once (for cron)
      config        Show or edit desk.toml
      import        Import tickets from JSON, CSV or GitHub issues, as one commit
      export        Export every ticket as JSON or CSV
      doctor        Check the desk and its repository; repair what is safe with --fix
      pull          Fetch the remote's desk branch and merge it in
      push          Push the desk branch (fetching and merging first if the remote moved)
      sync          Fetch, merge and push: share the desk both ways
      merge-driver  Merge two versions of a ticket file (a git merge driver)
      verify        Check a push against the desk's rules (a server's pre-receive hook)
      server        Set up a server repository: install the pre-receive hook running verify
      demo          Create a demo desk repository with tickets at every tier
      man           Print or write the man pages
      completions   Print or write shell completions
      help          Print this message or the help of the given subcommand(s)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version

    Exit codes: 0 success, 1 operation failed, 2 bad input.
    Environment: DESK_NOW fixes the current time (RFC 3339); DESK_SEED (an integer) makes new ids
    repeatable, for tests and demos; GIT_AUTHOR_NAME/GIT_AUTHOR_EMAIL or git config user.name/user.email
    identify you; GIT_EDITOR, git config desk.editor or core.editor, VISUAL, EDITOR (else vi) for
    editing; GIT_PAGER, PAGER (and git config desk.pager, core.pager) page long output on a terminal,
    LESS (default FRX) for less; NO_COLOR disables colour, as git config color.ui=never does; TZ (else
    desk.toml [display] timezone) is the zone times are shown in.
    "#);
    assert_snapshot!(help(&["init"]), @r#"
    Create the desk branch with a default desk.toml

    Usage: git-desk init [OPTIONS]

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --merge-driver
              Install `git desk merge-driver` for ticket files, desk.toml and KB articles in this
              repository

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["new"]), @r#"
    File a ticket

    Usage: git-desk new [OPTIONS] [TITLE]...

    Arguments:
      [TITLE]...
              The title (one line; several words are joined)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --type <T>
              incident, request, problem or change
              
              [default: incident]

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --impact <I>
              high, medium or low
              
              [default: medium]

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

          --urgency <U>
              high, medium or low
              
              [default: medium]

          --priority <P>
              P1-P5, overriding the impact x urgency matrix

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

          --reason <TEXT>
              Why the priority was set by hand

          --service <S>
              The affected service

          --site <NAME>
              The site (office) it concerns, one of [sites] in desk.toml

          --tier <N>
              The tier it starts at (0-4; default 1, or what a routing rule says)

      -l, --label <L>
              A label (repeat, or separate with commas)

          --assignee <EMAIL>
              Assign it at once (email or `me`)

          --reporter <EMAIL>
              Who reported it (default: you)

          --owner <EMAIL>
              The Level 1 owner (default: the first person assigned at tier 0-1)

          --major
              A major incident

      -m, --message <TEXT>
              The description

          --edit
              Write title and description in $EDITOR

          --json
              Print the filed ticket as JSON (with `suggested_kb`: matching articles)

          --no-kb
              Do not look for knowledge-base articles that might answer it first

          --dry-run
              Show what would be filed (tier, team, priority, SLA due times, routing) and write nothing

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["ls"]), @r#"
    List tickets matching a query

    Usage: git-desk ls [OPTIONS] [QUERY]...

    Arguments:
      [QUERY]...
              Query terms, e.g. `tier:2 label:vpn`, `created:2026-11-02` (that whole day); a ticket id,
              or its start (6 characters or more; `id:PREFIX` for fewer), selects that ticket

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --sort <FIELD>
              Sort by priority, created, updated, tier, status, id, title, type, impact, urgency,
              assignee, owner, team, service, customer_updated or site; prefix - to reverse
              
              [default: priority]

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --limit <N>
              At most N tickets

      -a, --all
              Include resolved and closed tickets

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

          --ids
              Print full ids only, one per line (for piping into --stdin)

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

          --json
              Print a JSON array of tickets

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

          --format <TEMPLATE>
              Print each ticket by a template: `{field}` is a field of --json (`{sla.resolution.due}`
              reaches inside), `{{` and `}}` are braces, `\t` a tab, `\n` a newline; e.g. `--format
              '{short_id}\t{priority}\t{title}'`

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["show"]), @r#"
    Show one ticket with its events and links

    Usage: git-desk show [OPTIONS] <ID>

    Arguments:
      <ID>
              The ticket id (any unique prefix)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --json
              Print the ticket (with its events) as JSON

          --attachment <N>
              Write the bytes of attachment N (as numbered under "mail") to stdout

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["log"]), @r#"
    History: a ticket's events, or the desk's commits

    Usage: git-desk log [OPTIONS] [ID]

    Arguments:
      [ID]
              A ticket id (any unique prefix)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

      -n, --limit <N>
              At most N entries (commits default to 50)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --json
              Print JSON

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["comment"]), @r#"
    Add a public update or an internal note

    Usage: git-desk comment [OPTIONS] [ID]...

    Arguments:
      [ID]...
              Ticket ids (any unique prefix)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

      -m, --message <TEXT>
              The text

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --internal
              An internal note for staff, not a public update

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

          --stdin
              Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)

      -n, --dry-run
              Print what would change and write nothing

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -y, --yes
              Change more than 20 tickets without asking

          --skip-invalid
              Leave out the tickets the rules refuse (already at the highest tier, closed, not yours to
              change...), change the others, and list those left out

          --verbose
              List every ticket changed, also above 20

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["assign"]), @r#"
    Assign tickets to a person and/or team, or change the owner

    Usage: git-desk assign [OPTIONS] [ID]...

    Arguments:
      [ID]...
              Ticket ids (any unique prefix)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --to <EMAIL>
              The assignee's email, `me`, or `none`

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --team <TEAM>
              A team of desk.toml, or `none`

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

          --owner <EMAIL>
              Make this person the Level 1 owner (single point of contact)

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

          --stdin
              Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)

      -n, --dry-run
              Print what would change and write nothing

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -y, --yes
              Change more than 20 tickets without asking

          --skip-invalid
              Leave out the tickets the rules refuse (already at the highest tier, closed, not yours to
              change...), change the others, and list those left out

          --verbose
              List every ticket changed, also above 20

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["take"]), @r#"
    Assign tickets to yourself

    Usage: git-desk take [OPTIONS] [ID]...

    Arguments:
      [ID]...
              Ticket ids (any unique prefix)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --stdin
              Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

      -n, --dry-run
              Print what would change and write nothing

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -y, --yes
              Change more than 20 tickets without asking

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

          --skip-invalid
              Leave out the tickets the rules refuse (already at the highest tier, closed, not yours to
              change...), change the others, and list those left out

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

          --verbose
              List every ticket changed, also above 20

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["status"]), @r#"
    Move tickets to a status

    Usage: git-desk status [OPTIONS] <ID... STATUS>...

    Arguments:
      <ID... STATUS>...
              Ticket ids (any unique prefix), then the status

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --reason <R>
              Why (for pending: customer, vendor, change or problem)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --stdin
              Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -n, --dry-run
              Print what would change and write nothing

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -y, --yes
              Change more than 20 tickets without asking

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

          --skip-invalid
              Leave out the tickets the rules refuse (already at the highest tier, closed, not yours to
              change...), change the others, and list those left out

          --verbose
              List every ticket changed, also above 20

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["start"]), @r#"
    Start work: status in-progress

    Usage: git-desk start [OPTIONS] [ID]...

    Arguments:
      [ID]...
              Ticket ids (any unique prefix)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --stdin
              Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

      -n, --dry-run
              Print what would change and write nothing

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -y, --yes
              Change more than 20 tickets without asking

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

          --skip-invalid
              Leave out the tickets the rules refuse (already at the highest tier, closed, not yours to
              change...), change the others, and list those left out

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

          --verbose
              List every ticket changed, also above 20

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["pend"]), @r#"
    Put tickets on hold: status pending, with a reason

    Usage: git-desk pend [OPTIONS] --reason <R> [ID]...

    Arguments:
      [ID]...
              Ticket ids (any unique prefix)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --reason <R>
              What it waits for: customer, vendor, change or problem

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --stdin
              Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -n, --dry-run
              Print what would change and write nothing

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -y, --yes
              Change more than 20 tickets without asking

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

          --skip-invalid
              Leave out the tickets the rules refuse (already at the highest tier, closed, not yours to
              change...), change the others, and list those left out

          --verbose
              List every ticket changed, also above 20

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
}

#[test]
fn help_of_the_ticket_verbs() {
    assert_snapshot!(help(&["resolve"]), @r#"
    Resolve tickets with a resolution

    Usage: git-desk resolve [OPTIONS] --resolution <TEXT> [ID]...

    Arguments:
      [ID]...
              Ticket ids (any unique prefix)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

      -r, --resolution <TEXT>
              What fixed it

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --code <C>
              A resolution code (e.g. fixed, workaround, no-fault, duplicate)

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

          --kb <SLUG>
              The knowledge-base article that resolved it

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

          --stdin
              Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)

      -n, --dry-run
              Print what would change and write nothing

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -y, --yes
              Change more than 20 tickets without asking

          --skip-invalid
              Leave out the tickets the rules refuse (already at the highest tier, closed, not yours to
              change...), change the others, and list those left out

          --verbose
              List every ticket changed, also above 20

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["close"]), @r#"
    Close resolved tickets

    Usage: git-desk close [OPTIONS] [ID]...

    Arguments:
      [ID]...
              Ticket ids (any unique prefix)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --stdin
              Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

      -n, --dry-run
              Print what would change and write nothing

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -y, --yes
              Change more than 20 tickets without asking

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

          --skip-invalid
              Leave out the tickets the rules refuse (already at the highest tier, closed, not yours to
              change...), change the others, and list those left out

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

          --verbose
              List every ticket changed, also above 20

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["reopen"]), @r#"
    Reopen resolved or closed tickets

    Usage: git-desk reopen [OPTIONS] --reason <R> [ID]...

    Arguments:
      [ID]...
              Ticket ids (any unique prefix)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --reason <R>
              Why it is back

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --stdin
              Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -n, --dry-run
              Print what would change and write nothing

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -y, --yes
              Change more than 20 tickets without asking

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

          --skip-invalid
              Leave out the tickets the rules refuse (already at the highest tier, closed, not yours to
              change...), change the others, and list those left out

          --verbose
              List every ticket changed, also above 20

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["escalate"]), @r#"
    Escalate tickets up one tier, or to a given tier

    Usage: git-desk escalate [OPTIONS] --reason <TEXT> [ID]...

    Arguments:
      [ID]...
              Ticket ids (any unique prefix)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --to <N>
              The tier to escalate to (0-4); default: one up

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --reason <TEXT>
              Why it needs the higher tier

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

          --stdin
              Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)

      -n, --dry-run
              Print what would change and write nothing

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -y, --yes
              Change more than 20 tickets without asking

          --skip-invalid
              Leave out the tickets the rules refuse (already at the highest tier, closed, not yours to
              change...), change the others, and list those left out

          --verbose
              List every ticket changed, also above 20

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["deescalate"]), @r#"
    Hand tickets back down to a lower tier

    Usage: git-desk deescalate [OPTIONS] --to <N> --reason <TEXT> [ID]...

    Arguments:
      [ID]...
              Ticket ids (any unique prefix)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --to <N>
              The tier to hand back to (0-4)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --reason <TEXT>
              Why

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

          --stdin
              Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)

      -n, --dry-run
              Print what would change and write nothing

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -y, --yes
              Change more than 20 tickets without asking

          --skip-invalid
              Leave out the tickets the rules refuse (already at the highest tier, closed, not yours to
              change...), change the others, and list those left out

          --verbose
              List every ticket changed, also above 20

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["set"]), @r#"
    Change fields: impact, urgency, priority, service, type, major, title, labels...

    Usage: git-desk set [OPTIONS] <ID... FIELD=VALUE...>...

    Arguments:
      <ID... FIELD=VALUE...>...
              Ticket ids (any unique prefix) and FIELD=VALUE assignments. labels=a,b replaces the
              labels; labels=+vpn,+wifi,-printer adds and removes, each label with its own sign (mixing
              plain and signed labels is refused); service=none clears the service

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --reason <TEXT>
              Why (required for a priority override)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --stdin
              Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -n, --dry-run
              Print what would change and write nothing

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -y, --yes
              Change more than 20 tickets without asking

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

          --skip-invalid
              Leave out the tickets the rules refuse (already at the highest tier, closed, not yours to
              change...), change the others, and list those left out

          --verbose
              List every ticket changed, also above 20

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["link"]), @r#"
    Link a ticket to a problem, a duplicate, a related ticket or a KB article

    Usage: git-desk link [OPTIONS] <--problem <PID>|--duplicate-of <ID>|--related <ID>|--kb <SLUG>> [ID]...

    Arguments:
      [ID]...
              Ticket ids (any unique prefix)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --problem <PID>
              The problem record these incidents belong to

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --duplicate-of <ID>
              The ticket these duplicate

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

          --related <ID>
              A related ticket

          --kb <SLUG>
              A knowledge-base article (kb/SLUG.md)

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

          --stdin
              Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)

      -n, --dry-run
              Print what would change and write nothing

      -y, --yes
              Change more than 20 tickets without asking

          --skip-invalid
              Leave out the tickets the rules refuse (already at the highest tier, closed, not yours to
              change...), change the others, and list those left out

          --verbose
              List every ticket changed, also above 20

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["edit"]), @r#"
    Edit a ticket's fields in your editor

    Usage: git-desk edit [OPTIONS] <ID>

    Arguments:
      <ID>
              The ticket id (any unique prefix)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["rca"]), @r#"
    Record a problem's root-cause analysis (Level 3)

    Usage: git-desk rca [OPTIONS] <ID>

    Arguments:
      <ID>
              The problem (any unique prefix)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --symptoms <T>
              What users saw

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --root-cause <T>
              Why it happened

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

          --workaround <T>
              How to live with it until it is fixed

          --fix <T>
              The permanent fix

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

          --method <M>
              How the cause was found (5 whys, fishbone, log analysis...)

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

          --reproduced <yes|no>
              Whether it was reproduced: yes or no

          --known-error <yes|no>
              Whether it is a known error: yes or no

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["vendor"]), @r#"
    Hand tickets to an outside vendor (Level 4), or move the follow-up date

    Usage: git-desk vendor [OPTIONS] [ID]...

    Arguments:
      [ID]...
              Ticket ids (any unique prefix)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --name <V>
              The vendor

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --ref <VENDOR-TICKET>
              The vendor's ticket reference

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

          --contract <C>
              The support contract

          --follow-up <DATE>
              When to chase the vendor (YYYY-MM-DD)

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

          --stdin
              Also read ticket ids from standard input, one per line (e.g. from `git desk ls --ids`)

      -n, --dry-run
              Print what would change and write nothing

      -y, --yes
              Change more than 20 tickets without asking

          --skip-invalid
              Leave out the tickets the rules refuse (already at the highest tier, closed, not yours to
              change...), change the others, and list those left out

          --verbose
              List every ticket changed, also above 20

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["rate"]), @r#"
    Record customer satisfaction (1-5) on a resolved ticket

    Usage: git-desk rate [OPTIONS] <ID> <SCORE>

    Arguments:
      <ID>
              The ticket id (any unique prefix)

      <SCORE>
              1-5

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

      -m, --message <TEXT>
              What the customer said

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
}

#[test]
fn help_of_levels_0_and_3() {
    assert_snapshot!(help(&["kb"]), @r#"
    Knowledge-base articles (Level 0): new, ls, show, edit, search

    Usage: git-desk kb [OPTIONS] <COMMAND>

    Commands:
      new      Write a new article; prints its slug
      ls       List articles [alias: list]
      show     Show one article: its front matter, then its text
      edit     Edit an article (front matter and text) in $EDITOR
      search   Search articles by words, best match first
      publish  Turn a ticket's root-cause analysis (or its resolution) into an article for Levels 1 and
               2, linked both ways (one commit)
      help     Print this message or the help of the given subcommand(s)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["kb", "new"]), @r#"
    Write a new article; prints its slug

    The slug (the file name, kb/SLUG.md) comes from the title unless --slug says otherwise; --edit
    writes the whole article, front matter and text, in $EDITOR.

    Usage: git-desk kb new [OPTIONS] [TITLE]...

    Arguments:
      [TITLE]...
              The title (one line; several words are joined)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

      -t, --tag <T>
              A tag (repeat, or separate with commas)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --tier <N>
              The tier it is written for: 0 (self-service, anyone) to 4
              
              [default: 0]

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

          --visibility <V>
              public (customers read it on the portal) or internal (staff only); default public at tiers
              0-1, internal above

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

          --slug <S>
              The slug: lower-case letters, digits and dashes (default: from the title)

      -m, --message <TEXT>
              The text (Markdown)

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

          --edit
              Write the article in $EDITOR

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["kb", "ls"]), @r#"
    List articles

    Usage: git-desk kb ls [OPTIONS]

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --tag <T>
              Only articles with this tag

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --json
              Print a JSON array of articles (with their text as "body")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["kb", "show"]), @r#"
    Show one article: its front matter, then its text

    Usage: git-desk kb show [OPTIONS] <SLUG>

    Arguments:
      <SLUG>
              The article's slug

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --json
              Print the article as JSON

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["kb", "edit"]), @r#"
    Edit an article (front matter and text) in $EDITOR

    The edited file is checked before anything is written; `updated` is set to now. Saving it unchanged
    writes nothing.

    Usage: git-desk kb edit [OPTIONS] <SLUG>

    Arguments:
      <SLUG>
              The article's slug

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["kb", "search"]), @r#"
    Search articles by words, best match first

    Titles count most, then tags, then the text. Word forms match ("printing" finds "printer"), and
    words of three letters or more also match the start of longer ones.

    Usage: git-desk kb search [OPTIONS] <WORDS>...

    Arguments:
      <WORDS>...
              The words to look for

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --limit <N>
              At most N articles
              
              [default: 10]

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --json
              Print a JSON array of {slug, title, score}

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["kb", "publish"]), @r#"
    Turn a ticket's root-cause analysis (or its resolution) into an article for Levels 1 and 2, linked
    both ways (one commit)

    Usage: git-desk kb publish [OPTIONS] <ID>

    Arguments:
      <ID>
              The ticket (any unique prefix), usually a problem with an RCA

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --slug <S>
              The article's slug (default: from the ticket's title)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

      -t, --tag <T>
              Extra tags (the ticket's labels and service are added)

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["problem"]), @r#"
    Problem records (Level 3): open one from incidents, resolve it with its fix

    Usage: git-desk problem [OPTIONS] <COMMAND>

    Commands:
      new      Open a problem record from incidents and link them both ways (one commit)
      resolve  Resolve a problem with its fix; --resolve-incidents resolves its open incidents too, in
               the same commit
      help     Print this message or the help of the given subcommand(s)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["problem", "new"]), @r#"
    Open a problem record from incidents and link them both ways (one commit)

    Usage: git-desk problem new [OPTIONS] --from <ID>... <TITLE>...

    Arguments:
      <TITLE>...
              The problem's title

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --from <ID>...
              The incidents it causes (any unique prefixes)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

      -m, --message <TEXT>
              What is known so far

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["problem", "resolve"]), @r#"
    Resolve a problem with its fix; --resolve-incidents resolves its open incidents too, in the same
    commit

    Usage: git-desk problem resolve [OPTIONS] --fix <TEXT> <PID>

    Arguments:
      <PID>
              The problem (any unique prefix)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --fix <TEXT>
              The permanent fix

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --resolve-incidents
              Also resolve the linked incidents still open, with the fix as their resolution

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
}

#[test]
fn help_of_mail_in() {
    assert_snapshot!(help(&["mail"]), @r#"
    Take in mail: customers' messages become tickets, comments and notes

    Usage: git-desk mail [OPTIONS] <COMMAND>

    Commands:
      ingest  Take in mail: one message on stdin (an MTA's pipe, procmail), an mbox or a Maildir
      help    Print this message or the help of the given subcommand(s)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["mail", "ingest"]), @r#"
    Take in mail: one message on stdin (an MTA's pipe, procmail), an mbox or a Maildir

    Each message is threaded onto a ticket by In-Reply-To, then References (against the Message-IDs the
    desk sent or received), then the subject tag ([desk #4f2a9c]); otherwise it files a new ticket for
    its sender (routing rules apply). A reply is a public comment by its sender, quotes and signature
    trimmed; from someone who is neither the reporter nor a member of the desk's teams it is an internal
    note (unless [mail] open_replies = true). A reply from the reporter to a ticket pending on the
    customer opens it again. Auto-replies, bounces and list mail never file a ticket. The same
    Message-ID twice is recorded once. Messages that cannot be used (no From, not mail at all) are kept
    under mail/rejected/ on the branch with the reason. The original is kept as mail/<id>/<n>.eml;
    attachments up to [mail] max_attachment as attachments/<id>/<N>-<name>. All messages read are one
    commit.

    Exit codes for a mail system: 0 taken in (or kept under mail/rejected/); 75 (EX_TEMPFAIL) try again
    later (the branch busy, I/O failed, no desk yet, desk.toml broken or without [mail]); 2 the message
    will never be accepted (kept under mail/rejected/, the reason on stderr), or bad options.

    Usage: git-desk mail ingest [OPTIONS]

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --mbox <FILE>
              Read every message of this mbox file instead of one message on stdin

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --maildir <DIR>
              Read every message in DIR/new, moving each to DIR/cur once committed

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

          --json
              Print what happened to each message as JSON

          --dry-run
              Show what would happen; write nothing, move nothing

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version

    Wiring: a postfix alias `desk: "|git -C /srv/desk desk mail ingest"`, a procmail recipe `| git desk
    mail ingest`, or cron over a Maildir filled by fetchmail or mbsync: `git desk mail ingest --maildir
    ~/Maildir`.
    "#);
}

#[test]
fn help_of_reports_config_and_sharing() {
    assert_snapshot!(help(&["report"]), @r#"
    The service desk's KPIs: tables, JSON, CSV, a weekly chart, an HTML page

    Usage: git-desk report [OPTIONS]

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --since <DATE>
              Start of the window (YYYY-MM-DD or RFC 3339; default: 30 days before --until)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --until <DATE>
              End of the window, exclusive (default: now)

          --by <GROUP>
              Also per tier, team, service, priority, site or week (of filing)

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

          --json
              Print JSON: {"window", "metrics", "groups"...}

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

          --csv
              Print CSV: group, metric, value, numerator, denominator, durations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

          --html <FILE>
              Write a self-contained HTML page with charts to FILE instead of the text report (--json
              and --csv still print)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version

    Metrics, for the window [since, until) (default: the 30 days up to now), each ticket as it
    stood at `until` (later events do not change a past window):
      opened                     tickets filed in the window
      resolved                   tickets resolved or closed in the window and not reopened by
                                 `until` (a reopen after `until` does not undo it)
      backlog                    filed before `until` and not resolved or closed then; by age then:
                                 backlog_0_1d, backlog_1_5d, backlog_5_30d, backlog_over_30d
      time_to_first_response     working time (SLA calendar, pending excluded) to the first
                                 response, for responses in the window: mean, median, p90
      time_to_resolution         the same to the resolution, for the `resolved` tickets
      first_contact_resolution   resolved at tier 0-1, never escalated before it / resolved
      escalation_rate            tickets escalated in the window / tickets handled (open at some
                                 moment of the window)
      escalation_rate_lN         escalated out of tier N in the window / handled at tier N
      sla_compliance_response    clocks met / (met + missed, stopped in the window, + breached and
      sla_compliance_resolution  still running at `until`); sla_compliance: both together
      reopen_rate                tickets reopened by `until` after a resolution in the window /
                                 tickets resolved at least once in the window
      csat                       sum of scores / ratings given in the window (the average)
      csat_response_rate         resolved tickets rated after their resolution / resolved
      deflection                 resolved at tier 0-1 with a KB article linked at the resolution
                                 / resolved
      kb_deflections             people who read an article instead of filing, in the window
    --by tier|team|service|priority|site: where the ticket stood at `until`; --by week: of filing.
    The weekly chart covers the weeks of the window from the desk's first ticket; a window of
    more than 520 weeks shows only the weeks with activity, at most the latest 520.
    Durations are working time on each ticket's SLA calendar (24x7 is wall-clock).
    "#);
    assert_snapshot!(help(&["sla"]), @r#"
    SLA clocks per ticket: response and resolution

    Usage: git-desk sla [OPTIONS] [QUERY]...

    Arguments:
      [QUERY]...
              Query terms (as for `ls`), e.g. `sla:breached`, `tier:1`, or a ticket id (or the start of
              one)

    Options:
          --at <TIME>
              Evaluate at this time instead of now (RFC 3339 or YYYY-MM-DD)

      -C <PATH>
              Run as if started in PATH (like git -C)

      -a, --all
              Include resolved and closed tickets

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

          --json
              Print a JSON array: {id, short_id, priority, response, resolution}

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["sweep"]), @r#"
    Apply the escalation rules of desk.toml (for cron)

    Usage: git-desk sweep [OPTIONS]

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

      -n, --dry-run
              Print what would change and write nothing

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --json
              With --dry-run: print the firings as JSON, one object per rule firing

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -y, --yes
              Change more than 20 tickets without asking

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

          --verbose
              List every firing, also above 20

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["notify"]), @r#"
    Send the notices due by mail, each once (for cron)

    Usage: git-desk notify [OPTIONS]

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --sendmail <CMD>
              Hand each notice to this command, which reads the message on its input [default: "sendmail
              -t -i"]

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --smtp <smtp://[USER@]HOST:PORT>
              Send through an SMTP server, STARTTLS when offered (password from DESK_SMTP_PASSWORD)

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

          --outbox <DIR>
              Write each notice as a .eml file into this directory

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

          --remote <REMOTE>
              The remote the claims are pushed to before sending (default: git config desk.remote, else
              origin when it exists; none: local claims only)

      -n, --dry-run
              Print what would be sent; claim, send and write nothing

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

          --json
              List the notices as JSON (ticket, kind, to, message_id, subject, result)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["config"]), @r#"
    Show or edit desk.toml

    Usage: git-desk config [OPTIONS] <COMMAND>

    Commands:
      show  Print desk.toml as committed (--json: as JSON, with the file's field names)
      edit  Edit desk.toml in your editor; committed only when valid, else reopened with the error
      help  Print this message or the help of the given subcommand(s)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["config", "show"]), @r#"
    Print desk.toml as committed (--json: as JSON, with the file's field names)

    Usage: git-desk config show [OPTIONS]

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --json
              Print JSON

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["config", "edit"]), @r#"
    Edit desk.toml in your editor; committed only when valid, else reopened with the error

    Usage: git-desk config edit [OPTIONS]

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["import"]), @r#"
    Import tickets from JSON, CSV or GitHub issues, as one commit

    Usage: git-desk import [OPTIONS] <FILE>

    Arguments:
      <FILE>
              The file (- for standard input)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --format <FORMAT>
              json, csv or github (default: from the file's extension; a .json file of GitHub issues is
              read as github)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

      -n, --dry-run
              Check the file and say what would be imported; write nothing

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["export"]), @r#"
    Export every ticket as JSON or CSV

    Usage: git-desk export [OPTIONS]

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --format <FORMAT>
              json or csv
              
              [default: json]

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["pull"]), @r#"
    Fetch the remote's desk branch and merge it in

    Usage: git-desk pull [OPTIONS] [REMOTE]

    Arguments:
      [REMOTE]
              A configured remote, a path or a URL (default: git config desk.remote, else origin)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["push"]), @r#"
    Push the desk branch (fetching and merging first if the remote moved)

    Usage: git-desk push [OPTIONS] [REMOTE]

    Arguments:
      [REMOTE]
              A configured remote, a path or a URL (default: git config desk.remote, else origin)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["sync"]), @r#"
    Fetch, merge and push: share the desk both ways

    Usage: git-desk sync [OPTIONS] [REMOTE]

    Arguments:
      [REMOTE]
              A configured remote, a path or a URL (default: git config desk.remote, else origin)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["merge-driver"]), @r#"
    Merge two versions of a ticket file (a git merge driver)

    Usage: git-desk merge-driver [OPTIONS] <BASE> <OURS> <THEIRS> [PATH]

    Arguments:
      <BASE>
              The common ancestor's version (%O; not needed to unite ticket logs)

      <OURS>
              Our version (%A), overwritten with the result

      <THEIRS>
              Their version (%B)

      [PATH]
              The path in the tree (%P)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["verify"]), @r#"
    Check a push against the desk's rules (a server's pre-receive hook)

    Usage: git-desk verify [OPTIONS] [OLD] [NEW] [REF]

    Arguments:
      [OLD]
              The desk branch's value before the push (all zeros: it did not exist)

      [NEW]
              Its value after the push (all zeros: it is deleted)

      [REF]
              The ref pushed (default: the desk branch)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["server"]), @r#"
    Set up a server repository: install the pre-receive hook running verify

    Usage: git-desk server [OPTIONS] <COMMAND>

    Commands:
      install  Write a pre-receive hook running `git desk verify` into a (bare) repository
      help     Print this message or the help of the given subcommand(s)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["server", "install"]), @r#"
    Write a pre-receive hook running `git desk verify` into a (bare) repository

    The hook calls this git-desk by its absolute path. A pre-receive hook that git-desk did not write is
    left alone unless --force is given; then it is kept beside as `pre-receive.before-git-desk` (not
    chained: run it from a hook of your own if you need both). Running it again changes nothing.

    Usage: git-desk server install [OPTIONS] [GIT_DIR]

    Arguments:
      [GIT_DIR]
              The repository's git directory (default: the current repository)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --force
              Replace a pre-receive hook git-desk did not write (kept as pre-receive.before-git-desk)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["demo"]), @r#"
    Create a demo desk repository with tickets at every tier

    Usage: git-desk demo [OPTIONS] [DIR]

    Arguments:
      [DIR]
              Where to create it (must not exist or be empty)
              
              [default: git-desk-demo]

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["man"]), @r#"
    Print or write the man pages

    Usage: git-desk man [OPTIONS]

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --out <DIR>
              Write man1/git-desk.1 and man1/git-desk-COMMAND.1 into DIR instead of printing

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["completions"]), @r#"
    Print or write shell completions

    Usage: git-desk completions [OPTIONS] <SHELL>

    Arguments:
      <SHELL>
              bash, zsh, fish, elvish or powershell
              
              [possible values: bash, elvish, fish, powershell, zsh]

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --out <DIR>
              Write the script into DIR instead of printing it

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
}

#[test]
fn help_of_doctor() {
    assert_snapshot!(help(&["doctor"]), @r#"
    Check the desk and its repository; repair what is safe with --fix

    Usage: git-desk doctor [OPTIONS]

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --fix
              Repair what is safe, and say what needs a person

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --json
              Print the problems and a summary as JSON

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version

    --fix repairs what is safe: it removes the locks and temporary refs no process holds, rewrites
    non-canonical ticket files canonically as one commit (every event kept; a file that does not parse,
    or holds two different events with one id, is left for a person), and rebuilds the summary cache. It
    never drops an event.

    Exit codes: 0 healthy (warnings aside; with --fix, when everything found was fixed), 1 problems that
    need fixing, 2 bad input.
    "#);
}

#[test]
fn help_of_the_portal() {
    assert_snapshot!(help(&["portal"]), @r#"
    The self-service portal (Level 0): build a static site from the desk

    Usage: git-desk portal [OPTIONS] <COMMAND>

    Commands:
      build  Write the portal into a folder: static files any web host serves, or open from disk
      help   Print this message or the help of the given subcommand(s)

    Options:
      -C <PATH>
              Run as if started in PATH (like git -C)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
    assert_snapshot!(help(&["portal", "build"]), @r#"
    Write the portal into a folder: static files any web host serves, or open from disk

    Only public material goes in: self-service articles, the service catalogue, open major incidents and
    known errors (title, status, workaround). No notes, comments, descriptions or people. The same desk
    gives the same files. DIR must be new, empty or a portal built before (it holds a .git-desk-portal
    file), which is replaced whole; a failed build leaves it as it was.

    Usage: git-desk portal build [OPTIONS] <DIR>

    Arguments:
      <DIR>
              The folder to write the site into

    Options:
          --base-url <URL>
              The address the site will be served from, for pages' canonical links (links between pages
              stay relative)

      -C <PATH>
              Run as if started in PATH (like git -C)

          --branch <NAME>
              The desk branch (default: git config desk.branch, else "desk")

          --color <WHEN>
              When to use colour

              Possible values:
              - auto:   Colour on a terminal, unless NO_COLOR is set
              - always: Always colour
              - never:  Never colour
              
              [default: auto]

      -q, --quiet
              Print only what was asked for (ids, tables, JSON), no progress or confirmations

      -P, --no-pager
              Do not page long output on a terminal (default: GIT_PAGER, git config desk.pager,
              core.pager, PAGER, else less)

      -h, --help
              Print help (see a summary with '-h')

      -V, --version
              Print version
    "#);
}

/// Every command and subcommand, as `help` above snapshots them.
const WITH_HELP_SNAPSHOT: &[&str] = &[
    "",
    "init",
    "new",
    "ls",
    "show",
    "log",
    "comment",
    "assign",
    "take",
    "status",
    "start",
    "pend",
    "resolve",
    "close",
    "reopen",
    "escalate",
    "deescalate",
    "set",
    "link",
    "edit",
    "kb",
    "kb new",
    "kb ls",
    "kb show",
    "kb edit",
    "kb search",
    "kb publish",
    "portal",
    "portal build",
    "problem",
    "problem new",
    "problem resolve",
    "rca",
    "vendor",
    "rate",
    "report",
    "sla",
    "sweep",
    "mail",
    "mail ingest",
    "notify",
    "config",
    "config show",
    "config edit",
    "import",
    "export",
    "doctor",
    "pull",
    "push",
    "sync",
    "merge-driver",
    "verify",
    "server",
    "server install",
    "demo",
    "man",
    "completions",
];

/// The commands a help text lists under `Commands:` (without `help`).
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .filter(|name| name != "help")
        .collect()
}

#[test]
fn every_command_has_a_help_snapshot() {
    let mut found = vec![String::new()];
    let mut todo = vec![Vec::<String>::new()];
    while let Some(path) = todo.pop() {
        let args: Vec<&str> = path.iter().map(String::as_str).collect();
        for name in subcommands(&help(&args)) {
            let mut sub = path.clone();
            sub.push(name);
            found.push(sub.join(" "));
            todo.push(sub);
        }
    }
    found.sort();
    let mut covered: Vec<String> = WITH_HELP_SNAPSHOT.iter().map(|c| c.to_string()).collect();
    covered.sort();
    assert_eq!(
        found, covered,
        "add an inline snapshot of each new command's --help"
    );
}
