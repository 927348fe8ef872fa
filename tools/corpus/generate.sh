#!/usr/bin/env bash
# Regenerates the committed labelled corpus under corpus/generated/:
#   txt, html, docx  written directly by `ingest corpus generate`;
#   pdf, doc         DOCX sources written by the generator, converted with LibreOffice (soffice --headless);
#   title, org, md, ocr, web, mixed
#                    the wild classes of issue 12 (broken titles, organization in markup or prose, PDF-to-Markdown
#                    output, OCR text, saved web pages, several at once), written directly; each document also has a
#                    <name>.label.json (class, file format, hazards, cells not scored).
# Each document has its ground truth <name>.expected.json beside it. Deterministic for a given seed
# (the DOCX/PDF/DOC containers carry timestamps, so their bytes differ between runs; their content does not).
#
# Usage: tools/corpus/generate.sh [outDir] ; env COUNT (txt/html/docx, default 40), CONVERTED_COUNT (pdf/doc, default 20:
# a PDF with embedded CJK font subsets is ~130 KB), CLASS_COUNT (wild classes, default 20), SEED (default 20250101),
# FORMATS (default all; "none" for only the classes), CLASSES (default all; "none" for only the formats).
# The wild classes need no LibreOffice: `FORMATS=none tools/corpus/generate.sh` rewrites just them.
# Tests never run this script (CI has no LibreOffice): the generated corpus is committed.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/corpus/generated}
count=${COUNT:-40}
converted_count=${CONVERTED_COUNT:-20}
seed=${SEED:-20250101}
formats=${FORMATS:-txt,html,docx,pdf,doc}
[[ $formats == none ]] && formats=
classes=${CLASSES:-title,org,md,ocr,web,mixed}
[[ $classes == none ]] && classes=
class_count=${CLASS_COUNT:-20}
artifacts=${ARTIFACTS:-/tmp/art-corpus-generate}

command -v soffice >/dev/null || { [[ ",$formats," != *",pdf,"* && ",$formats," != *",doc,"* ]] || { echo "soffice (LibreOffice) is required for pdf/doc" >&2; exit 1; }; }

dotnet build "$root/src/IngestionPipeline.Cli" --artifacts-path "$artifacts" -v q -nologo >/dev/null
cli="$artifacts/bin/IngestionPipeline.Cli/debug/ingest"

IFS=',' read -ra class_list <<<"$classes"
for c in "${class_list[@]}"; do rm -rf "${out:?}/$c"; done
if ((${#class_list[@]})); then
  "$cli" corpus generate "$out" --count "$class_count" --seed "$seed" --formats none --classes "$classes"
fi

IFS=',' read -ra list <<<"$formats"
for f in "${list[@]}"; do rm -rf "${out:?}/$f" "${out:?}/$f-docx"; done
direct=() converted=()
for f in "${list[@]}"; do
  if [[ $f == pdf || $f == doc ]]; then converted+=("$f"); else direct+=("$f"); fi
done
if ((${#direct[@]})); then
  "$cli" corpus generate "$out" --count "$count" --seed "$seed" --formats "$(IFS=,; echo "${direct[*]}")"
fi
if ((${#converted[@]})); then
  "$cli" corpus generate "$out" --count "$converted_count" --seed "$seed" --formats "$(IFS=,; echo "${converted[*]}")"
fi

# LibreOffice needs a private profile so it neither clashes with a running instance nor writes to $HOME.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
for target in pdf doc; do
  src="$out/$target-docx"
  [[ -d "$src" ]] || continue
  mkdir -p "$out/$target"
  filter=$target
  [[ $target == doc ]] && filter='doc:MS Word 97'
  soffice -env:UserInstallation="file://$profile" --headless --convert-to "$filter" --outdir "$out/$target" "$src"/*.docx >/dev/null
  cp "$src"/*.expected.json "$out/$target/"
  missing=0
  for d in "$src"/*.docx; do
    name=$(basename "$d" .docx)
    [[ -f "$out/$target/$name.$target" ]] || { echo "conversion failed: $d" >&2; missing=1; }
  done
  [[ $missing == 0 ]] || exit 1
  rm -rf "$src"
done

du -sh "$out"/*
du -sh "$out"
