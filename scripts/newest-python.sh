#!/usr/bin/env bash
# Print the path of the newest CPython 3 on this machine (on PATH as python3.N, or
# installed by pyenv), for CI's second run of the suite. Prints nothing if none works.
set -uo pipefail
candidates=()
for root in "${PYENV_ROOT:-}" "$HOME/.pyenv" /root/.pyenv; do
  [ -n "$root" ] && candidates+=("$root"/versions/3.*/bin/python3)
done
for minor in $(seq 30 -1 11); do
  path=$(command -v "python3.$minor" 2>/dev/null) && candidates+=("$path")
done
best=""; best_version=0
for python in "${candidates[@]}"; do
  [ -x "$python" ] || continue
  # A pyenv shim of a version that is not selected fails here, and is skipped.
  version=$("$python" -c 'import sys; print(sys.implementation.name == "cpython" and sys.version_info[0] * 1000 + sys.version_info[1] or 0)' 2>/dev/null) || continue
  if [ "${version:-0}" -gt "$best_version" ]; then best="$python"; best_version="$version"; fi
done
[ -n "$best" ] && echo "$best"
