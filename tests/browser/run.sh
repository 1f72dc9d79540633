#!/usr/bin/env bash
# Opens the HTML edition and the coverage heat map of a built edition in headless Chromium and
# checks them (see check_html.mjs): nothing is fetched, no script runs, every internal link lands.
#
#   tests/browser/run.sh DIST_DIR OUT_DIR
#
# DIST_DIR holds compendium.html and coverage.svg (from `compendium build --html`); OUT_DIR gets
# the screenshots and the printed PDF. Installs what it needs when it is missing: Debian's
# chromium (apt-get, as root) and playwright-core from npm into tests/browser/node/ (git-ignored),
# so the repository itself is left as it was.
set -euo pipefail

if [ "$#" -ne 2 ]; then
    echo "usage: $0 DIST_DIR OUT_DIR" >&2
    exit 2
fi
dist=$1
out=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
chromium=/usr/bin/chromium

for f in "$dist/compendium.html" "$dist/coverage.svg"; do
    if [ ! -f "$f" ]; then
        echo "run.sh: $f is missing; build the edition with \`compendium build --html --out $dist\` first" >&2
        exit 2
    fi
done

if [ ! -x "$chromium" ]; then
    echo "run.sh: $chromium is missing; installing Debian's chromium" >&2
    start=$SECONDS
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        chromium fonts-liberation fonts-dejavu-core
    echo "run.sh: chromium installed in $((SECONDS - start)) s" >&2
fi

if [ ! -f "$here/node/node_modules/playwright-core/package.json" ]; then
    echo "run.sh: installing playwright-core into $here/node" >&2
    start=$SECONDS
    mkdir -p "$here/node"
    npm install --no-save --no-audit --no-fund --prefix "$here/node" playwright-core@1
    echo "run.sh: playwright-core installed in $((SECONDS - start)) s" >&2
fi

mkdir -p "$out"
start=$SECONDS
node "$here/check_html.mjs" "$dist/compendium.html" "$dist/coverage.svg" "$out"
echo "run.sh: browser check passed in $((SECONDS - start)) s" >&2
