#!/usr/bin/env bash
# Re-crawl cost (issue 19.2): ingest N generated reports into an empty embedded store with `ingest run`, then the same N
# files again, and report the wall time of each run and the bytes the second run added to the store per file.
# Usage: tools/bench/recrawl.sh [N] [extra `run` options, e.g. --in-process]
set -euo pipefail
n="${1:-1000}"; shift || true
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d /tmp/ingest-recrawl-XXXXXX)"
trap 'rm -rf "$work"' EXIT
dotnet build "$root/src/IngestionPipeline.Cli" -c Release -v q -nologo >/dev/null
ingest="$root/src/IngestionPipeline.Cli/bin/Release/net10.0/ingest"
"$ingest" corpus generate "$work/corpus" --count "$n" --formats txt --seed 1906 >/dev/null
files="$work/files"
mkdir -p "$files" && cp "$work"/corpus/txt/*.txt "$files"/  # the reports only, not their expected JSON

store_bytes() {
  # Bytes in use by the store after a checkpoint: pages in use, not counting free pages.
  python3 - "$work/data/ingestion.db" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
page = c.execute("PRAGMA page_size").fetchone()[0]
pages = c.execute("PRAGMA page_count").fetchone()[0]
free = c.execute("PRAGMA freelist_count").fetchone()[0]
print((pages - free) * page)
PY
}

t0=$(date +%s.%N); "$ingest" run "$files" --data "$work/data" "$@" >"$work/first.txt" || echo "first run exited $?"; t1=$(date +%s.%N)
after_first=$(store_bytes)
t2=$(date +%s.%N); "$ingest" run "$files" --data "$work/data" "$@" >"$work/second.txt" || echo "second run exited $?"; t3=$(date +%s.%N)
after_second=$(store_bytes)
# The fixed cost of one `ingest run` (process start, host, bus): one stored file re-ingested on its own.
mkdir -p "$work/one" && cp "$(ls "$files"/*.txt | head -1)" "$work/one/"
t4=$(date +%s.%N); "$ingest" run "$work/one" --data "$work/data" "$@" >/dev/null || echo "start-up run exited $?"; t5=$(date +%s.%N)
tail -1 "$work/first.txt"; tail -1 "$work/second.txt"
python3 - "$n" "$t0" "$t1" "$t2" "$t3" "$after_first" "$after_second" "$t4" "$t5" <<'PY'
import sys
n = int(sys.argv[1]); t0, t1, t2, t3 = map(float, sys.argv[2:6]); a, b = int(sys.argv[6]), int(sys.argv[7])
t4, t5 = map(float, sys.argv[8:10])
first, second, fixed = t1 - t0, t3 - t2, t5 - t4
print(f"files {n}: first ingest {first:.1f} s ({n/first:.0f}/s), re-ingest {second:.1f} s ({n/second:.0f}/s), ratio {first/second:.1f}x; "
      f"fixed cost of a run {fixed:.1f} s, without it ratio {(first-fixed)/max(second-fixed, 1e-3):.1f}x; "
      f"store {a/n/1024:.1f} KiB/file after the first run, +{(b-a)/n:.0f} bytes/file by the re-ingest")
PY
