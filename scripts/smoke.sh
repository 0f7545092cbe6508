#!/usr/bin/env bash
# smoke.sh starts the built app in a real X window (Xvfb) and checks what a
# person would: the window appears within 10 s, it shows something (the
# screenshot is not blank), and it quits cleanly when asked with Ctrl+Q.
#   smoke.sh BINARY [SCREENSHOT.png]
set -uo pipefail
bin=${1:?usage: smoke.sh BINARY [SCREENSHOT.png]}
shot=${2:-$(mktemp --suffix=.png)}
for tool in Xvfb xdotool import convert; do
  command -v "$tool" >/dev/null || { echo "smoke: $tool missing (make setup-test installs it)" >&2; exit 2; }
done

fail() { echo "smoke: FAIL: $*" >&2; exit 1; }

disp=":$(( 200 + RANDOM % 500 ))"
Xvfb "$disp" -screen 0 1600x1000x24 -nolisten tcp >/dev/null 2>&1 &
xpid=$!
logf=$(mktemp)
cleanup() { kill "$apid" 2>/dev/null; kill "$xpid" 2>/dev/null; rm -f "$logf"; }
trap cleanup EXIT
for _ in $(seq 50); do xdotool -display "$disp" getmouselocation >/dev/null 2>&1 && break; sleep 0.1; done

export DISPLAY=$disp
# A private store folder: the smoke test must not touch a user's data.
GOVSCAPE_STORE=$(mktemp -d) "$bin" >"$logf" 2>&1 &
apid=$!

start=$(date +%s%N)
win=""
for _ in $(seq 100); do
  win=$(xdotool search --name '^Govscape' 2>/dev/null | head -n1)
  [ -n "$win" ] && break
  kill -0 "$apid" 2>/dev/null || { cat "$logf" >&2; fail "the app exited before showing its window"; }
  sleep 0.1
done
[ -n "$win" ] || { cat "$logf" >&2; fail "no Govscape window within 10 s"; }
shown_ms=$(( ($(date +%s%N) - start) / 1000000 ))
sleep 2 # let the first frames draw

import -window root "$shot" || fail "could not take a screenshot"
colours=$(convert "$shot" -format '%k' info:)
sd=$(convert "$shot" -colorspace gray -format '%[fx:standard_deviation]' info:)
echo "smoke: window after ${shown_ms} ms; screenshot $shot has $colours colours (grey sd $sd)"
[ "$colours" -ge 16 ] || fail "screenshot looks blank ($colours colours)"

xdotool windowfocus --sync "$win" 2>/dev/null || true
xdotool key --window "$win" ctrl+q
for _ in $(seq 50); do
  kill -0 "$apid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$apid" 2>/dev/null; then
  cat "$logf" >&2
  fail "the app did not quit within 5 s of Ctrl+Q"
fi
wait "$apid"; rc=$?
[ "$rc" -eq 0 ] || { cat "$logf" >&2; fail "the app exited with status $rc"; }
if grep -qiE 'panic|data race|fatal' "$logf"; then cat "$logf" >&2; fail "the app logged a panic or race"; fi
echo "smoke: ok (quit cleanly on Ctrl+Q)"
