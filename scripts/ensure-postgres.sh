#!/usr/bin/env bash
# Make sure the PostgreSQL server of DATABASE_URL answers; start the local
# cluster when it is down and we can (Debian's pg_ctlcluster).
set -uo pipefail
url="$1"
hostport=$(echo "$url" | sed -E 's#^[a-z]+://([^@/]*@)?([^/]*)/.*#\2#')
host=${hostport%%:*}; port=${hostport##*:}; [ "$port" = "$hostport" ] && port=5432
for i in 1 2 3; do
  pg_isready -q -h "$host" -p "$port" 2>/dev/null && exit 0
  if [ $i -eq 1 ] && command -v pg_ctlcluster >/dev/null 2>&1; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start 2>/dev/null || true
  fi
  sleep 2
done
pg_isready -h "$host" -p "$port" || { echo "PostgreSQL at $host:$port does not answer." >&2; exit 1; }
