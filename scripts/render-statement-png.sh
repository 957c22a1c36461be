#!/usr/bin/env bash
# Renders a commission statement HTML (default: the golden test statement) to images in /tmp, to
# look at the design: a screen screenshot at A4 width, and the print layout through Chromium's
# PDF printer (page 1 as PNG when poppler's pdftoppm is installed).
#
#   scripts/render-statement-png.sh [statement.html] [output-prefix]
#
# Needs headless Chromium (`apt-get install -y chromium`). Writes nothing into the repository.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
html="${1:-$here/Tests/ReconcileKitTests/Fixtures/golden/statement-tnt_bella-2026-09.html}"
out="${2:-/tmp/reconcile-statement}"
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [[ -z "$browser" ]]; then
  echo "render-statement-png: no chromium found; install it with 'apt-get install -y chromium'" >&2
  exit 69
fi
html="$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"
profile="$(mktemp -d /tmp/reconcile-chromium.XXXXXX)"
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run
       --user-data-dir="$profile" --default-background-color=ffffffff)

# Screen: 794 px is A4's width at 96 dpi; tall enough for the whole statement.
"$browser" "${flags[@]}" --window-size=794,1400 --screenshot="$out-screen.png" "file://$html" 2>/dev/null
echo "$out-screen.png"

# Print: the @page rules decide the size and margins.
"$browser" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$out.pdf" "file://$html" 2>/dev/null
echo "$out.pdf"
if command -v pdftoppm >/dev/null; then
  pdftoppm -png -r 110 "$out.pdf" "$out-print"
  ls "$out"-print*.png
fi
