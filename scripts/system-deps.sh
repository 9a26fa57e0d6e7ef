#!/usr/bin/env bash
# Installs the Debian packages the service calls at run time (OCR, PDF rendering, the PDF
# export's Unicode font) and Chromium for the browser tests,
# only those that are missing. Needs root (or sudo) and a reachable Debian mirror.
set -euo pipefail
# One Tesseract pack for every language the triage detects (triage/language.py CANDIDATES;
# tests/ingest/test_ocr.py keeps the two lists equal). Debian writes "_" as "-".
LANGS="bul ces dan deu ell eng spa est fin fra gle hrv hun ita lit lav mlt nld pol por ron slk slv swe
       sqi bos cat isl mkd nor rus srp tur ukr kat ara chi_sim"
pkgs=(tesseract-ocr poppler-utils fonts-dejavu-core chromium)
for l in $LANGS; do pkgs+=("tesseract-ocr-${l//_/-}"); done
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
echo "system packages to install: ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
