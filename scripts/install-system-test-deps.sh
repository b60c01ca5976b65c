#!/usr/bin/env bash
# Installs the system programs the test suite drives for real: tmux (terminal UIs),
# chromium (the web dashboard) and zsh (the shell status segment). Debian/Ubuntu only;
# elsewhere those tests say they were skipped and why.
set -euo pipefail
need=()
command -v tmux >/dev/null 2>&1 || need+=(tmux)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v zsh >/dev/null 2>&1 || need+=(zsh)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "note: ${need[*]} not found and apt-get is unavailable; tests that need them will be skipped" >&2
  exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "note: installing ${need[*]} needs root; tests that need them will be skipped" >&2
    exit 0
  fi
fi
echo "installing ${need[*]} for the test suite"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
