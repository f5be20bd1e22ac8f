#!/usr/bin/env python3
"""Generate a desk of N tickets as a `git fast-import` stream, without running git-desk.

Each ticket file is written in the canonical format of `Ticket::to_toml()` (state keys in
the fixed order of src/model/ticket.rs `state_table`, then `[[events]]` in clock order,
event keys in the order of src/model/event.rs `Event::to_table`), with the state folded
from the events the same way the Rust fold does. Tickets come in a few shapes: new, taken
at Level 1, escalated L1 -> L2 with a comment, escalated on to L3, in progress or pending,
resolved, and self-service (tier 0) resolved.

Usage:
  gen_desk.py generate --count N --now RFC3339 [--seed S] [--ids-dir DIR] [--recent R]
      > stream
      The stream adds one commit on refs/heads/desk on top of its current tip (made by
      `git-desk init`, which provides desk.toml). With --ids-dir, writes all.txt (every
      id) and tier1.txt (active Level 1 tickets, to escalate) there. With --recent R,
      R tickets (spread evenly) are filed within the last day and every other one more
      than a week ago: a desk with R tickets' worth of notices due.
  gen_desk.py same-after-comment OLD NEW
      Exit 0 when NEW is OLD plus one appended event and new `updated` and
      `customer_updated` lines: the check that git-desk, re-serialising a generated
      ticket, writes the same bytes.

Python 3 standard library only.
"""

import argparse
import datetime as dt
import random
import re
import sys

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
LEVELS = ["high", "medium", "low"]
# Default desk.toml: impact (rows) x urgency (columns).
MATRIX = {
    "high": ["P1", "P2", "P3"],
    "medium": ["P2", "P3", "P4"],
    "low": ["P3", "P4", "P5"],
}
TEAMS = {0: None, 1: "service-desk", 2: "tech-support", 3: "engineering", 4: "vendors"}

REPORTERS = [f"{n}@example.com" for n in
             ["carol", "dan", "erin", "frank", "grace", "hugo", "ines", "jon", "kim", "lea"]]
L1 = ["alice@example.com", "ben@example.com"]
L2 = ["priya@example.com", "tom@example.com"]
L3 = ["sam@example.com"]

CATALOGUE = {
    "vpn": ["VPN drops every 10 minutes", "VPN asks for the MFA code twice",
            "VPN client cannot reach the intranet"],
    "email": ["Outlook calendar not syncing to phone", "Emails arrive 30 minutes late",
              "Shared mailbox missing in Outlook"],
    "printing": ["Printer jams on every duplex job", "Scan-to-email fails on the reception printer",
                 "Mac users cannot print to the 3rd floor"],
    "erp": ["SAP login error for the finance team", "SAP month-end report is slow",
            "SAP invoices print with a blank logo"],
    "network": ["Wi-Fi keeps dropping in meeting room Atlas", "Guest Wi-Fi portal does not load",
                "Disk full on build server build-02"],
    "identity": ["Password reset: locked out", "Cannot map shared drive S: after password change",
                 "Badge reader rejects new badges"],
    "laptops": ["Laptop will not boot after BIOS update", "Laptop very slow since last week",
                "Teams calls: others cannot hear me"],
}
LABELS = ["remote", "hardware", "mobile", "finance", "sso", "meeting-room", "macos", "security"]
DESCRIPTIONS = [
    "",
    "",
    "It started this morning and happens every time.",
    "Since Monday it fails several times a day.\nRestarting helps for about an hour.",
]

# Shape -> weight.
SHAPES = {"new": 25, "taken": 20, "escalated": 20, "working": 10, "resolved": 15,
          "self-service": 5, "deep": 5}


# Text the toml crate writes as a plain "basic string" (no quotes, backslashes or
# control characters other than line breaks): all this generator produces.
PLAIN = re.compile(r"[^\"'\\\x00-\x09\x0b-\x1f\x7f]*\Z")


def rand_id(rng, n):
    return "".join(rng.choices(ALPHABET, k=n))


def toml_str(s):
    """A string as the toml crate writes it, for the plain text this generator uses."""
    assert PLAIN.match(s), s
    if "\n" in s:
        return '"""\n' + s + '"""'
    return '"' + s + '"'


def toml_time(t):
    return t.isoformat() + "Z"


def toml_value(v):
    t = type(v)
    if t is str:
        return toml_str(v)
    if t is int:
        return str(v)
    if t is bool:
        return "true" if v else "false"
    if t is dt.datetime:
        return toml_time(v)
    return "[" + ", ".join(toml_str(x) for x in v) + "]"


