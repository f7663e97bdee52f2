#!/usr/bin/env bash
# Runs the example bot on http://127.0.0.1:8000 (SQLite, in-process Celery).
# With no LINE_CHANNEL_ACCESS_TOKEN set, it talks to the fake LINE platform started here on 127.0.0.1:8765.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh

.venv/bin/python manage.py migrate --noinput >/dev/null
if [ -z "${LINE_CHANNEL_ACCESS_TOKEN:-}" ]; then
  .venv/bin/python manage.py linebot_fake_platform --port 8765 &
  fake_pid=$!
  trap 'kill $fake_pid 2>/dev/null || true' EXIT
fi
echo "Webhook: http://127.0.0.1:8000/line/webhook/   Admin: http://127.0.0.1:8000/admin/ (python manage.py createsuperuser)"
.venv/bin/python manage.py runserver 127.0.0.1:8000
