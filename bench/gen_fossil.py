#!/usr/bin/env python3
"""Generate N Fossil tickets as ticket-change artifacts, for `fossil reconstruct`.

A Fossil ticket is the sequence of its ticket-change artifacts: D (time), J (one field
each, sorted by name), K (ticket id), U (user) and Z (MD5 of everything before it)
cards, each value in Fossil's escaped form (space -> \\s, newline -> \\n, ...). This
writes exactly the artifacts `fossil ticket add` and `fossil ticket change` write, one
file each, into a directory that `fossil reconstruct` turns into a repository; Fossil
then builds its TICKET and TICKETCHNG tables from them the way it does for any clone.

Fields are those of Fossil's default ticket schema. About 40% of the tickets are Open
(half of them with a follow-up comment); the rest were filed Open and later set to Fixed
or Closed with a resolution and a comment, so they have two change artifacts.

Usage:
  gen_fossil.py --count N --now EPOCH_SECONDS --out DIR --ids-dir DIR [--seed S]
      Writes the artifacts under DIR/artifacts, and under --ids-dir: all.txt (every
      ticket id, in filing order) and open-low.txt (Open tickets of Medium, Low or
      Zero priority, to escalate). Every change is dated in the year before --now.

Python 3 standard library only.
"""

import argparse
import datetime as dt
import hashlib
import os
import random

TYPES = {"Code_Defect": 35, "Incident": 30, "Build_Problem": 10, "Documentation": 10,
         "Feature_Request": 15}
PRIORITIES = {"Immediate": 5, "High": 15, "Medium": 40, "Low": 30, "Zero": 10}
SEVERITIES = {"Critical": 5, "Severe": 15, "Important": 40, "Minor": 30, "Cosmetic": 10}
SUBSYSTEMS = ["vpn", "email", "printing", "erp", "network", "identity", "laptops"]
TITLES = [
    "VPN drops every 10 minutes", "VPN asks for the MFA code twice",
    "Outlook calendar not syncing to phone", "Emails arrive 30 minutes late",
    "Printer jams on every duplex job", "Scan-to-email fails on the reception printer",
    "SAP login error for the finance team", "SAP month-end report is slow",
    "Wi-Fi keeps dropping in meeting room Atlas", "Disk full on build server build-02",
    "Password reset: locked out", "Badge reader rejects new badges",
    "Laptop will not boot after BIOS update", "Teams calls: others cannot hear me",
]
DESCRIPTIONS = [
    "",
    "It started this morning and happens every time.",
    "Since Monday it fails several times a day.\nRestarting helps for about an hour.",
]
FOLLOW_UPS = ["Looking into it with the logs you sent.", "Asked the user for a screenshot."]
CLOSINGS = {"Fixed": ["Fixed", "Fixed in the last update."],
            "Closed": ["Works_As_Designed", "Closed: this is how it is meant to work."]}
USERS = ["alice", "ben", "carol", "dan", "erin", "priya", "tom", "sam"]


def fossilize(text):
    """Fossil's escaping of a card argument (defossilize() reverses it)."""
    out = []
    for ch in text:
        out.append({" ": "\\s", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\f": "\\f",
                    "\v": "\\v", "\0": "\\0", "\\": "\\\\"}.get(ch, ch))
    return "".join(out)


def artifact(when, fields, tkt, user):
    """One ticket-change artifact, cards in Fossil's required order."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}"
    lines = [f"D {stamp}"]
    lines += [f"J {name} {fossilize(value)}" if value else f"J {name}"
              for name, value in sorted(fields.items())]
    lines += [f"K {tkt}", f"U {user}"]
    body = "".join(line + "\n" for line in lines)
    return body + f"Z {hashlib.md5(body.encode()).hexdigest()}\n"


def pick(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--now", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--ids-dir", required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    now = dt.datetime.fromtimestamp(args.now, dt.timezone.utc)
    start = now - dt.timedelta(days=365)
    step = dt.timedelta(days=360) / max(args.count, 1)
    out = os.path.join(args.out, "artifacts")
    os.makedirs(out, exist_ok=True)
    os.makedirs(args.ids_dir, exist_ok=True)

    all_ids, open_low = [], []
    written = 0

    def write(text):
        nonlocal written
        # Spread over subdirectories: reconstruct walks them all.
        path = os.path.join(out, f"{written // 1000:04d}")
        if written % 1000 == 0:
            os.makedirs(path, exist_ok=True)
        with open(os.path.join(path, f"{written % 1000:03d}"), "w") as f:
            f.write(text)
        written += 1

    for i in range(args.count):
        tkt = "%040x" % rng.getrandbits(160)
        filed = start + step * i + dt.timedelta(seconds=rng.randrange(3600))
        priority = pick(rng, PRIORITIES)
        fields = {
            "title": rng.choice(TITLES),
            "type": pick(rng, TYPES),
            "status": "Open",
            "priority": priority,
            "severity": pick(rng, SEVERITIES),
            "subsystem": rng.choice(SUBSYSTEMS),
            "comment": rng.choice(DESCRIPTIONS),
        }
        reporter = rng.choice(USERS)
        write(artifact(filed, fields, tkt, reporter))
        later = filed + dt.timedelta(hours=1 + rng.randrange(48))
        roll = rng.random()
        if roll < 0.4:
            if rng.random() < 0.5:
                write(artifact(later, {"icomment": rng.choice(FOLLOW_UPS)}, tkt,
                               rng.choice(USERS)))
            if priority in ("Medium", "Low", "Zero"):
                open_low.append(tkt)
        else:
            status = "Fixed" if roll < 0.75 else "Closed"
            resolution, note = CLOSINGS[status]
            write(artifact(later, {"status": status, "resolution": resolution,
                                   "icomment": note}, tkt, rng.choice(USERS)))
        all_ids.append(tkt)

    for name, ids in (("all.txt", all_ids), ("open-low.txt", open_low)):
        with open(os.path.join(args.ids_dir, name), "w") as f:
            f.write("".join(t + "\n" for t in ids))


if __name__ == "__main__":
    main()
