#!/usr/bin/env bash
# Build a Fossil SCM repository of N tickets for bench.sh to time beside git-desk.
#
# Usage: bash bench/fossil.sh N WORKDIR ENV_FILE
#
# Builds the repository in a fresh directory under WORKDIR and writes ENV_FILE, lines of
# KEY=VALUE that versus.py reads: dir (the directory; its ids/ holds all.txt and
# open-low.txt), repo (the repository file), id (a ticket in the middle), every (the
# number of the "Every field" report) and json (1 when this fossil has the JSON API).
# Exits 0 without writing ENV_FILE when Fossil is missing and cannot be installed.
#
# Filling: gen_fossil.py writes N tickets as real ticket-change artifacts (the D/J/K/U/Z
# cards `fossil ticket add` and `fossil ticket change` write; 40% Open, the rest filed Open
# and later Fixed or Closed with a comment), and `fossil reconstruct` builds the
# repository from them, so Fossil derives its TICKET and TICKETCHNG tables itself, as for
# a clone. 100,000 tickets take 1.5 to 3 minutes here; filing them one by one with
# `fossil ticket add` (8 to 15 ms a process) would take 15 to 25 minutes.
#
# How git-desk's operations map to Fossil's (versus.py; everything runs
# `fossil ... -R REPO`, no checkout):
#   new, new --no-kb   fossil ticket add title ... status Open ...
#   show ID            fossil ticket show 0 "tkt_uuid='ID'"  (report 0: every column of
#                      the ticket table, filtered to one ticket)
#   comment ID         fossil ticket change ID icomment x  (how Fossil's web UI appends a
#                      comment to a ticket)
#   set ID title=...   fossil ticket change ID title ...
#   escalate ID        fossil ticket change ID priority High  (a different Open ticket
#                      each run)
#   ls --all --ids     fossil ticket show "All ids"  (a saved report: SELECT tkt_uuid FROM
#                      ticket)
#   selective query    fossil ticket show 0 "status='Open' AND type='Code_Defect' AND
#                      priority IN ('Immediate','High')"
#   ls --json --all    fossil json report run RN  (a saved report of every column of every
#                      ticket plus its comments, as JSON)
# The saved reports are rows of the repository's REPORTFMT table, as the web UI's "New
# report format" page stores them.
#
# Needs: python3, and fossil (installed with apt-get when missing, if possible). No
# network but apt.
set -euo pipefail

usage() {
    echo "usage: bash bench/fossil.sh N WORKDIR ENV_FILE" >&2
    exit 2
}
[[ $# -eq 3 ]] || usage
n=$1 workdir=$2 env_file=$3
[[ $n =~ ^[1-9][0-9]*$ ]] || usage
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
runs=${BENCH_RUNS:-7}

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

mkdir -p "$workdir" "$(dirname "$env_file")"
env_file=$(cd "$(dirname "$env_file")" && pwd)/$(basename "$env_file")
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

# Three saved reports, as the web UI's report editor would store them.
"${fsl[@]}" sql -R "$repo" "
INSERT INTO reportfmt(owner, title, mtime, cols, sqlcode) VALUES
  ('bench', 'Open ids', strftime('%s', 'now'), '',
   'SELECT tkt_uuid FROM ticket WHERE status=''Open'''),
  ('bench', 'All ids', strftime('%s', 'now'), '', 'SELECT tkt_uuid FROM ticket'),
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
listed=$("${fsl[@]}" ticket show "All ids" -R "$repo" | tail -n +2 | wc -l)
[[ $listed -eq $n ]] || fail "'All ids' lists $listed tickets, not $n"
id=$(sed -n "$((n / 2))p" "$dir/ids/all.txt")
# (Outputs are captured first: `grep -q` closing a pipe early would fail under pipefail.)
shown=$("${fsl[@]}" ticket show 0 "tkt_uuid='$id'" -R "$repo")
[[ $shown == *"$id"* ]] || fail "ticket show does not find $id"
shown=$("${fsl[@]}" ticket history "$id" -R "$repo")
[[ $shown == *"Ticket Change"* ]] || fail "ticket history of $id is empty"
json=1
shown=$("${fsl[@]}" json report run "$every" -R "$repo" 2>/dev/null || true)
if [[ $shown != *"\"tkt_uuid\":\"$id\""* ]]; then
    echo "fossil.sh: this fossil has no JSON API; ls --json is timed beside the TSV report" >&2
    json=0
fi
# Enough Open tickets below High to escalate a different one each run.
[[ $(wc -l <"$dir/ids/open-low.txt") -gt $runs ]] || fail "too few Open tickets to escalate"

printf 'dir=%s\nrepo=%s\nid=%s\nevery=%s\njson=%s\n' "$dir" "$repo" "$id" "$every" "$json" >"$env_file"
