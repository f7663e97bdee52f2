#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine with Python 3.11:
# installs what it needs, lints, then runs pytest on SQLite and on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
install_if_changed test -e ".[test]"

with_postgres=0
if start_postgres; then with_postgres=1; fi
# Debian's headless Chromium and its driver, for the rich menu admin page test.
apt_install chromium chromium-driver fonts-dejavu-core || echo "note: no Chromium; the browser test will be skipped"
# Debian's nginx, run unprivileged by tests/deploy/test_nginx.py with docs/nginx-linebot.conf.
apt_install nginx || echo "note: no nginx; the reverse-proxy test will be skipped"
# Redis: the broker of the real Celery workers in the delivery tests, and the shared rate limiter.
if apt_install redis-server; then
  redis_port=6391
  if ! redis-cli -p "$redis_port" ping >/dev/null 2>&1; then
    redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes >/dev/null
  fi
  export LINEBOT_TEST_REDIS_URL="redis://127.0.0.1:$redis_port/0"
fi

.venv/bin/ruff check .
.venv/bin/ruff format --check . >/dev/null || echo "note: ruff format would reformat some files"

echo "== mypy (django-stubs) over the whole package"
.venv/bin/mypy django_linebot
# ---- SDK typing (issue 14; helper "sdktypes"): kept as its own block, beside the whole-package mypy run.
# mypy --strict over the framework-free SDK must find 0 errors; pyright's type completeness of the
# public SDK must stay at or above 95%. pyright's PyPI wrapper fetches its npm package (and node via
# nodeenv when the machine has none) on first use: without a network that step fails, and the check
# is skipped with a note instead of failing the run.
echo "== mypy --strict django_linebot/sdk"
.venv/bin/mypy --strict django_linebot/sdk
echo "== pyright --verifytypes django_linebot.sdk (type completeness >= 95%)"
verify=$(PYTHONPATH="$PWD" timeout 900 .venv/bin/pyright --pythonpath "$PWD/.venv/bin/python" \
  --verifytypes django_linebot.sdk --ignoreexternal 2>&1) || true
score=$(printf '%s\n' "$verify" | sed -n 's/^Type completeness score: \([0-9.]*\)%.*/\1/p')
if [ -z "$score" ]; then
  echo "note: pyright could not run (offline, or no node); the SDK's type completeness was not measured"
  printf '%s\n' "$verify" | tail -n 3
elif ! awk -v s="$score" 'BEGIN { exit !(s >= 95) }'; then
  printf '%s\n' "$verify" | grep -B1 -A2 "error:" | head -n 60
  echo "SDK type completeness $score% is below 95%" >&2
  exit 1
else
  echo "SDK type completeness: $score%"
fi
# ---- end of SDK typing

echo "== test suite on SQLite"
.venv/bin/python -m pytest -q -p no:cacheprovider
if [ "$with_postgres" = 1 ]; then
  echo "== test suite on PostgreSQL"
  DATABASE_URL="$LINEBOT_PG_URL" .venv/bin/python -m pytest -q -p no:cacheprovider
fi
