#!/usr/bin/env python3
"""git-desk beside Fossil's tickets and beside git's own read of every blob, in
interleaved pairs, and the table of ratios with the targets beside them.

Usage:
  versus.py pairs N BIN DESK DESK_IDS FOSSIL_ENV PAIRS OUT_TSV
  versus.py once ROW N CWD OUT_TSV -- ARGV...
  versus.py table OUT_TSV

`pairs` times, on a desk of N tickets (DESK, its ids under DESK_IDS as bench.sh makes
them) and a Fossil repository of N tickets (FOSSIL_ENV written by fossil.sh; "-" when
there is none), each operation as PAIRS pairs after one warm-up pair: git-desk, then the
other side, then git-desk... so that a busy machine slows both alike. A row's ratio is
the median of the pairs' ratios. Every git-desk run's peak memory (the largest process
of its tree, from wait4) is kept. Appends one line per row to OUT_TSV:
  row <TAB> N <TAB> git-desk ms <TAB> other ms <TAB> ratio <TAB> peak MB <TAB> other
`once` times one run of ARGV (a write that cannot be repeated as it was) into the same
table. `table` prints every row of OUT_TSV with its target, and whether it is met.

Python 3 standard library only. Everything runs directly (no shell unless the operation
is a pipeline) with output to /dev/null; a failing run stops the benchmark, naming it.
"""

