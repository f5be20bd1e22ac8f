#!/usr/bin/env python3
"""Time one command as a whole process: one warm-up run, then RUNS timed runs.

Usage: measure.py NAME N CWD RUNS FRESH_FILE PLACEHOLDER -- ARGV...

ARGV runs directly (no shell) in CWD with output to /dev/null. Each occurrence of
PLACEHOLDER in ARGV is replaced, run by run, by the next word of FRESH_FILE (a fresh ticket
for commands that change one). Prints NAME<TAB>N<TAB>median ms<TAB>min ms<TAB>max ms and
exits non-zero, naming the command, if a run fails. Python 3 standard library only.
"""

import statistics
import subprocess
import sys
import time


def main() -> None:
    name, n, cwd, runs, fresh_file, placeholder, sep, *argv = sys.argv[1:]
    if sep != "--" or not argv:
        sys.exit(__doc__)
    fresh = iter(open(fresh_file).read().split())
    times = []
    for i in range(int(runs) + 1):
        cmd = [next(fresh) if a == placeholder else a for a in argv]
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        elapsed = (time.perf_counter() - start) * 1000
        if done.returncode != 0:
            sys.exit(f"{name}: {' '.join(cmd)} failed: {done.stderr.decode().strip()}")
        if i > 0:  # the first run warms caches
            times.append(elapsed)
    print(f"{name}\t{n}\t{statistics.median(times):.1f}\t{min(times):.1f}\t{max(times):.1f}")


if __name__ == "__main__":
    main()
