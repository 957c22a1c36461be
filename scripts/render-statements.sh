#!/usr/bin/env bash
# Renders one month of the finance hand-off (statements/<YYYY-MM>/index.html and every tenant's
# <tenantId>.html) with headless Chromium, to check the print layout on A4 and on US Letter:
#
#   scripts/render-statements.sh                      # runs the sample inbox, renders 2026-09
#   scripts/render-statements.sh 2026-10              # another month of the sample
#   scripts/render-statements.sh path/to/outbox/statements/2026-09
#
# Output (never inside the repository), in ${RENDER_OUT:-/tmp/reconcile-render}/<YYYY-MM>/:
#   <name>-screen.png          the page on screen at A4 width (794 px)
#   <name>-<paper>.pdf         Chromium's print output on that paper (a4, letter)
#   <name>-<paper>-<n>.png     each printed page as an image (poppler's pdftoppm)
#   pages.txt                  page count and size of every PDF (pdfinfo)
#
# Paper: the statements' @page rule names no paper size, so the printer's paper is used; here each
# file is printed once with `@page { size: A4 }` and once with `@page { size: letter }` appended,
# as a print dialog would choose. Needs `chromium` and `poppler-utils` (apt-get install -y …).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
arg="${1:-2026-09}"
outroot="${RENDER_OUT:-/tmp/reconcile-render}"
browser="$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)"
if [[ -z "$browser" ]]; then
  echo "render-statements: no chromium found; install it with 'apt-get install -y chromium'" >&2
  exit 69
fi
for tool in pdftoppm pdfinfo; do
  command -v "$tool" >/dev/null || { echo "render-statements: $tool missing; apt-get install -y poppler-utils" >&2; exit 69; }
done

if [[ -d "$arg" ]]; then
  folder="$(cd "$arg" && pwd)"
  month="$(basename "$folder")"
else
  month="$arg"
  work="$outroot/sample-run"
  binary="$here/.build/debug/reconcile"
  [[ -x "$binary" ]] || (cd "$here" && swift build >&2)
  rm -rf "$work" && mkdir -p "$work"
  cp -R "$here/inbox" "$work/inbox"
  # Exit 1 is expected: the sample has a quarantined file and failed events on purpose.
  (cd "$work" && "$binary" run --settle 0 --as-of 2026-11-01T00:00:00Z --quiet 2>/dev/null) || [[ $? -eq 1 ]]
  folder="$work/outbox/statements/$month"
fi
[[ -f "$folder/index.html" ]] || { echo "render-statements: no index.html in $folder" >&2; exit 66; }

out="$outroot/$month"
rm -rf "$out" && mkdir -p "$out"
profile="$(mktemp -d /tmp/reconcile-chromium.XXXXXX)"
pages="$(mktemp -d /tmp/reconcile-pages.XXXXXX)"
trap 'rm -rf "$profile" "$pages"' EXIT
flags=(--headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run
       --user-data-dir="$profile" --default-background-color=ffffffff)

for html in "$folder"/*.html; do
  name="$(basename "$html" .html)"
  "$browser" "${flags[@]}" --window-size=794,1300 --screenshot="$out/$name-screen.png" "file://$html" 2>/dev/null
  for paper in a4 letter; do
    # A copy with the paper chosen, beside the original so relative links still resolve.
    copy="$pages/$name-$paper.html"
    sed "s#</style>#@page { size: $paper portrait; }\n</style>#" "$html" > "$copy"
    "$browser" "${flags[@]}" --no-pdf-header-footer --print-to-pdf="$out/$name-$paper.pdf" "file://$copy" 2>/dev/null
    pdftoppm -png -r 80 "$out/$name-$paper.pdf" "$out/$name-$paper"
    printf '%s %s: %s pages, %s\n' "$name" "$paper" \
      "$(pdfinfo "$out/$name-$paper.pdf" | awk '/^Pages:/ {print $2}')" \
      "$(pdfinfo "$out/$name-$paper.pdf" | awk -F': *' '/^Page size:/ {print $2}')" >> "$out/pages.txt"
  done
done
cat "$out/pages.txt"
ls "$out"/*.png
