#!/usr/bin/env bash
# Serve Teixit for `make run`: the web server and, beside it, the worker that
# runs background tasks (imports, e-mails, snapshots). Ctrl+C stops both.
set -euo pipefail
PY="$1"; ADDR="$2"
# The worker sends the notification digests: queue their next runs (once).
"$PY" manage.py send_digests --schedule >/dev/null
"$PY" manage.py db_worker --queue-name '*' --interval 1 --no-reload -v 0 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
"$PY" manage.py runserver "$ADDR"
