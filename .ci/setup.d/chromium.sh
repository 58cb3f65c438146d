#!/usr/bin/env bash
# The browser test of the HTML report (tests/publish/browser.rs): Debian's chromium, CJK fonts
# for the screenshots, node, and playwright-core (driving that chromium; no browser download).
set -euo pipefail
cd "$(dirname "$0")/../.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ ! -d tests/publish/browser/node_modules/playwright-core ]; then
  # playwright-core alone: it downloads no browser.
  npm install --prefix tests/publish/browser --no-audit --no-fund --silent >/dev/null
fi
