#!/usr/bin/env bash
# Set up, then render the whole HTML bundle (all 35 regions, all themes) on the built-in
# demonstration data into outputs/regiobeeld/. Extra arguments go to `regiobeeld render`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/regiobeeld render --alle "$@"
