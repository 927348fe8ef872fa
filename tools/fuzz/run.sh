#!/usr/bin/env bash
# Mutation fuzzing of the extractors over the real corpus, under the extraction sandbox (docs/security.md).
# Usage: tools/fuzz/run.sh [seconds=1800] [outDir=/tmp/ingest-fuzz] [seed=1]
# Exit 0: no finding. Findings (crash, timeout, memory limit, exception, > 10 s) land in <outDir>/findings.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dotnet build "$here/Fuzz.csproj" -c Release -o "${2:-/tmp/ingest-fuzz}/bin" >/dev/null
nice -n 19 dotnet "${2:-/tmp/ingest-fuzz}/bin/ingest-fuzz.dll" "${1:-1800}" "${2:-/tmp/ingest-fuzz}" "${3:-1}" \
  "$root/corpus/generated/pdf" "$root/corpus/generated/docx" "$root/corpus/generated/html" "$root/samples" \
  "$root/tests/IngestionPipeline.Core.Tests/Fixtures"
