#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine with Python 3.11:
# installs what it needs, lints, then runs pytest on SQLite and on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh

with_postgres=0
if start_postgres; then with_postgres=1; fi
# Debian's headless Chromium and its driver, for the rich menu admin page test.
apt_install chromium chromium-driver fonts-dejavu-core || echo "note: no Chromium; the browser test will be skipped"

.venv/bin/ruff check .
.venv/bin/ruff format --check . >/dev/null || echo "note: ruff format would reformat some files"

echo "== test suite on SQLite"
.venv/bin/python -m pytest -q -p no:cacheprovider
if [ "$with_postgres" = 1 ]; then
  echo "== test suite on PostgreSQL"
  DATABASE_URL="$LINEBOT_PG_URL" .venv/bin/python -m pytest -q -p no:cacheprovider
fi
