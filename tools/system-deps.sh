#!/bin/sh
# Install the Debian packages a make target needs, when running as root on a
# Debian-like machine and when something is missing.  Not root: say what is
# missing and carry on (the tests then skip, or fail under CI=true).
# Usage: tools/system-deps.sh generate|test
set -eu
case "${1:-generate}" in
  generate) packages="python3-venv cpp" ;;
  test) packages="python3-venv python3-dev pkg-config cpp gcc libvirt-dev libvirt0 libvirt-clients libvirt-daemon libvirt-doc xsltproc rpcsvc-proto libtirpc-dev chromium xz-utils ninja-build iproute2 locales mcpp ucpp" ;;
  *) echo "usage: $0 generate|test" >&2; exit 2 ;;
esac
missing=""
for package in $packages; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing="$missing $package"
done
root=no
[ "$(id -u)" = 0 ] && command -v apt-get >/dev/null && root=yes
if [ -n "$missing" ] && [ "$root" = yes ]; then
  echo "system-deps: installing$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
elif [ -n "$missing" ]; then
  echo "system-deps: missing Debian packages:$missing (run as root to install them)" >&2
fi
# The tests run the CLI under a Latin-1 locale (file names that are not UTF-8).
if [ "${1:-generate}" = test ] && ! locale -a 2>/dev/null | grep -qix 'de_DE.iso88591'; then
  if [ "$root" = yes ] && command -v localedef >/dev/null; then
    localedef -i de_DE -f ISO-8859-1 de_DE.ISO-8859-1
  else
    echo "system-deps: no de_DE.ISO-8859-1 locale (as root: localedef -i de_DE -f ISO-8859-1 de_DE.ISO-8859-1)" >&2
  fi
fi
