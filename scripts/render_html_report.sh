#!/usr/bin/env bash
# Screenshot an mtaudit HTML report with headless Chromium, to check that it renders.
#   scripts/render_html_report.sh REPORT.html OUT.png
# Needs the Debian package `chromium`.  --no-sandbox because CI containers run as root;
# the other flags keep Chromium off the network (the page must be self-contained anyway).
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 REPORT.html OUT.png" >&2; exit 2; }
html=$(realpath "$1")
png=$(realpath -m "$2")
browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
[ -n "$browser" ] || { echo "chromium not found (apt-get install chromium)" >&2; exit 127; }
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
rm -f "$png"
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --screenshot="$png" --window-size=1200,900 "file://$html" >"$profile/log" 2>&1 || true
[ -s "$png" ] || { cat "$profile/log" >&2; echo "chromium wrote no screenshot" >&2; exit 1; }
echo "$png"
