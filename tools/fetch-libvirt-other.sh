#!/bin/sh
# Fetch an older and a newer libvirt release than the 9.0.0 yardstick, to test
# that virt-apigen keeps working as the headers change: the upstream tarballs
# Debian ships for bullseye (7.0.0) and trixie (11.3.0), from Debian's archive,
# checked against the SHA-256 sums of Debian's source indexes.  Unpacked into
# CACHE_DIR (ignored by git, never committed).
# Usage: tools/fetch-libvirt-other.sh CACHE_DIR
set -eu
cache="$1"
pool="http://deb.debian.org/debian/pool/main/libv/libvirt"
mkdir -p "$cache"
fetch() {
  version="$1" sum="$2"
  tree="$cache/libvirt-$version"
  [ -f "$tree/include/libvirt/libvirt.h" ] && return 0
  tarball="$cache/libvirt_$version.orig.tar.xz"
  if [ ! -f "$tarball" ]; then
    if command -v curl >/dev/null; then
      curl -fsS -o "$tarball.part" "$pool/libvirt_$version.orig.tar.xz"
    else  # a fresh Debian has no curl, but the tests' python3
      python3 -c "import sys, urllib.request; urllib.request.urlretrieve(sys.argv[1], sys.argv[2])" "$pool/libvirt_$version.orig.tar.xz" "$tarball.part"
    fi
    mv "$tarball.part" "$tarball"
  fi
  echo "$sum  $tarball" | sha256sum -c --quiet - || { rm -f "$tarball"; echo "fetch-libvirt-other: $tarball: checksum mismatch" >&2; return 1; }
  tar -C "$cache" -xJf "$tarball"
  echo "fetch-libvirt-other: $tree ready"
}
fetch 7.0.0 ca3833844d08c22867f1d1a46edc36bda7d6fe1a4f267e7d77100b79fc9ddd89
fetch 11.3.0 6bcb0c42c4580436fea262ced56f68a6afe20f7390b1bea2116718cc034a0283
