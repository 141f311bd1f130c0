#!/usr/bin/env bash
# Install the Debian packages the app (or, with `dev`, the tests) need, when they are missing:
# Tesseract with English and Spanish for OCR; Apertium with its English-Spanish pair for cross-language search;
# with `dev`, Chromium and DejaVu fonts for the browser and OCR tests, espeak-ng and sox to make speech for the speech tests.
# Usage: scripts/system_packages.sh [runtime|dev]. Needs root or sudo; skipped when all are present.
set -euo pipefail
packages=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-spa apertium apertium-en-es)
[ "${1:-runtime}" = "dev" ] && packages+=(chromium fonts-dejavu-core espeak-ng sox)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
$sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
