#!/usr/bin/env bash
# Benchmark Fossil SCM's built-in tickets on the workloads of bench.sh, for a ratio table.
#
# Usage: bash bench/fossil.sh N RESULTS_TSV WORKDIR
#
# Builds a Fossil repository of N tickets in a fresh directory under WORKDIR, then times
# each operation as a whole process (one warm-up run, then BENCH_RUNS runs, default 7)
# and appends to RESULTS_TSV one line per operation:
#   fossil:<op> <TAB> N <TAB> median ms <TAB> min ms <TAB> max ms
# ("-" for min and max of a one-run measure). Notes go to stderr.
#
# Filling: gen_fossil.py writes N tickets as real ticket-change artifacts (the D/J/K/U/Z
# cards `fossil ticket add` and `fossil ticket change` write; 40% Open, the rest filed Open
# and later Fixed or Closed with a comment), and `fossil reconstruct` builds the
# repository from them, so Fossil derives its TICKET and TICKETCHNG tables itself, as for
# a clone. 100,000 tickets take 1.5 to 3 minutes here; filing them one by one with
# `fossil ticket add` (8 to 15 ms a process) would take 15 to 25 minutes.
#
# How the operations map to git-desk's (everything runs `fossil ... -R REPO`, no checkout):
#   new        git desk new           fossil ticket add title ... status Open ...
#   show       git desk show ID       fossil ticket show 0 "tkt_uuid='ID'"  (report 0: every
#                                     column of the ticket table, filtered to one ticket)
#   comment    git desk comment ID    fossil ticket change ID icomment x  (how Fossil's web
#                                     UI appends a comment to a ticket)
#   escalate   git desk escalate ID   fossil ticket change ID priority High  (a different
#                                     Open ticket each run)
#   ls-ids     git desk ls --ids      fossil ticket show "Open ids"  (a saved ticket report:
#                                     SELECT tkt_uuid FROM ticket WHERE status='Open')
#   query      git desk ls tier:2 priority:<=P2
#                                     fossil ticket show 0 "status='Open' AND
#                                     type='Code_Defect' AND priority IN ('Immediate','High')"
#   ls-json    git desk ls --json --all
#                                     fossil json report run RN  (a saved report of every
#                                     column of every ticket plus its comments, as JSON)
#   bulk-10000 (N >= 10000 only; one run) Fossil has no command that changes many tickets
#              at once, so this is 10,000 `fossil ticket change ID priority Low` processes
#              in a row, each its own artifact and transaction.
# The saved reports are rows of the repository's REPORTFMT table, as the web UI's "New
# report format" page stores them.
#
# Needs: python3, and fossil (installed with apt-get when missing, if possible; otherwise
# the script says so on stderr and exits 0). No network but apt.
set -euo pipefail

