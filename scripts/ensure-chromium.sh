#!/bin/sh
# The traffic inspector's browser test (test/inspector/inspector.browser.test.ts) drives Debian's
# chromium through playwright-core, which downloads no browser of its own. `npm test` runs this
# first: it installs chromium with apt-get when it is missing and we may (root, apt present), and
# otherwise says what to do. It never fails the run: the browser test fails on its own, clearly.
set -eu
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: installing Debian's chromium for the inspector's browser test"
  if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; then
    exit 0
  fi
  echo "ensure-chromium: apt-get could not install chromium; the inspector's browser test will fail" >&2
  exit 0
fi
echo "ensure-chromium: no chromium at $CHROMIUM; install Debian's (apt-get install chromium, as root) or set CHROMIUM_PATH, or the inspector's browser test will fail" >&2
exit 0