def table(pairs):
    """Key = value lines, leaving out None (like TableWriter::opt / list / flag)."""
    return "".join(f"{k} = {toml_value(v)}\n" for k, v in pairs if v is not None)


class Ticket:
    """A ticket being built: its events and the state folded from them."""

    def __init__(self, rng, tid, created, by, reporter, title, impact, urgency, service,
                 tier, labels, description, now):
        self.rng = rng
        self.now = now
        self.id = tid
        self.events = []
        self.title = title
        self.impact, self.urgency = impact, urgency
        self.service = service
        self.tier = tier
        self.team = TEAMS[tier]
        self.owner = None
        self.assignee = None
        self.reporter = reporter
        self.labels = sorted(set(labels))
        self.status = "new"
        self.pending_reason = None
        self.resolution = None
        self.resolution_code = None
        self.description = description
        self.customer_updated = None
        self.created = self.at = created
        self.event(by, "created", [
            ("title", title), ("type", "incident"), ("impact", impact), ("urgency", urgency),
            ("tier", tier), ("service", service), ("team", self.team),
            ("reporter", reporter), ("labels", labels or None),
            ("description", description or None),
        ])

    def event(self, by, kind, data):
        self.events.append([("id", rand_id(self.rng, 12)), ("clock", len(self.events) + 1),
                            ("at", self.at), ("by", by), ("kind", kind)] + data)

    def later(self, minutes):
        # Nothing is written after now (doctor reports events dated ahead of it).
        self.at = min(self.at + dt.timedelta(minutes=minutes), self.now)

    # The actions, folded as src/model/ticket.rs `apply` does.
    def assign(self, by, to):
        self.later(self.rng.randrange(5, 120))
        self.event(by, "assigned", [("assignee", to)])
        self.assignee = to
        if self.owner is None and self.tier <= 1:
            self.owner = to
        if self.status == "new":
            self.status = "open"

    def escalate(self, by, to, reason):
        self.later(self.rng.randrange(10, 600))
        team = TEAMS[to]
        self.event(by, "escalated",
                   [("from", self.tier), ("to", to), ("team", team), ("reason", reason)])
        self.tier, self.team, self.assignee = to, team, None
        if self.status == "new":
            self.status = "open"

    def comment(self, by, text, internal=False):
        self.later(self.rng.randrange(10, 600))
        self.event(by, "commented", [("internal", True if internal else None), ("text", text)])
        # A public update by someone other than the reporter tells the customer.
        if not internal and by.lower() != self.reporter.lower():
            self.customer_updated = self.at

    def move(self, by, to, pending_reason=None):
        self.later(self.rng.randrange(5, 300))
        self.event(by, "status", [("to", to), ("pending_reason", pending_reason)])
        self.status = to
        self.pending_reason = pending_reason

    def resolve(self, by, resolution, code):
        self.later(self.rng.randrange(10, 1440))
        self.event(by, "resolved", [("resolution", resolution), ("code", code)])
        self.status, self.pending_reason = "resolved", None
        self.resolution, self.resolution_code = resolution, code

    def to_toml(self):
        priority = MATRIX[self.impact][LEVELS.index(self.urgency)]
        state = table([
            ("schema", 1), ("id", self.id), ("title", self.title), ("type", "incident"),
            ("status", self.status), ("pending_reason", self.pending_reason),
            ("tier", self.tier), ("priority", priority), ("impact", self.impact),
            ("urgency", self.urgency), ("service", self.service), ("team", self.team),
            ("owner", self.owner), ("assignee", self.assignee), ("reporter", self.reporter),
            ("labels", self.labels), ("created", self.created),
            ("updated", max(e[2][1] for e in self.events)),
            ("customer_updated", self.customer_updated),
            ("description", self.description or None),
            ("resolution", self.resolution), ("resolution_code", self.resolution_code),
        ])
        return state + "".join("\n[[events]]\n" + table(e) for e in self.events)