usage() {
    echo "usage: bash bench/fossil.sh N RESULTS_TSV WORKDIR" >&2
    exit 2
}
[[ $# -eq 3 ]] || usage
n=$1 results=$2 workdir=$3
[[ $n =~ ^[1-9][0-9]*$ ]] || usage
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
runs=${BENCH_RUNS:-7}
bulk=10000

if ! command -v fossil >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1; then
        echo "fossil.sh: installing fossil with apt-get..." >&2
        export DEBIAN_FRONTEND=noninteractive
        if ! apt-get install -y -qq fossil >/dev/null 2>&1; then
            { apt-get update -qq && apt-get install -y -qq fossil; } >/dev/null 2>&1 || true
        fi
    fi
    if ! command -v fossil >/dev/null 2>&1; then
        echo "fossil.sh: fossil is missing and could not be installed with apt-get; skipping" >&2
        exit 0
    fi
fi
echo "fossil.sh: $(fossil version)" >&2

mkdir -p "$workdir" "$(dirname "$results")"
results=$(cd "$(dirname "$results")" && pwd)/$(basename "$results")
dir=$(mktemp -d "$(cd "$workdir" && pwd)/fossil-$n.XXXXXX")
repo=$dir/tickets.fossil

# An isolated environment: Fossil keeps its global settings under $HOME and takes the
# user from FOSSIL_USER or USER when --user is not given.
unset FOSSIL_HOME XDG_CONFIG_HOME
export HOME=$dir/home USER=bench FOSSIL_USER=bench
mkdir -p "$HOME"
fsl=(fossil --user bench)
cd "$dir"

started=$(date +%s%N)
python3 "$here/gen_fossil.py" --count "$n" --now "$(date +%s)" --seed "$n" \
    --out "$dir" --ids-dir "$dir/ids"
"${fsl[@]}" reconstruct "$repo" "$dir/artifacts" >/dev/null
rm -rf "$dir/artifacts"
echo "fossil.sh: generated and reconstructed $n tickets in $((($(date +%s%N) - started) / 1000000)) ms" >&2

# Two saved reports, as the web UI's report editor would store them.
"${fsl[@]}" sql -R "$repo" "
INSERT INTO reportfmt(owner, title, mtime, cols, sqlcode) VALUES
  ('bench', 'Open ids', strftime('%s', 'now'), '',
   'SELECT tkt_uuid FROM ticket WHERE status=''Open'''),
  ('bench', 'Every field', strftime('%s', 'now'), '',
   'SELECT ticket.*, (SELECT group_concat(icomment, char(10)) FROM ticketchng
     WHERE ticketchng.tkt_id=ticket.tkt_id AND icomment<>'''') AS comments FROM ticket');" >/dev/null
every=$("${fsl[@]}" sql -R "$repo" "SELECT rn FROM reportfmt WHERE title='Every field'")

# The repository reads back whole and through the reports the timings use (a failing
# report query exits 0 with the error on stderr, so check what each prints).
scalar() { "${fsl[@]}" sql -R "$repo" "$1" | tr -d "'"; }
fail() { echo "fossil.sh: $*" >&2; exit 1; }
count=$(scalar "SELECT count(*) FROM ticket")
[[ $count -eq $n ]] || fail "generated $n tickets but the repository has $count"
open=$(scalar "SELECT count(*) FROM ticket WHERE status='Open'")
listed=$("${fsl[@]}" ticket show "Open ids" -R "$repo" | tail -n +2 | wc -l)
[[ $listed -eq $open ]] || fail "'Open ids' lists $listed tickets, not the $open Open ones"
id=$(sed -n "$((n / 2))p" "$dir/ids/all.txt")
# (Outputs are captured first: `grep -q` closing a pipe early would fail under pipefail.)
shown=$("${fsl[@]}" ticket show 0 "tkt_uuid='$id'" -R "$repo")
[[ $shown == *"$id"* ]] || fail "ticket show does not find $id"
shown=$("${fsl[@]}" ticket history "$id" -R "$repo")
[[ $shown == *"Ticket Change"* ]] || fail "ticket history of $id is empty"
json_ls=("${fsl[@]}" json report run "$every" -R "$repo")
shown=$("${json_ls[@]}" 2>/dev/null || true)
if [[ $shown != *"\"tkt_uuid\":\"$id\""* ]]; then
    echo "fossil.sh: this fossil has no JSON API; ls-json times the TSV report instead" >&2
    json_ls=("${fsl[@]}" ticket show "Every field" -R "$repo")
fi
# Enough Open tickets below High to escalate a different one each run.
[[ $(wc -l <"$dir/ids/open-low.txt") -gt $runs ]] || fail "too few Open tickets to escalate"

# Times whole processes: argv run directly (no shell) with output to /dev/null, one
# warm-up and $runs timed runs; `{open}` in argv is a fresh Open, not yet High ticket each
# run. Prints: fossil:<op><TAB>N<TAB>median ms<TAB>min ms<TAB>max ms.
measure() {
    local name=$1
    shift
    python3 "$here/measure.py" "fossil:$name" "$n" "$dir" "$runs" "$dir/ids/open-low.txt" "{open}" -- "$@"
}

# Times one run of `fossil ticket change ID priority Low` for each of the first $bulk
# tickets, back to back. Prints the same columns with "-" for min and max.
measure_bulk() {
    python3 - "$n" "$dir" "$bulk" "$repo" <<'PY'
import subprocess, sys, time
n, cwd, count, repo = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
ids = open(cwd + "/ids/all.txt").read().split()[:count]
start = time.perf_counter()
for tkt in ids:
    cmd = ["fossil", "--user", "bench", "ticket", "change", tkt, "priority", "Low", "-R", repo]
    done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode != 0:
        sys.exit(f"bulk-{count}: {' '.join(cmd)} failed: {done.stderr.decode().strip()}")
elapsed = (time.perf_counter() - start) * 1000
print(f"fossil:bulk-{count}\t{n}\t{elapsed:.1f}\t-\t-")
PY
}

echo "fossil.sh: timing N=$n ($runs runs each)..." >&2
out=$dir/results.tsv
{
    measure show "${fsl[@]}" ticket show 0 "tkt_uuid='$id'" -R "$repo"
    measure ls-ids "${fsl[@]}" ticket show "Open ids" -R "$repo"
    measure query "${fsl[@]}" ticket show 0 \
        "status='Open' AND type='Code_Defect' AND priority IN ('Immediate','High')" -R "$repo"
    measure ls-json "${json_ls[@]}"
    measure new "${fsl[@]}" ticket add title "Benchmark ticket" type Incident status Open \
        priority Medium severity Minor subsystem network comment "filed by fossil.sh" -R "$repo"
    measure comment "${fsl[@]}" ticket change "$id" icomment x -R "$repo"
    measure escalate "${fsl[@]}" ticket change "{open}" priority High -R "$repo"
} >"$out"
if [[ $n -ge $bulk ]]; then
    echo "fossil.sh: Fossil has no bulk ticket change; timing $bulk \`fossil ticket change\`" \
        "processes in a row, once..." >&2
    before=$(scalar "SELECT count(*) FROM ticketchng")
    measure_bulk >>"$out"
    after=$(scalar "SELECT count(*) FROM ticketchng")
    [[ $((after - before)) -eq $bulk ]] || fail "bulk change wrote $((after - before)) changes, not $bulk"
fi
cat "$out" >>"$results"
cat "$out" >&2
