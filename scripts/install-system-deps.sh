#!/usr/bin/env bash
# System packages the project's own tests need beyond Node: Debian's Chromium, which the browser tests
# (test/e2e/web) drive through playwright-core. Idempotent: does nothing when /usr/bin/chromium is there.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-system-deps: /usr/bin/chromium is missing and this user cannot install packages (run as root: apt-get install chromium)" >&2
    exit 1
  fi
fi

echo "installing Debian's chromium package for the browser tests…"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium
echo "chromium: $(/usr/bin/chromium --version)"
