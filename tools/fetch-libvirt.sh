#!/bin/sh
# Fetch libvirt's source tree (Debian bookworm's libvirt, upstream 9.0.0) into
# .cache/ with apt-get source, and unpack it.  Needs root the first time to add
# the deb-src entry.  Never commit what this downloads (.cache/ is ignored).
# Usage: tools/fetch-libvirt.sh VERSION CACHE_DIR
set -eu
version="$1"
cache="$2"
tree="$cache/libvirt-$version"
[ -f "$tree/include/libvirt/libvirt.h" ] && exit 0
mkdir -p "$cache"
if ! ls "$cache"/libvirt_"$version".orig.tar.xz >/dev/null 2>&1; then
  if ! grep -rqs "^Types:.*deb-src" /etc/apt/sources.list.d/ && ! grep -qs "^deb-src" /etc/apt/sources.list; then
    if [ "$(id -u)" != 0 ]; then
      echo "fetch-libvirt: no deb-src entry and not root; cannot fetch libvirt $version" >&2
      exit 1
    fi
    # Same archive and key as the machine's own "deb" entry, sources only.
    {
      echo "Types: deb-src"
      echo "URIs: http://deb.debian.org/debian"
      echo "Suites: bookworm"
      echo "Components: main"
      echo "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"
    } > /etc/apt/sources.list.d/virt-apigen-src.sources
    apt-get update -qq
  fi
  (cd "$cache" && apt-get source --download-only -qq libvirt >/dev/null)
fi
tarball="$cache/libvirt_$version.orig.tar.xz"
[ -f "$tarball" ] || { echo "fetch-libvirt: $tarball not found after apt-get source" >&2; exit 1; }
tar -C "$cache" -xJf "$tarball"
[ -f "$tree/include/libvirt/libvirt.h" ] || { echo "fetch-libvirt: unexpected tarball layout" >&2; exit 1; }
echo "fetch-libvirt: $tree ready"
