#!/usr/bin/env bash
# System packages the project's own tests need beyond Node: Debian's Chromium, which the browser tests
# (test/e2e/web) drive through playwright-core, and poppler-utils (pdftoppm, pdftotext), with which the
# certificate tests render the PDFs the service writes to images and read their text back.
# Idempotent: installs only what is missing.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)

if [ ${#missing[@]} -eq 0 ]; then
  echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo present)"
  echo "poppler-utils: $(pdftoppm -v 2>&1 | head -1)"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "install-system-deps: ${missing[*]} missing and this user cannot install packages (run as root: apt-get install ${missing[*]})" >&2
    exit 1
  fi
fi

echo "installing Debian's ${missing[*]} for the browser and certificate tests…"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "chromium: $(/usr/bin/chromium --version)"
echo "poppler-utils: $(pdftoppm -v 2>&1 | head -1)"
