#!/usr/bin/env bash
# Install the locked Python packages and Teixit itself into a virtualenv, quietly:
# one line says what is installed, one how long it took; pip's full output goes to
# $VENV/install.log, whose last lines are shown if something fails.
#   scripts/install.sh VENV LOCK
set -uo pipefail
VENV="$1"; LOCK="$2"
LOG="$VENV/install.log"
PIP=("$VENV/bin/python" -m pip --disable-pip-version-check --no-input)
count=$(grep -c '^[A-Za-z0-9]' "$LOCK")
python_version=$("$VENV/bin/python" -c 'import platform; print(platform.python_version())')
echo "Installing Teixit and the $count Python packages pinned in $LOCK (Python $python_version, full log: $LOG)…"
start=$SECONDS
: > "$LOG"

fail() {
  echo "" >&2
  tail -n 25 "$LOG" >&2
  echo "" >&2
  echo "$1" >&2
  echo "The full log is in $LOG." >&2
  exit 1
}

# First the locked pip (hash-checked, requirements/pip.txt): the virtualenv's bundled pip
# may be old, and old pips fail on a lock that later releases on PyPI make ambiguous
# (pip 23.2 refused weasyprint's `fonttools[woff]>=4.59.2` once fonttools 4.69.1 was out).
"${PIP[@]}" install --progress-bar off --require-hashes --no-deps -r "$(dirname "$LOCK")/pip.txt" >>"$LOG" 2>&1 \
  || fail "Installing the locked pip (requirements/pip.txt) failed."
# Hash-checked: every package, the build backend and pip itself come from the lock.
"${PIP[@]}" install --progress-bar off --require-hashes -r "$LOCK" >>"$LOG" 2>&1 \
  || fail "Installing the packages of $LOCK failed."
# Teixit itself, built with the locked setuptools (no download of an unpinned one).
"${PIP[@]}" install --progress-bar off --no-deps --no-build-isolation -e . >>"$LOG" 2>&1 \
  || fail "Installing Teixit itself failed."
# The lock must satisfy pyproject.toml (a dependency added there without `make lock`).
"${PIP[@]}" check >>"$LOG" 2>&1 \
  || fail "$LOCK does not match pyproject.toml: run \`make lock\` and commit requirements/."

elapsed=$((SECONDS - start))
echo "Installed in $((elapsed / 60)) min $((elapsed % 60)) s."
