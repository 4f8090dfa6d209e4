#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium with Playwright (no browser is ever downloaded
# by pip or Playwright). Install it with apt if it is missing.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
echo "Installing Debian's chromium with apt (needs root) for the browser tests..." >&2
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
$sudo_cmd apt-get update -qq
$sudo_cmd apt-get install -y -qq chromium >/dev/null
