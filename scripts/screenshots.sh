#!/usr/bin/env bash
# screenshots.sh retakes the README's screenshots in a real X window (Xvfb):
# the map in both layouts with China selected, and the table with China
# selected, in the dark and the light theme.
#   screenshots.sh BINARY OUTDIR
set -euo pipefail
bin=${1:?usage: screenshots.sh BINARY OUTDIR}
out=${2:?usage: screenshots.sh BINARY OUTDIR}
mkdir -p "$out"
# A fresh store each run: the pictures must not depend on this machine's notes.
store=$(mktemp -d)
trap 'rm -rf "$store"' EXIT

# shoot THEME NAME KEYS...: start the app, search for China, press KEYS, save NAME.
shoot() {
  local theme=$1 name=$2
  shift 2
  rm -rf "$store" && mkdir -p "$store"
  local disp=":$(( 200 + RANDOM % 500 ))"
  Xvfb "$disp" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
  local xpid=$!
  sleep 1
  DISPLAY=$disp FYNE_THEME=$theme GOVSCAPE_STORE=$store "$bin" >/dev/null 2>&1 &
  local apid=$!
  local win=""
  for _ in $(seq 100); do
    win=$(DISPLAY=$disp xdotool search --name '^Govscape' 2>/dev/null | head -n1) && [ -n "$win" ] && break
    sleep 0.1
  done
  sleep 1.5
  DISPLAY=$disp xdotool windowfocus --sync "$win"
  DISPLAY=$disp xdotool key --window "$win" ctrl+f
  DISPLAY=$disp xdotool type --delay 60 --window "$win" "china"
  DISPLAY=$disp xdotool key --window "$win" Return
  # Clear the search so the map shows everything, the selection stays.
  DISPLAY=$disp xdotool key --window "$win" ctrl+a BackSpace
  for k in "$@"; do
    case $k in
      type:*) DISPLAY=$disp xdotool type --delay 40 --window "$win" "${k#type:}" ;;
      *) DISPLAY=$disp xdotool key --window "$win" "$k" ;;
    esac
    sleep 0.5
  done
  sleep 4 # let the layout settle
  DISPLAY=$disp import -window "$win" "$out/$name.png"
  echo "wrote $out/$name.png"
  kill "$apid" "$xpid" 2>/dev/null || true
  wait "$apid" 2>/dev/null || true
}

shoot dark compare ctrl+d ctrl+a BackSpace "type:United States" Return ctrl+d ctrl+a BackSpace "type:European Union" Return ctrl+d ctrl+a BackSpace "type:India" Return ctrl+d ctrl+a BackSpace ctrl+k
shoot dark timeline ctrl+t
shoot dark map-force ctrl+m f
shoot dark map-stance ctrl+2
shoot dark screenshot-dark ctrl+l
shoot light screenshot-light ctrl+l
