#!/usr/bin/env python3
"""Two git-desk binaries side by side: is a change faster or slower, beyond noise?

Usage: compare.py OLD_BIN NEW_BIN [N] [PAIRS]

Generates a desk of N tickets (default 10,000) with gen_desk.py, gives each binary its
own copy (each keeps its own summary cache, whose format may differ between builds),
warms both, then runs every command as PAIRS interleaved pairs (default 7: old, new,
old, new...) so that a busy machine slows both alike. Prints per command the median
time of each and the median of the per-pair ratios new/old. Writes run only on fresh
tickets of their own copy. Needs git and python3; everything lives in a temporary
directory with pinned HOME, git config and clock.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
NOW = "2026-11-22T09:00:00Z"


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    old, new = (os.path.abspath(b) for b in sys.argv[1:3])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 10_000
    pairs = int(sys.argv[4]) if len(sys.argv) > 4 else 7
    with tempfile.TemporaryDirectory(prefix="git-desk-compare.") as tmp:
        home = os.path.join(tmp, "home")
        os.makedirs(home)
        env = {
            "PATH": os.environ["PATH"],
            "HOME": home,
            "GIT_CONFIG_GLOBAL": os.path.join(home, ".gitconfig"),
            "GIT_CONFIG_NOSYSTEM": "1",
            "DESK_NOW": NOW,
            "NO_COLOR": "1",
            "GIT_TERMINAL_PROMPT": "0",
        }

        def run(argv, cwd, **kw):
            return subprocess.run(argv, cwd=cwd, env=env, check=True, **kw)

        run(["git", "config", "--global", "user.name", "Bench"], tmp)
        run(["git", "config", "--global", "user.email", "bench@example.com"], tmp)
        repo, ids = os.path.join(tmp, "old"), os.path.join(tmp, "ids")
        run(["git", "init", "-q", repo], tmp)
        os.makedirs(ids)
        run([old, "-q", "init"], repo)
        stream = subprocess.run(
            [sys.executable, os.path.join(HERE, "gen_desk.py"), "generate", "--count", str(n),
             "--now", NOW, "--seed", str(n), "--ids-dir", ids],
            env=env, check=True, stdout=subprocess.PIPE).stdout
        run(["git", "fast-import", "--quiet"], repo, input=stream)
        run(["git", "repack", "-adfq"], repo)
        shutil.copytree(repo, os.path.join(tmp, "new"), symlinks=True)
        all_ids = open(os.path.join(ids, "all.txt")).read().split()
        one = all_ids[len(all_ids) // 2]
        fresh = iter(all_ids[1:])
        cases = [
            ("ls --all --ids", ["ls", "--all", "--ids"]),
            ("selective query", ["ls", "--ids", "status:open", "priority:<=P2", "label:remote"]),
            ("ls sla:breached", ["ls", "--ids", "sla:breached"]),
            ("sla --json", ["sla", "--json"]),
            ("report --json", ["report", "--json"]),
            ("show", ["show", one]),
            ("comment", ["comment", "{fresh}", "-m", "x", "-q"]),
            ("new --no-kb", ["new", "Printer jam", "--no-kb", "-q"]),
            ("sweep --dry-run", ["sweep", "--dry-run", "-q"]),
        ]

        def timed(binary, side, argv):
            start = time.perf_counter()
            run([binary] + argv, os.path.join(tmp, side), stdout=subprocess.DEVNULL)
            return (time.perf_counter() - start) * 1000

        print(f"{'at ' + format(n, ','):20s}  old ms   new ms   new/old")
        for name, argv in cases:
            ratios, olds, news = [], [], []
            for i in range(pairs + 1):
                ticket = next(fresh) if "{fresh}" in argv else None
                args = [ticket if a == "{fresh}" else a for a in argv]
                a, b = timed(old, "old", args), timed(new, "new", args)
                if i > 0:  # the first pair warms caches (and builds each summary cache)
                    olds.append(a)
                    news.append(b)
                    ratios.append(b / a)
            print(f"{name:20s} {statistics.median(olds):7.1f}  {statistics.median(news):7.1f}"
                  f"   {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
