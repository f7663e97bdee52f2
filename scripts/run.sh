#!/usr/bin/env bash
# Runs the example bot on http://127.0.0.1:8000 (SQLite, in-process Celery).
# With no LINE_CHANNEL_ACCESS_TOKEN set, it talks to the fake LINE platform started here on 127.0.0.1:8765.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/setup.sh
# The project and what the example uses (the REST API, and Redis when CELERY_BROKER_URL is a redis://
# URL), nothing of the test toolchain; pip runs only when they changed.
install_if_changed example -e ".[api,redis]"

.venv/bin/python manage.py migrate --noinput >/dev/null
if [ -z "${LINE_CHANNEL_ACCESS_TOKEN:-}" ]; then
  .venv/bin/python manage.py linebot_fake_platform --port 8765 &
  fake_pid=$!
  trap 'kill $fake_pid 2>/dev/null || true' EXIT
fi
cat <<'TXT'
The bot: webhook http://127.0.0.1:8000/line/webhook/, admin http://127.0.0.1:8000/admin/, API /api/line/.
Chat with it from a second terminal:   .venv/bin/python manage.py linebot_simulate
An admin login:                        .venv/bin/python manage.py createsuperuser
A demo rich menu on the fake LINE:     .venv/bin/python manage.py bot_richmenu_demo
TXT
.venv/bin/python manage.py runserver 127.0.0.1:8000
