#!/usr/bin/env bash
# Installs the Debian packages Lakou needs when they are missing (root on Debian), else says
# in one line what to install. Usage: ensure_system.sh venv|node|run|test
set -euo pipefail
mode=${1:-run}

need=()
if [ "$mode" = run ] || [ "$mode" = test ]; then command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg); fi
# WeasyPrint (PDF receipts) lays text out with Debian's pango and needs a font to draw it.
if [ "$mode" = run ] || [ "$mode" = test ]; then
  ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1.0.so.0' || need+=(libpango-1.0-0 libpangoft2-1.0-0)
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
fi
# npm installs hls.js (package-lock.json); Debian's npm brings nodejs.
if [ "$mode" != venv ]; then
  command -v node >/dev/null 2>&1 || need+=(nodejs)
  command -v npm >/dev/null 2>&1 || need+=(npm)
fi
if [ "$mode" = test ]; then
  # The browser tests drive Debian's Chromium through Playwright (executable_path=/usr/bin/chromium).
  [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v pg_ctlcluster >/dev/null 2>&1 || command -v pg_isready >/dev/null 2>&1 || need+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
  command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
fi
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need+=(python3-venv)

[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
  echo "missing: ${need[*]} — install them (Debian: sudo apt-get install -y ${need[*]}) and retry" >&2
  exit 1
fi
