#!/usr/bin/env bash
# screenshots.sh retakes the README's screenshots: the app in a real X window
# (Xvfb), China searched for and selected, in the dark and the light theme.
#   screenshots.sh BINARY OUTDIR
set -euo pipefail
bin=${1:?usage: screenshots.sh BINARY OUTDIR}
out=${2:?usage: screenshots.sh BINARY OUTDIR}
mkdir -p "$out"
for theme in dark light; do
  disp=":$(( 200 + RANDOM % 500 ))"
  Xvfb "$disp" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
  xpid=$!
  sleep 1
  DISPLAY=$disp FYNE_THEME=$theme GOVSCAPE_DATA=$(mktemp -d) "$bin" >/dev/null 2>&1 &
  apid=$!
  win=""
  for _ in $(seq 100); do
    win=$(DISPLAY=$disp xdotool search --name '^Govscape' 2>/dev/null | head -n1) && [ -n "$win" ] && break
    sleep 0.1
  done
  sleep 1.5
  DISPLAY=$disp xdotool windowfocus --sync "$win"
  DISPLAY=$disp xdotool key --window "$win" ctrl+f
  DISPLAY=$disp xdotool type --delay 60 --window "$win" "china"
  DISPLAY=$disp xdotool key --window "$win" Return
  sleep 1
  DISPLAY=$disp import -window "$win" "$out/screenshot-$theme.png"
  echo "wrote $out/screenshot-$theme.png"
  kill "$apid" "$xpid" 2>/dev/null || true
  wait "$apid" 2>/dev/null || true
done
