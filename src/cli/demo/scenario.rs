//! The demo's fortnight at the service desk, as data: each ticket as it was filed and the
//! changes people made to it afterwards, each one a [`Change`] as its command makes it.

use chrono::{DateTime, Duration, Utc};

use git_desk::model::{Filing, Grade, Rca, Relation, TicketType, Tier, Vendor};
use git_desk::store::Actor;
use git_desk::workflow::{Change, NewTicket};

/// A person in the scenario.
#[derive(Debug, Clone, Copy)]
pub struct Person {
    pub name: &'static str,
    pub email: &'static str,
}

impl Person {
    pub fn actor(self) -> Actor {
        Actor::new(self.name, self.email)
    }
}

const fn person(name: &'static str, email: &'static str) -> Person {
    Person { name, email }
}

// Reporters.
const CAROL: Person = person("Carol Diaz", "carol@example.com");
const DAN: Person = person("Dan Okafor", "dan@example.com");
pub const ERIN: Person = person("Erin Walsh", "erin@example.com");
const FRANK: Person = person("Frank Meyer", "frank@example.com");
const GRACE: Person = person("Grace Liu", "grace@example.com");
const HUGO: Person = person("Hugo Martin", "hugo@example.com");
// Level 1: service desk.
pub const ALICE: Person = person("Alice Moreau", "alice@example.com");
const BEN: Person = person("Ben Kowalski", "ben@example.com");
// Level 2: technical support.
const PRIYA: Person = person("Priya Nair", "priya@example.com");
const TOM: Person = person("Tom Becker", "tom@example.com");
// Level 3: engineering.
pub const SAM: Person = person("Sam Lindqvist", "sam@example.com");
// Level 4: vendor coordination.
const VICTOR: Person = person("Victor Osei", "victor@example.com");

/// A ticket of the scenario: how it was filed and what happened to it.
#[derive(Debug)]
pub struct Spec {
    /// A handle for links between tickets of the scenario.
    pub key: &'static str,
    /// Minutes after the start of day 0.
    pub filed: i64,
    pub filed_by: Person,
    pub ticket: NewTicket,
    /// Minutes after the start of day 0, who, what.
    pub steps: Vec<(i64, Person, Change)>,
}

/// A ticket the reporter filed themselves at Level 1: a medium/medium incident.
fn ticket(
    key: &'static str,
    filed: i64,
    reporter: Person,
    service: &'static str,
    title: &'static str,
) -> Spec {
    let mut ticket = NewTicket::new(Filing {
        service: Some(service.to_string()),
        ..Filing::new(title, reporter.email)
    });
    ticket.tier = Some(Tier::new(1).expect("tier 1"));
    Spec {
        key,
        filed,
        filed_by: reporter,
        ticket,
        steps: Vec::new(),
    }
}

impl Spec {
    /// Filed by someone else (an agent taking a call, monitoring).
    fn by(mut self, who: Person) -> Spec {
        self.filed_by = who;
        self
    }
    fn kind(mut self, kind: TicketType) -> Spec {
        self.ticket.filing.ticket_type = kind;
        self
    }
    /// Impact and urgency: the priority follows from the matrix.
    fn rate(mut self, impact: Grade, urgency: Grade) -> Spec {
        self.ticket.filing.impact = impact;
        self.ticket.filing.urgency = urgency;
        self
    }
    fn tier(mut self, level: i64) -> Spec {
        self.ticket.tier = Some(Tier::new(level).expect("the scenario uses tiers 0-4"));
        self
    }
    fn labels(mut self, labels: &[&str]) -> Spec {
        self.ticket.filing.labels = labels.iter().map(|l| l.to_string()).collect();
        self
    }
    /// Filed at an office (a key of the demo's `[sites]`).
    fn at(mut self, site: &str) -> Spec {
        self.ticket.filing.site = Some(site.to_string());
        self
    }
    fn major(mut self) -> Spec {
        self.ticket.filing.major = true;
        self
    }
    fn about(mut self, text: &str) -> Spec {
        self.ticket.filing.description = text.to_string();
        self
    }
    /// When the last thing happened to the ticket, in minutes after the start of day 0.
    fn last(&self) -> i64 {
        self.steps.last().map_or(self.filed, |s| s.0)
    }
    /// `after` minutes later, `by` makes the change.
    fn then(mut self, after: i64, by: Person, change: Change) -> Spec {
        let at = self.last() + after;
        self.steps.push((at, by, change));
        self
    }
    /// `after` minutes later, `by` hands it to a vendor, to be chased `days` after that.
    fn vendor(
        self,
        after: i64,
        by: Person,
        (name, reference, contract): (&str, &str, &str),
        start: DateTime<Utc>,
        days: i64,
    ) -> Spec {
        let at = start + Duration::minutes(self.last() + after);
        let vendor = Vendor {
            name: Some(name.into()),
            reference: Some(reference.into()),
            contract: Some(contract.into()),
            follow_up: Some((at + Duration::days(days)).date_naive()),
        };
        self.then(after, by, Change::Vendor(vendor))
    }
}

