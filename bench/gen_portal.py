#!/usr/bin/env python3
"""Write a `git fast-import` stream adding N knowledge-base articles and S services to a
desk made by `git-desk init` (its desk.toml on stdin's side is read from DESK_TOML).

Usage: gen_portal.py DESK_TOML ARTICLES SERVICES NOW > stream

One commit on refs/heads/desk on top of the current tip. Articles are self-service (tier
0), of a few paragraphs with tags drawn from the services, deflections and tickets spread
so the home page has a ranking. Python 3 standard library only, seeded: the same stream
every time.
"""

import random
import sys

WORDS = (
    "vpn printer mailbox password token laptop monitor dock wifi certificate browser "
    "outlook teams calendar share drive backup restore license install update driver "
    "account lockout mfa phone badge door camera headset keyboard network proxy firewall "
    "disk quota archive sync folder permission group admin reset reboot cache profile"
).split()


def data(text: str) -> bytes:
    raw = text.encode()
    return b"data %d\n" % len(raw) + raw + b"\n"


def main() -> None:
    toml_path, articles, services, now = sys.argv[1:]
    rng = random.Random(1)
    names = [f"service-{i:02d}" for i in range(int(services))]
    toml = open(toml_path).read()
    for name in names:
        toml += (
            f"\n[services.{name}]\ndescription = \"The {name} service: "
            f"{' '.join(rng.sample(WORDS, 6))}\"\nteam = \"tech-support\"\n"
        )
    out = sys.stdout.buffer
    out.write(b"commit refs/heads/desk\n")
    out.write(b"committer Bench <bench@example.com> 1795338000 +0000\n")
    out.write(data(f"bench: {articles} articles and {services} services"))
    out.write(b"from refs/heads/desk^0\n")
    out.write(b"M 100644 inline desk.toml\n" + data(toml))
    for i in range(int(articles)):
        words = rng.sample(WORDS, 4)
        title = f"{words[0].capitalize()} {words[1]} {words[2]} fix {i}"
        tags = sorted({rng.choice(WORDS), rng.choice(WORDS)})
        paragraphs = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(30, 80))) + "."
            for _ in range(3)
        ]
        body = f"## Symptoms\n\n{paragraphs[0]}\n\n## Fix\n\n1. {paragraphs[1]}\n2. {paragraphs[2]}\n"
        deflections = "".join(
            f"\n[[deflections]]\nat = {now}\nby = \"user{j}@example.com\"\nquery = \"{words[3]}\"\n"
            for j in range(rng.randint(0, 3))
        )
        text = (
            f"+++\ntitle = \"{title}\"\ntags = [{', '.join(repr(t).replace(chr(39), chr(34)) for t in tags)}]\n"
            f"tier = 0\ntickets = []\nauthor = \"bench@example.com\"\ncreated = {now}\nupdated = {now}\n"
            f"{deflections}+++\n\n{body}"
        )
        out.write(f"M 100644 inline kb/article-{i:04d}.md\n".encode() + data(text))
    out.write(b"\n")


if __name__ == "__main__":
    main()
