#!/usr/bin/env python3
"""Writes an mbox of N messages for `git desk mail ingest --mbox`: mostly new requests,
a quarter replies by their reporters to earlier ones (by In-Reply-To), a few out-of-office answers, and
every tenth message with a 48 KiB attachment, so the mailbox is tens of megabytes.

Usage: gen_mbox.py N [ATTACH_EVERY] > box.mbox   (ATTACH_EVERY: 10 unless given)
"""

import base64
import random
import sys


def main() -> None:
    n = int(sys.argv[1])
    attach_every = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    rng = random.Random(n)
    out = sys.stdout.buffer
    people = max(1, n // 4)
    sender_of = [f"user{rng.randrange(people)}@example.org" for _ in range(n)]
    for i in range(n):
        sender = sender_of[i]
        headers = [
            f"From: User {i} <{sender}>",
            "To: IT Service Desk <support@example.com>",
            f"Message-ID: <bench-{i}@example.org>",
            "Date: Sun, 22 Nov 2026 08:00:00 +0000",
            "MIME-Version: 1.0",
        ]
        kind = rng.random()
        if i > 0 and kind < 0.25:
            earlier = rng.randrange(i)
            # The reporter answers their own ticket.
            sender = sender_of[earlier]
            headers[0] = f"From: User {i} <{sender}>"
            headers += [
                f"Subject: Re: Problem number {earlier}",
                f"In-Reply-To: <bench-{earlier}@example.org>",
            ]
            body = "Still broken, see below.\n\nOn Sunday someone wrote:\n> It broke.\n"
        elif kind < 0.30:
            headers += [
                "Subject: Automatic reply: out of office",
                "Auto-Submitted: auto-replied",
            ]
            body = "I am away until Monday.\n"
        else:
            headers.append(f"Subject: Problem number {i}")
            body = f"Something broke, case {i}.\n" + "More detail about it.\n" * 10
        if i % attach_every == 0:
            blob = base64.encodebytes(rng.randbytes(48 * 1024)).decode()
            headers.append('Content-Type: multipart/mixed; boundary="b"')
            body = (
                f"--b\nContent-Type: text/plain\n\n{body}\n--b\n"
                "Content-Type: application/octet-stream\n"
                f'Content-Disposition: attachment; filename="dump-{i}.bin"\n'
                f"Content-Transfer-Encoding: base64\n\n{blob}--b--\n"
            )
        else:
            headers.append("Content-Type: text/plain; charset=utf-8")
        out.write(b"From bench@example.org Sun Nov 22 08:00:00 2026\n")
        out.write(("\n".join(headers) + "\n\n" + body + "\n").encode())


if __name__ == "__main__":
    main()
