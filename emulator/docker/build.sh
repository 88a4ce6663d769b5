#!/usr/bin/env bash
# The build steps of emulator/Dockerfile's build stage, in one place so that CI runs exactly
# these on the host (test/docker/build-steps.test.ts) where Docker is not available.
# Usage: emulator/docker/build.sh <runtime-dir>, from a clean copy of the repository's root.
# Leaves in <runtime-dir> only what runs: package.json files, dist/, bin/, models and the
# production node_modules (better-sqlite3's native addon included).
set -euo pipefail
runtime_dir="${1:?usage: build.sh <runtime-dir>}"

# The README's install step, as .ci/run: not `npm ci`, which refuses this lock file (npm 11 leaves
# other platforms' optional packages, turbo's darwin and windows binaries, out of it); `npm
# install` keeps the locked versions of everything the lock file has.
npm install --no-audit --no-fund
npx turbo run build --output-logs=errors-only
npm prune --omit=dev --no-audit --no-fund
node emulator/docker/assemble-runtime.js "$runtime_dir"
