#!/usr/bin/env bash
# setup.sh installs the system packages Govscape needs to build (cgo + GLFW) and,
# with --test, the ones its real-window smoke test uses. Safe to run again: it
# installs only what is missing.
set -euo pipefail

build_pkgs=(gcc pkg-config libgl1-mesa-dev xorg-dev)
test_pkgs=(xvfb xdotool imagemagick)

want=("${build_pkgs[@]}")
if [ "${1:-}" = "--test" ]; then
  want+=("${test_pkgs[@]}")
fi

if ! command -v go >/dev/null 2>&1; then
  echo "setup: Go is not installed; install Go 1.26 or newer from https://go.dev/dl/ and run again" >&2
  exit 1
fi

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: this is not a Debian/Ubuntu system; install these with your package manager, then run again:" >&2
  echo "  a C compiler, pkg-config, OpenGL and X11 development headers (Debian names: ${want[*]})" >&2
  exit 1
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "setup: need root to install ${missing[*]}; run as root or install sudo" >&2
    exit 1
  fi
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