fn take() -> Change {
    Change::Take
}
fn start() -> Change {
    Change::Start
}
fn close() -> Change {
    Change::Close
}
fn pend(reason: &str) -> Change {
    Change::Pend {
        reason: reason.into(),
    }
}
fn comment(text: &str) -> Change {
    Change::Comment {
        text: text.into(),
        internal: false,
    }
}
fn note(text: &str) -> Change {
    Change::Comment {
        text: text.into(),
        internal: true,
    }
}
fn escalate(reason: &str) -> Change {
    Change::Escalate {
        to: None,
        reason: reason.into(),
    }
}
fn escalate_to(level: i64, reason: &str) -> Change {
    Change::Escalate {
        to: Tier::new(level),
        reason: reason.into(),
    }
}
fn deescalate(level: i64, reason: &str) -> Change {
    Change::Deescalate {
        to: Tier::new(level).expect("the scenario uses tiers 0-4"),
        reason: reason.into(),
    }
}
fn set(field: &str, value: &str) -> Change {
    Change::Set {
        fields: vec![(field.into(), value.into())],
        reason: None,
    }
}
fn prioritize(priority: &str, reason: &str) -> Change {
    Change::Set {
        fields: vec![("priority".into(), priority.into())],
        reason: Some(reason.into()),
    }
}
fn resolve(resolution: &str, code: &str) -> Change {
    Change::Resolve {
        resolution: resolution.into(),
        code: Some(code.into()),
        kb: None,
    }
}
/// Resolved by the reporter with an article: Level 0.
fn self_service(resolution: &str, slug: &str) -> Change {
    Change::Resolve {
        resolution: resolution.into(),
        code: Some("self-service".into()),
        kb: Some(slug.into()),
    }
}
fn reopen(reason: &str) -> Change {
    Change::Reopen {
        reason: reason.into(),
    }
}
/// Linked to a problem, named by its scenario key until the problem is filed.
fn link_problem(key: &str) -> Change {
    Change::Link {
        relation: Relation::Problem,
        target: key.into(),
    }
}
fn rca(symptoms: &str, cause: &str, workaround: &str) -> Change {
    Change::Rca {
        rca: Rca {
            symptoms: Some(symptoms.into()),
            root_cause: Some(cause.into()),
            workaround: Some(workaround.into()),
            method: Some("log analysis".into()),
            reproduced: Some(true),
            fix: None,
        },
        known_error: Some(true),
    }
}
fn rating(score: i64, comment: &str) -> Change {
    Change::Rate {
        score,
        comment: Some(comment.into()),
    }
}

const M: i64 = 1;
const H: i64 = 60;
const D: i64 = 24 * H;

/// Minutes from the start of the scenario to `day` at `hour:minute`.
const fn day(day: i64, hour: i64, minute: i64) -> i64 {
    day * D + hour * H + minute * M
}

