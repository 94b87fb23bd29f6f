#!/usr/bin/env bash
# System packages Teixit needs beyond Python: gettext (translation catalogues),
# Pango and fonts (WeasyPrint PDF reports). Installed with apt when missing and
# running as root; otherwise a message says what to install.
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
missing=()
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
has_lib() {  # a shared library the dynamic linker can find
  ldconfig -p 2>/dev/null | grep -q "$1" && return 0
  compgen -G "/usr/lib/*/$1*" >/dev/null || compgen -G "/usr/lib/$1*" >/dev/null
}
has_lib 'libpango-1.0.so' || missing+=(libpango-1.0-0)
has_lib 'libpangoft2-1.0.so' || missing+=(libpangoft2-1.0-0)
has_lib 'libharfbuzz-subset.so' || missing+=(libharfbuzz-subset0)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Please install these system packages: ${missing[*]} (PDF reports and translations need them)." >&2
fi