import os
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run_once(argv, cwd):
    """Runs argv in cwd; returns (milliseconds, peak MB of the process tree)."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        sys.exit(f"versus.py: {' '.join(argv)} (in {cwd}) failed: {err.decode().strip()}")
    return elapsed, usage.ru_maxrss / 1024


class Fresh:
    """Words handed out one by one: a fresh ticket for each run of a write."""

    def __init__(self, words):
        self.words = iter(words)

    def __call__(self):
        return next(self.words)


def words(path):
    return open(path).read().split()


def fill(argv, fresh):
    """argv with `{fresh}` replaced by the next fresh word, the same one throughout."""
    if not any("{fresh}" in a for a in argv):
        return argv
    word = fresh()
    return [a.replace("{fresh}", word) for a in argv]


def pairs(args):
    n, binary, desk, desk_ids, fossil_env, count, out = args
    count = int(count)
    fossil = {}
    if fossil_env != "-":
        for line in open(fossil_env):
            key, _, value = line.rstrip("\n").partition("=")
            fossil[key] = value
    every = words(os.path.join(desk_ids, "all.txt"))
    middle = every[len(every) // 2]
    # Writes take fresh tickets from the middle of the lists down: bench.sh's own rows
    # take them from the start.
    desk_fresh = Fresh(reversed(every[: len(every) // 2]))
    tier1 = words(os.path.join(desk_ids, "tier1.txt"))
    desk_tier1 = Fresh(reversed(tier1[: len(tier1) // 2]))
    git_floor = ["sh", "-c", "git ls-tree -r desk | awk '{print $3}' | git cat-file --batch >/dev/null"]
    cold = ["sh", "-c", 'rm -rf "$(git rev-parse --git-common-dir)/desk" && "$0" ls --ids >/dev/null', binary]

    if fossil:
        repo, fdir = fossil["repo"], fossil["dir"]
        fsl = ["fossil", "--user", "bench"]
        f_fresh = Fresh(reversed(words(os.path.join(fdir, "ids", "all.txt"))))
        f_open = Fresh(words(os.path.join(fdir, "ids", "open-low.txt")))
        add = fsl + ["ticket", "add", "title", "Benchmark ticket", "type", "Incident", "status", "Open",
                     "priority", "Medium", "severity", "Minor", "subsystem", "network",
                     "comment", "filed by bench", "-R", repo]
        theirs = {
            "new": add,
            "new --no-kb": add,
            "show": fsl + ["ticket", "show", "0", f"tkt_uuid='{fossil['id']}'", "-R", repo],
            "comment": fsl + ["ticket", "change", "{fresh}", "icomment", "x", "-R", repo],
            "set title=": fsl + ["ticket", "change", "{fresh}", "title", "Renamed by bench", "-R", repo],
            "escalate": fsl + ["ticket", "change", "{open}", "priority", "High", "-R", repo],
            "ls --all --ids": fsl + ["ticket", "show", "All ids", "-R", repo],
            "selective query": fsl + ["ticket", "show", "0",
                                      "status='Open' AND type='Code_Defect' AND priority IN ('Immediate','High')",
                                      "-R", repo],
            "ls --json --all": (fsl + ["json", "report", "run", fossil["every"], "-R", repo]
                                if fossil.get("json") == "1"
                                else fsl + ["ticket", "show", "Every field", "-R", repo]),
        }
    # (row, git-desk argv, other side, other argv): other side is fossil, floor or none.
    rows = [
        ("new", [binary, "-q", "new", "Benchmark ticket", "-m", "filed by bench"], "fossil"),
        ("new --no-kb", [binary, "-q", "new", "Benchmark ticket", "-m", "filed by bench", "--no-kb"], "fossil"),
        ("show", [binary, "show", middle], "fossil"),
        ("comment", [binary, "-q", "comment", "{fresh}", "-m", "x"], "fossil"),
        ("set title=", [binary, "-q", "set", "{fresh}", "title=Renamed by bench"], "fossil"),
        ("escalate", [binary, "-q", "escalate", "{tier1}", "--reason", "x"], "fossil"),
        ("ls --all --ids", [binary, "ls", "--all", "--ids"], "fossil"),
        ("selective query", [binary, "ls", "--ids", "status:open", "priority:<=P2", "label:remote"], "fossil"),
        ("ls --json --all", [binary, "ls", "--json", "--all"], "fossil"),
        ("sla", [binary, "sla"], None),
        ("ls sla:breached", [binary, "ls", "--ids", "sla:breached"], None),
        ("report --json", [binary, "report", "--json"], None),
        ("sweep --dry-run", [binary, "-q", "sweep", "--dry-run"], "floor"),
        ("cold cache build", cold, "floor"),
    ]
    with open(out, "a") as table:
        for name, ours, side in rows:
            if side == "fossil" and not fossil:
                side = None
            other = None
            if side == "fossil":
                other, other_cwd = theirs[name], fossil["dir"]
            elif side == "floor":
                other, other_cwd = git_floor, desk
            times, others, ratios, peaks = [], [], [], []
            for i in range(count + 1):
                argv = fill(ours, desk_fresh)
                argv = [desk_tier1() if a == "{tier1}" else a for a in argv]
                ms, peak = run_once(argv, desk)
                if other:
                    theirs_argv = fill(other, f_fresh) if side == "fossil" else other
                    theirs_argv = [f_open() if a == "{open}" else a for a in theirs_argv]
                    other_ms, _ = run_once(theirs_argv, other_cwd)
                if i == 0:
                    continue  # the first pair warms caches
                times.append(ms)
                peaks.append(peak)
                if other:
                    others.append(other_ms)
                    ratios.append(ms / other_ms)
            line = [name, n, f"{statistics.median(times):.1f}",
                    f"{statistics.median(others):.1f}" if others else "-",
                    f"{statistics.median(ratios):.2f}" if ratios else "-",
                    f"{max(peaks):.0f}", side or "-"]
            print("\t".join(str(x) for x in line), file=table, flush=True)
            print(f"versus: {name} at {n}: {line[2]} ms, {side or 'alone'} {line[3]} ms, "
                  f"ratio {line[4]}, peak {line[5]} MB", file=sys.stderr)


# Targets of issue 16, by row: (ratio to Fossil or to git's floor, ms at 100k, MB at 100k).
TARGETS = {
    "new": (1.0, None, None),
    "new --no-kb": (1.0, None, None),
    "show": (1.0, None, None),
    "comment": (1.0, None, None),
    "set title=": (1.0, None, None),
    "escalate": (1.0, None, None),
    "ls --all --ids": (1.0, 40, 100),
    "selective query": (1.0, 30, 100),
    "ls --json --all": (1.0, None, 100),
    "sla": (None, 300, 100),
    "ls sla:breached": (None, 300, 100),
    "report --json": (None, 300, 100),
    "sweep --dry-run": (1.5, None, 200),
    "cold cache build": (2.0, None, None),
}
def once(args):
    name, n, cwd, out, sep, *argv = args
    if sep != "--" or not argv:
        sys.exit(__doc__)
    ms, peak = run_once(argv, cwd)
    with open(out, "a") as table:
        print(f"{name}\t{n}\t{ms:.1f}\t-\t-\t{peak:.0f}\t-", file=table)


# A one-ticket write at N within 10% of its time at 1,000 tickets.
WRITES = ("new --no-kb", "comment", "set title=", "escalate")


def table(args):
    (path,) = args
    rows = [line.rstrip("\n").split("\t") for line in open(path) if line.strip()]
    sizes = sorted({int(r[1]) for r in rows})
    by = {(r[0], int(r[1])): r for r in rows}
    names = list(dict.fromkeys(r[0] for r in rows))
    print(f"{'operation':18s} {'N':>7s} {'git-desk':>9s} {'beside':>9s} {'ratio':>6s} "
          f"{'target':>7s} {'peak MB':>8s} {'target':>7s}  met")
    for name in names:
        ratio_target, ms_target, mb_target = TARGETS.get(name, (None, None, None))
        if name.startswith("sweep writing ") and int(name.split()[2]) >= 10_000:
            ms_target = 3000
        for n in sizes:
            r = by.get((name, n))
            if not r:
                continue
            _, _, ms, other, ratio, peak, side = r
            checks = []
            rt = ""
            if ratio_target is not None and ratio != "-":
                rt = f"<={ratio_target:.1f}"
                checks.append(float(ratio) <= ratio_target)
            if ms_target is not None and (n >= 100_000 or name.startswith("sweep writing ")):
                rt = (rt + " " if rt else "") + f"<{ms_target}ms"
                checks.append(float(ms) < ms_target)
            mt = ""
            if mb_target is not None and n >= 100_000:
                mt = f"<{mb_target}"
                checks.append(float(peak) < mb_target)
            beside = {"fossil": "Fossil", "floor": "git read"}.get(side, "")
            other = f"{other}" if other != "-" else ""
            met = "" if not checks else ("yes" if all(checks) else "NO")
            print(f"{name:18s} {n:>7d} {ms:>9s} {other:>9s} {ratio:>6s} {rt:>7s} {peak:>8s} "
                  f"{mt:>7s}  {met}  {beside}")
    small = 1000 if 1000 in sizes else None
    if small and len(sizes) > 1:
        print()
        print(f"one-ticket writes: time at N / time at {small:,} (target at 100,000: <=1.10)")
        for name in WRITES:
            base = by.get((name, small))
            if not base:
                continue
            for n in sizes:
                if n == small or (name, n) not in by:
                    continue
                growth = float(by[(name, n)][2]) / float(base[2])
                met = ("yes" if growth <= 1.10 else "NO") if n >= 100_000 else ""
                print(f"  {name:16s} {n:>7d} {growth:6.2f}  {met}")


def main():
    commands = {"pairs": pairs, "once": once, "table": table}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        sys.exit(__doc__)
    commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
