#!/usr/bin/env bash
# Create (or update) the project's virtual environment in .venv with Python 3.11.
# Usage: bash scripts/setup.sh [extra]   e.g. "test" installs the test dependencies too.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {
    for candidate in python3.11 python3 python; do
        if command -v "$candidate" >/dev/null 2>&1 &&
           "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
            command -v "$candidate"; return 0
        fi
    done
    echo "regiobeeld heeft Python 3.11 nodig; niet gevonden als python3.11 of python3." >&2
    return 1
}

extra="${1:-}"
stamp=".venv/.regiobeeld-installed${extra:+-$extra}"
if [ ! -x .venv/bin/python ]; then
    "$(find_python)" -m venv .venv
fi
# Reinstall only when pyproject.toml changed since the last install (fast re-runs).
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".${extra:+[$extra]}"
    touch "$stamp"
fi
