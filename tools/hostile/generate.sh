#!/usr/bin/env bash
# Writes the hostile-input set (tests/Hostile/HostileFiles.cs) into a directory, default ./hostile.
# Then e.g.:  for f in hostile/*; do dotnet src/IngestionPipeline.Cli/bin/Debug/net10.0/ingest.dll parse "$f"; echo "$f: exit $?"; done
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dotnet run --project "$here/Hostile.csproj" -c Release -- "${1:-hostile}"
