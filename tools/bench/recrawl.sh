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
files="$work/corpus/txt"

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

t0=$(date +%s.%N); "$ingest" run "$files" --data "$work/data" "$@" >"$work/first.txt"; t1=$(date +%s.%N)
after_first=$(store_bytes)
t2=$(date +%s.%N); "$ingest" run "$files" --data "$work/data" "$@" >"$work/second.txt"; t3=$(date +%s.%N)
after_second=$(store_bytes)
tail -1 "$work/first.txt"; tail -1 "$work/second.txt"
python3 - "$n" "$t0" "$t1" "$t2" "$t3" "$after_first" "$after_second" <<'PY'
import sys
n = int(sys.argv[1]); t0, t1, t2, t3 = map(float, sys.argv[2:6]); a, b = int(sys.argv[6]), int(sys.argv[7])
first, second = t1 - t0, t3 - t2
print(f"files {n}: first ingest {first:.1f} s ({n/first:.0f}/s), re-ingest {second:.1f} s ({n/second:.0f}/s), ratio {first/second:.1f}x; "
      f"store {a/n/1024:.1f} KiB/file after the first run, +{(b-a)/n:.0f} bytes/file by the re-ingest")
PY
