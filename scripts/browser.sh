#!/usr/bin/env bash
# Browser tests drive Debian's Chromium through Playwright. Install it when it
# is missing and we are root; otherwise the browser tests are skipped (and fail
# under CI=true).
set -euo pipefail
CHROMIUM="${TEIXIT_CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Chromium for the browser tests…"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq chromium >/dev/null
else
  echo "Chromium is not installed and cannot be installed here: browser tests will be skipped." >&2
fi
