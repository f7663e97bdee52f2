# Sourced by scripts/test.sh and scripts/run.sh: a virtualenv in .venv with the
# project installed, and helpers that install and start services on Debian.
PYTHON="${PYTHON:-python3}"
SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then SUDO=sudo; fi

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || { echo "apt-get not found: install ${missing[*]} yourself" >&2; return 1; }
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
}

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv || { apt_install python3-venv && "$PYTHON" -m venv .venv; }
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
# The extras to install: LINEBOT_EXTRAS (default "test", which pulls in "api" and "redis").
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[${LINEBOT_EXTRAS:-test}]"

LINEBOT_PG_URL="postgres://linebot:linebot@127.0.0.1:5432/linebot"

start_postgres() {
  # PostgreSQL from Debian's packages, started as a cluster, with a role that may create test databases.
  apt_install postgresql || return 1
  local ver
  ver=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
  if ! pg_lsclusters -h 2>/dev/null | grep -q "^$ver *main"; then
    $SUDO pg_createcluster "$ver" main >/dev/null
  fi
  $SUDO pg_ctlcluster "$ver" main start 2>/dev/null || true
  for _ in $(seq 1 30); do
    $SUDO runuser -u postgres -- psql -qAtc "select 1" >/dev/null 2>&1 && break
    sleep 1
  done
  $SUDO runuser -u postgres -- psql -qAtc \
    "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname='linebot') THEN CREATE ROLE linebot LOGIN PASSWORD 'linebot' CREATEDB; END IF; END\$\$;" >/dev/null
  $SUDO runuser -u postgres -- psql -qAtc "SELECT 1 FROM pg_database WHERE datname='linebot'" | grep -q 1 \
    || $SUDO runuser -u postgres -- createdb -O linebot linebot
}
