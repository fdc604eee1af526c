#!/usr/bin/env bash
# Start a throwaway PostgreSQL server on loopback for the test suite and print its URL.
# initdb refuses to run as root, so the server runs as an unprivileged user.
# Usage: eval "$(bash .ci/pg.sh start)"   -> exports SGTUI_TEST_PG_URL
#        bash .ci/pg.sh stop
set -euo pipefail
PORT="${SGTUI_PG_PORT:-54329}"
DIR="${SGTUI_PG_DIR:-/tmp/sgtui-pg-$PORT}"
PGBIN="$(dirname "$(command -v pg_ctl || ls /usr/lib/postgresql/*/bin/pg_ctl | tail -n1)")"
run_as() {
  if [ "$(id -u)" = "0" ]; then
    id -u sgtuipg >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin sgtuipg
    chown -R sgtuipg "$DIR"
    su -s /bin/sh sgtuipg -c "$*"
  else
    sh -c "$*"
  fi
}
case "${1:-start}" in
  start)
    if [ ! -f "$DIR/data/PG_VERSION" ]; then
      rm -rf "$DIR"; mkdir -p "$DIR"
      run_as "'$PGBIN/initdb' -D '$DIR/data' -U sgtui --auth=trust -E UTF8 --locale=C.UTF-8 >'$DIR/initdb.log' 2>&1" \
        || { cat "$DIR/initdb.log" >&2; exit 1; }
    fi
    if ! run_as "'$PGBIN/pg_ctl' -D '$DIR/data' status >/dev/null 2>&1"; then
      run_as "'$PGBIN/pg_ctl' -D '$DIR/data' -l '$DIR/server.log' -w -t 60 \
        -o \"-c listen_addresses=127.0.0.1 -p $PORT -k '$DIR' -c fsync=off -c max_connections=200\" start >/dev/null" \
        || { cat "$DIR/server.log" >&2; exit 1; }
    fi
    echo "export SGTUI_TEST_PG_URL=postgresql+psycopg://sgtui@127.0.0.1:$PORT/postgres"
    ;;
  stop)
    [ -d "$DIR/data" ] && run_as "'$PGBIN/pg_ctl' -D '$DIR/data' -m fast stop >/dev/null" || true
    ;;
esac