/// The fortnight from `start`. Kept as a table: one line per filing or change.
#[rustfmt::skip]
pub fn scenario(day_0: DateTime<Utc>) -> Vec<Spec> {
    use Grade::{High, Low, Medium};
    use TicketType::{Change, Problem, Request};
    vec![
        // Level 0: self-service, deflected by the FAQ; one still new.
        ticket("pw-carol", day(0, 8, 5), CAROL, "identity", "Password reset: locked out after the holidays")
            .kind(Request).rate(Low, Low).tier(0).labels(&["password"])
            .then(7 * M, CAROL, self_service("Reset the password in the self-service portal (FAQ: password reset)", "reset-your-password-in-the-self-service-portal"))
            .then(M, CAROL, rating(4, "Easy once I found the FAQ"))
            .then(D, ALICE, close()),
        ticket("mailbox-full", day(2, 10, 30), FRANK, "email", "Mailbox full: cannot send mail")
            .kind(Request).rate(Low, High).tier(0).labels(&["quota"])
            .then(25 * M, FRANK, self_service("Archived mail older than a year with auto-archive, as the quota FAQ describes", "mailbox-full-archive-old-mail")),
        ticket("toner", day(6, 14, 2), GRACE, "printing", "Printer 3F-West says toner low")
            .at("berlin")
            .kind(Request).rate(Low, Low).tier(0)
            .then(10 * M, GRACE, self_service("Replaced the toner from the supply cabinet (FAQ: printer consumables)", "printer-consumables-replace-the-toner")),
        ticket("pw-dan", day(8, 7, 48), DAN, "identity", "Forgot password after the forced 90-day change")
            .kind(Request).rate(Low, Medium).tier(0).labels(&["password"])
            .then(12 * M, DAN, resolve("Reset in the self-service portal; MFA was already enrolled", "self-service")),
        ticket("mfa-phone", day(13, 15, 40), ERIN, "identity", "How do I move MFA to my new phone?")
            .kind(Request).rate(Low, Low).tier(0).labels(&["mfa", "mobile"])
            .about("Got a new phone today; the old one still works until Friday."),
        // Level 1: the service desk takes, fixes or escalates.
        ticket("printer-jam", day(1, 8, 40), GRACE, "printing", "Printer 2F-East jams on every duplex job")
            .at("nyc")
            .rate(Medium, Low).labels(&["hardware"])
            .then(35 * M, ALICE, take())
            .then(2 * H, ALICE, start())
            .then(50 * M, ALICE, comment("Cleared the jam and replaced the worn pickup roller; the duplex test page prints fine."))
            .then(5 * M, ALICE, resolve("Replaced the pickup roller (spare from stock)", "fixed"))
            .then(3 * H, GRACE, rating(5, "Fixed the same morning, thank you!"))
            .then(2 * D, ALICE, close()),
        ticket("new-starter", day(1, 11, 0), HUGO, "identity", "Accounts and laptop for new starter Hana Ito (starts Monday)")
            .kind(Request).labels(&["onboarding"])
            .then(H, BEN, take())
            .then(3 * H, BEN, start())
            .then(D, BEN, note("Laptop imaged, accounts in AD and SAP; badge is with facilities."))
            .then(4 * H, BEN, comment("Accounts are ready; Hana can pick up the laptop at the service desk."))
            .then(M, BEN, resolve("Accounts created, laptop imaged and handed over", "fulfilled"))
            .then(3 * D, BEN, close()),
        ticket("monitor", day(3, 14, 0), FRANK, "laptops", "Request: second monitor for hot desk 4.12")
            .at("berlin")
            .kind(Request).rate(Low, Low).labels(&["hardware"])
            .then(2 * H, ALICE, take())
            .then(D, ALICE, resolve("Installed a 27-inch monitor from stock at desk 4.12", "fulfilled"))
            .then(2 * D, ALICE, close()),
        ticket("finance-share", day(4, 15, 30), CAROL, "identity", "Access to the Finance share for the new controller")
            .kind(Request).rate(Medium, Low).labels(&["access"])
            .then(H, BEN, take())
            .then(10 * M, BEN, comment("Approved by the Finance lead; access to Finance-RW is granted."))
            .then(M, BEN, resolve("Added to Finance-RW after approval by the data owner", "fulfilled")),
        ticket("invoice-logo", day(5, 13, 0), CAROL, "erp", "SAP invoices print with a blank logo")
            .rate(Low, Medium).labels(&["finance"])
            .then(30 * M, ALICE, take())
            .then(10 * M, ALICE, escalate("looks like a print layout problem in SAP"))
            .then(2 * H, PRIYA, note("Layout is fine: the logo file is missing from the print server share."))
            .then(5 * M, PRIYA, deescalate(1, "logo file missing on the print share; L1 can restore it from the template"))
            .then(H, ALICE, start())
            .then(20 * M, ALICE, resolve("Restored logo.bmp to the sap-forms share from the template folder", "fixed")),
        ticket("shared-drive", day(7, 9, 5), CAROL, "identity", "Cannot map shared drive S: after password change")
            .labels(&["file-share"])
            .then(30 * M, BEN, take())
            .then(20 * M, BEN, comment("Please remove the fs01 entries in Credential Manager, then log off and on again."))
            .then(M, BEN, pend("customer"))
            .then(3 * H, CAROL, comment("That worked, thanks!"))
            .then(10 * M, BEN, resolve("Removed stale cached credentials for fs01", "fixed"))
            .then(3 * D, CAROL, reopen("S: is disconnected again since this morning's password change"))
            .then(H, BEN, note("Same symptom: the drive mapping script still uses the old credential. Checking the GPO."))
            .then(10 * M, BEN, start()),
        ticket("phishing", day(7, 13, 25), HUGO, "email", "Suspicious email asking to confirm payroll details")
            .by(BEN).rate(Medium, High).labels(&["security"])
            .then(5 * M, BEN, take())
            .then(10 * M, BEN, note("Sent to security: 23 recipients, 2 clicked the link, nobody entered credentials."))
            .then(40 * M, BEN, resolve("Message purged from all mailboxes, sender domain blocked, the two users who clicked were called", "fixed"))
            .then(D, BEN, close()),
        ticket("outlook-sync", day(9, 11, 30), ERIN, "email", "Outlook calendar not syncing to phone")
            .labels(&["mobile", "calendar"])
            .about("Meetings accepted on the laptop never show up in Outlook on my iPhone.")
            .then(40 * M, ALICE, take())
            .then(15 * M, ALICE, comment("Could you send a screenshot of the account settings in the Outlook app on your phone?"))
            .then(M, ALICE, pend("customer")),
        ticket("visio", day(10, 11, 0), DAN, "laptops", "Install Visio for the process team (5 licences)")
            .at("nyc")
            .kind(Request).rate(Medium, Low).labels(&["software", "licence"])
            .then(2 * H, BEN, take())
            .then(10 * M, BEN, comment("This needs cost-centre approval from your manager; we have sent the request."))
            .then(M, BEN, pend("customer")),
        ticket("vpn-mfa", day(11, 8, 30), DAN, "vpn", "VPN asks for the MFA code twice")
            .rate(Low, Medium).labels(&["mfa"])
            .then(H, ALICE, take())
            .then(5 * M, ALICE, resolve("Known issue in VPN client 6.1: updated to 6.2 from Software Center", "fixed")),
        ticket("teams-audio", day(12, 10, 10), HUGO, "laptops", "Teams calls: others cannot hear me")
            .at("nyc")
            .rate(Low, High).labels(&["audio"])
            .then(20 * M, ALICE, take())
            .then(10 * M, ALICE, start())
            .then(30 * M, ALICE, comment("Updated the headset driver; please try a test call and tell us how it went."))
            .then(M, ALICE, pend("customer")),
        ticket("atlas-display", day(12, 13, 45), ERIN, "meeting-rooms", "Meeting room Atlas: screen shows no HDMI input")
            .at("berlin")
            .rate(Low, Medium).labels(&["meeting-room"])
            .then(30 * M, ALICE, take()),
        ticket("laptop-slow", day(12, 15, 5), FRANK, "laptops", "Laptop very slow since last week")
            .at("berlin")
            .rate(Low, Low),
        ticket("guest-wifi", day(13, 9, 20), GRACE, "network", "Guest Wi-Fi portal does not load on iPhones")
            .rate(Low, Medium).labels(&["guest", "mobile"])
            .then(25 * M, BEN, take())
            .then(5 * M, BEN, comment("Which iOS version is it, and is 'Private Wi-Fi Address' switched on?")),
        ticket("badge", day(13, 16, 50), ERIN, "identity", "Badge reader at door 3B rejects new badges")
            .rate(Medium, High).labels(&["facilities"]),
        // Level 2: technical support.
        ticket("laptop-boot", day(2, 8, 12), DAN, "laptops", "Laptop won't boot after BIOS update")
            .at("nyc")
            .by(ALICE).rate(Low, High).labels(&["hardware"])
            .then(8 * M, ALICE, take())
            .then(20 * M, ALICE, note("Stuck on the BitLocker recovery screen, then black; the recovery key from AD does not help."))
            .then(10 * M, ALICE, escalate("BIOS update left the TPM in a bad state; needs a BIOS rollback"))
            .then(40 * M, PRIYA, take())
            .then(15 * M, PRIYA, start())
            .then(2 * H, PRIYA, comment("Rolled the BIOS back to 1.14; Windows boots again. Please leave the laptop on power tonight."))
            .then(5 * M, PRIYA, resolve("Rolled the BIOS back to 1.14 from a recovery USB; BitLocker re-keyed", "fixed")),
        ticket("wifi-atlas", day(5, 10, 20), ERIN, "network", "Wi-Fi keeps dropping in meeting room Atlas")
            .at("berlin")
            .by(BEN).rate(Medium, High).labels(&["meeting-room", "wifi"])
            .then(15 * M, BEN, take())
            .then(10 * M, BEN, start())
            .then(40 * M, BEN, note("AP-3F-07 has 60+ clients on 2.4 GHz during all-hands; channel overlap with AP-3F-06."))
            .then(5 * M, BEN, escalate("needs a new channel plan for the third floor"))
            .then(2 * H, TOM, take())
            .then(D, TOM, comment("Moved AP-3F-07 to channel 44 and enabled band steering; tell us if it drops in tomorrow's meeting.")),
        ticket("cert-expiry", day(7, 8, 0), PRIYA, "network", "TLS certificate for intranet.example.com expires in 5 days")
            .kind(Change).rate(High, Low).tier(2).labels(&["certificate", "monitoring"])
            .about("Raised from the certificate monitor: intranet.example.com, 5 days left.")
            .then(30 * M, PRIYA, take())
            .then(H, PRIYA, start())
            .then(2 * H, PRIYA, comment("Renewed through the internal ACME CA and deployed to both load balancers."))
            .then(5 * M, PRIYA, resolve("Certificate renewed and deployed to both load balancers", "fixed"))
            .then(D, PRIYA, close()),
        ticket("sap-report", day(8, 10, 0), CAROL, "erp", "SAP month-end report takes 40 minutes")
            .labels(&["finance", "performance"])
            .then(H, ALICE, take())
            .then(20 * M, ALICE, escalate("the report itself is slow for everyone; needs ERP support"))
            .then(3 * H, PRIYA, take())
            .then(D, PRIYA, start())
            .then(2 * H, PRIYA, comment("With the new index the report runs in 4 minutes in test; production on Friday.")),
        ticket("email-delay", day(9, 16, 30), FRANK, "email", "Emails arrive 30 minutes late")
            .rate(Medium, High).labels(&["mail-flow"])
            .then(15 * M, ALICE, take())
            .then(10 * M, ALICE, note("Message trace: mail queues on MBX02 for 25-35 minutes."))
            .then(5 * M, ALICE, escalate("mail queues on MBX02; needs the messaging team"))
            .then(H, PRIYA, take())
            .then(10 * M, PRIYA, set("labels", "+exchange"))
            // The morning after, the outage below; linked to its problem once that is filed.
            .then(20 * H + 20 * M, PRIYA, link_problem("mail-logs"))
            .then(30 * M, PRIYA, resolve("Fixed with the mail outage: log volume extended, queues drained", "workaround")),
        ticket("scan-to-email", day(11, 10, 15), HUGO, "printing", "Scan-to-email fails on the reception printer")
            .rate(Medium, Low)
            .then(H, ALICE, take())
            .then(15 * M, ALICE, escalate("the SMTP relay rejects the printer since the mail migration"))
            .then(2 * H, TOM, take()),
        ticket("sap-pw-sync", day(11, 14, 40), FRANK, "erp", "SAP password not updated after the AD password change")
            .rate(Medium, Low).labels(&["sso"])
            .then(H, BEN, take())
            .then(15 * M, BEN, set("labels", "+identity"))
            .then(H, BEN, escalate("the SSO mapping for this user points to an old account")),
        ticket("vpn-cert", day(12, 7, 50), DAN, "vpn", "VPN: 'certificate expired' on all Sales laptops")
            .by(ALICE).rate(High, High).labels(&["sales", "certificate"])
            .then(2 * M, ALICE, take())
            .then(3 * M, ALICE, escalate("machine certificates expired; needs the endpoint team to push new ones"))
            .then(10 * M, PRIYA, take())
            .then(2 * M, PRIYA, start())
            .then(30 * M, PRIYA, comment("Renewed machine certificates are on their way through Intune: restart your laptop to pick them up."))
            .then(2 * H, PRIYA, resolve("Re-issued machine certificates for 42 Sales laptops via Intune; auto-renewal fixed", "fixed")),
        // Level 3: engineering, with a major incident and its problem record.
        ticket("sap-login", day(3, 8, 55), CAROL, "erp", "SAP login error 'user is locked' for the whole finance team")
            .by(BEN).rate(High, Medium).labels(&["finance", "sso"])
            .then(5 * M, BEN, take())
            .then(10 * M, BEN, escalate("all 14 finance users locked at once: not a password problem"))
            .then(20 * M, PRIYA, take())
            .then(5 * M, PRIYA, prioritize("P1", "month-end close today; finance is blocked"))
            .then(10 * M, PRIYA, start())
            .then(40 * M, PRIYA, note("Role sync from the identity provider failed at 02:00; users lost role Z_FI_CLOSE."))
            .then(5 * M, PRIYA, escalate("the role sync job needs a fix in the IdP connector"))
            .then(25 * M, SAM, take())
            .then(H, SAM, comment("Roles restored by hand for the finance team: please log in again. The root-cause fix is in progress."))
            .then(D, SAM, note("The connector drops roles of groups with more than 1000 members; patch under test.")),
        ticket("disk-full", day(6, 6, 45), ERIN, "build", "Disk full on build server build-02 (/var at 100%)")
            .rate(Medium, High).labels(&["ci", "linux"])
            .then(20 * M, BEN, take())
            .then(5 * M, BEN, escalate("needs root on the build hosts"))
            .then(25 * M, TOM, take())
            .then(5 * M, TOM, start())
            .then(40 * M, TOM, comment("Freed 180 GB of old Docker layers; builds run again."))
            .then(10 * M, TOM, note("Artifact cache log rotation is broken since the 3.4 upgrade: it will fill up again in a week."))
            .then(5 * M, TOM, escalate("log rotation of the artifact cache is broken; needs a fix in the build tooling"))
            .then(D, SAM, take())
            .then(3 * H, SAM, note("Fix ready in the build-agent role (logrotate config); deploying in Thursday's change window."))
            .then(M, SAM, pend("change")),
        ticket("printer-mac", day(9, 9, 10), GRACE, "printing", "Mac users cannot print to 3rd floor printers after macOS update")
            .at("nyc")
            .labels(&["macos"])
            .then(30 * M, BEN, take())
            .then(H, BEN, escalate("driver problem on macOS 15 only"))
            .then(2 * H, TOM, take())
            .then(10 * M, TOM, start())
            .then(H, TOM, escalate("the vendor's driver package fails on macOS 15; needs repackaging"))
            .then(D, SAM, take())
            .then(H, SAM, note("Repackaged the PPD with the 15.x filter; testing on two Macs.")),
        ticket("email-outage", day(10, 8, 2), HUGO, "email", "Email down for everyone: Outlook shows 'Disconnected'")
            .by(BEN).rate(High, High).major().labels(&["outage", "exchange"])
            .about("Since about 08:00 nobody can send or receive; OWA shows an error page too.")
            .then(3 * M, BEN, take())
            .then(4 * M, BEN, escalate("every mailbox on MBX02 unreachable: major incident"))
            .then(6 * M, PRIYA, take())
            .then(M, PRIYA, start())
            .then(10 * M, PRIYA, comment("We know email is down for everyone and are working on it. Next update at 09:00."))
            .then(20 * M, PRIYA, note("Mailbox database DB02 dismounted: the transaction log volume is full."))
            .then(5 * M, PRIYA, escalate("log volume full and backups not truncating; needs the Exchange engineers"))
            .then(10 * M, SAM, take())
            .then(H, SAM, comment("Mail flow is back since 10:00; delayed messages are being delivered. Root cause under investigation."))
            .then(15 * M, SAM, resolve("Extended the log volume and remounted DB02; mail flow restored", "workaround"))
            .then(4 * H + 30 * M, SAM, link_problem("mail-logs"))
            .then(D, BEN, close()),
        ticket("mail-logs", day(10, 14, 0), SAM, "email", "Exchange transaction logs fill the log volume: backups do not truncate")
            .kind(Problem).rate(High, Medium).tier(3).labels(&["exchange", "backup"])
            .then(5 * M, SAM, take())
            .then(5 * M, SAM, start())
            .then(30 * M, SAM, rca(
                "Log volume on MBX02 fills up; mail queues, then the mail outage",
                "The backup job's VSS writer is not registered, so backups never truncate the transaction logs",
                "Extend the volume; truncate logs by hand after a verified backup"))
            .then(M, SAM, note("Fix: re-register the backup job's VSS writer (needs CAB)."))
            .then(2 * H, SAM, pend("change")),
        ticket("vss-change", day(11, 9, 0), SAM, "email", "Change: re-register the Exchange VSS writer on MBX01-03")
            .kind(Change).rate(High, Low).tier(3).labels(&["cab", "exchange"])
            .then(10 * M, SAM, take())
            .then(M, SAM, note("Approved by CAB for Thursday 20:00. Rollback: re-register the previous writer.")),
        // Level 4: handed to vendors.
        ticket("vpn-berlin", day(4, 9, 14), CAROL, "vpn", "VPN drops every 10 minutes on Berlin office Wi-Fi")
            .at("berlin")
            .by(ALICE).rate(High, Medium).labels(&["remote", "berlin"])
            .about("Since Monday the VPN client disconnects every ~10 minutes on the Berlin office Wi-Fi; at home it is fine.")
            .then(10 * M, ALICE, take())
            .then(25 * M, ALICE, note("Client log shows IKE SA rekey failures at about 9.5 minutes."))
            .then(5 * M, ALICE, escalate("client logs show IKE rekey failures; needs the network team"))
            .then(H, TOM, take())
            .then(10 * M, TOM, start())
            .then(3 * H, TOM, comment("We can reproduce it on the Berlin Wi-Fi only and are working on it with engineering."))
            .then(10 * M, TOM, escalate("rekey fails only behind the Berlin firewall cluster"))
            .then(D, SAM, take())
            .then(2 * H, SAM, note("Reproduced in the lab: the concentrator drops the SA when DPD and rekey overlap. Firmware 7.2.1-7.2.3."))
            .then(30 * M, SAM, escalate("firmware bug in the VPN concentrator; vendor case needed"))
            .then(45 * M, VICTOR, take())
            .vendor(15 * M, VICTOR, ("VPNCo", "VC-88123", "SUP-2025-014"), day_0, 2)
            .then(2 * D, VICTOR, comment("VPNCo confirmed the bug; hotfix planned for next week. Until then use the wired network.")),
        ticket("switch-fan", day(8, 22, 40), TOM, "network", "Switch in wiring closet 2B: fan failure alarm")
            .at("berlin")
            .tier(2).labels(&["hardware", "datacenter"])
            .then(9 * H, TOM, take())
            .then(20 * M, TOM, start())
            .then(30 * M, TOM, note("Fan tray 2 failed; the switch runs on one tray. Covered by NetCo hardware support."))
            .then(5 * M, TOM, escalate_to(4, "hardware under the NetCo support contract: RMA needed"))
            .then(H, VICTOR, take())
            .then(10 * M, VICTOR, note("RMA NX-55120 opened with NetCo; the replacement fan tray ships Thursday."))
            .then(M, VICTOR, pend("vendor")),
    ]
}