def make_ticket(rng, tid, now, recent=None):
    service = rng.choice(sorted(CATALOGUE))
    title = rng.choice(CATALOGUE[service])
    offset = rng.randrange(90 * 86400)
    if recent is None:
        created = now - dt.timedelta(seconds=offset)
    elif recent:
        # Filed 12-24 hours ago: every event within a day, none after now.
        created = now - dt.timedelta(seconds=86400 - offset % 43200)
    else:
        # Filed 8-90 days ago: every event older than a week.
        created = now - dt.timedelta(seconds=8 * 86400 + offset % (82 * 86400))
    created = created.replace(microsecond=0)
    reporter = rng.choice(REPORTERS)
    shape = rng.choices(list(SHAPES), weights=list(SHAPES.values()))[0]
    labels = rng.sample(LABELS, rng.choice([0, 1, 1, 2]))
    args = dict(rng=rng, tid=tid, created=created, reporter=reporter, title=title,
                impact=rng.choice(LEVELS), urgency=rng.choice(LEVELS), service=service,
                labels=labels, description=rng.choice(DESCRIPTIONS), now=now)
    if shape == "self-service":
        t = Ticket(by=reporter, tier=0, **args)
        t.resolve(reporter, "Followed the FAQ in the self-service portal", "self-service")
        return t
    agent = rng.choice(L1)
    t = Ticket(by=rng.choice([reporter, agent]), tier=1, **args)
    if shape == "new":
        return t
    t.assign(agent, agent)
    if shape in ("escalated", "deep"):
        t.escalate(agent, 2, "needs deeper troubleshooting")
        l2 = rng.choice(L2)
        t.comment(l2, "Looking into it with the logs you sent.", internal=rng.random() < 0.5)
        if shape == "deep":
            t.escalate(l2, 3, "reproducible defect; needs engineering")
            t.assign(L3[0], L3[0])
    elif shape == "working":
        t.move(agent, "in-progress")
        if rng.random() < 0.5:
            t.move(agent, "pending", "customer")
    elif shape == "resolved":
        t.move(agent, "in-progress")
        t.resolve(agent, "Applied the known fix from the service desk runbook", "fixed")
    return t


def generate(args):
    now = dt.datetime.strptime(args.now, "%Y-%m-%dT%H:%M:%SZ")
    rng = random.Random(args.seed)
    out = sys.stdout.buffer
    seen = set()
    all_ids, tier1 = [], []
    stamp = int((now - dt.datetime(1970, 1, 1)).total_seconds()) - 3600
    message = f"import {args.count} tickets\n\nDesk-Action: import\n".encode()
    out.write(b"commit refs/heads/desk\n")
    out.write(f"committer Bench <bench@example.com> {stamp} +0000\n".encode())
    out.write(b"data %d\n%s" % (len(message), message))
    out.write(b"from refs/heads/desk^0\n")
    for _ in range(args.count):
        tid = rand_id(rng, 16)
        while tid in seen:
            tid = rand_id(rng, 16)
        seen.add(tid)
        recent = None
        if args.recent is not None:
            every = max(1, args.count // max(1, args.recent))
            recent = len(all_ids) % every == 0 and len(all_ids) // every < args.recent
        t = make_ticket(rng, tid, now, recent)
        body = t.to_toml().encode()
        out.write(b"M 100644 inline tickets/%s/%s.toml\ndata %d\n%s\n"
                  % (tid[:2].encode(), tid.encode(), len(body), body))
        all_ids.append(tid)
        if t.tier == 1 and t.status not in ("resolved", "closed"):
            tier1.append(tid)
    out.write(b"done\n")
    out.flush()
    if args.ids_dir:
        for name, ids in (("all.txt", all_ids), ("tier1.txt", tier1)):
            with open(f"{args.ids_dir}/{name}", "w") as f:
                f.write("".join(i + "\n" for i in ids))


def same_after_comment(args):
    """NEW == OLD + one appended [[events]] block, ignoring the lines of the times it moves."""
    with open(args.old) as f:
        old = f.read()
    with open(args.new) as f:
        new = f.read()
    head, sep, _last = new.rpartition("\n[[events]]\n")
    moved = ("updated = ", "customer_updated = ")
    drop = lambda text: "".join(l for l in text.splitlines(True) if not l.startswith(moved))
    if sep and drop(head) == drop(old):
        return 0
    sys.stderr.write(f"format differs:\n--- generated\n{old}\n--- rewritten by git-desk\n{new}\n")
    return 1


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--count", type=int, required=True)
    g.add_argument("--now", required=True, help="RFC 3339 UTC, e.g. 2026-11-22T09:00:00Z")
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--ids-dir")
    g.add_argument("--recent", type=int,
                   help="only this many tickets have events in the last week (for notify)")
    c = sub.add_parser("same-after-comment")
    c.add_argument("old")
    c.add_argument("new")
    args = p.parse_args()
    if args.cmd == "generate":
        generate(args)
        return 0
    return same_after_comment(args)


if __name__ == "__main__":
    sys.exit(main())
