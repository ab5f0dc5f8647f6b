#!/usr/bin/env bash
# Set up (Python test dependencies, and Debian's chromium and poppler-utils for the browser
# and print tests), then run the whole test suite. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/pdftotext ]; then
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    echo "Chromium en poppler-utils (Debian) installeren voor de browser- en printtest..."
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium poppler-utils >/dev/null
fi
exec .venv/bin/python -m pytest "$@"
