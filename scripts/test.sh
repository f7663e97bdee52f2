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

echo "== test suite on SQLite"
.venv/bin/python -m pytest -q -p no:cacheprovider
if [ "$with_postgres" = 1 ]; then
  echo "== test suite on PostgreSQL"
  DATABASE_URL="$LINEBOT_PG_URL" .venv/bin/python -m pytest -q -p no:cacheprovider
fi
