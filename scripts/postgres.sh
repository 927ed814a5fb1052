#!/usr/bin/env bash
# A throw-away PostgreSQL server (Debian package `postgresql`) for the production-topology suite:
#   scripts/postgres.sh install                       install the Debian package when missing
#   scripts/postgres.sh init  DIR USER PASSWORD DB    create a cluster in DIR (outside the checkout)
#                                                     with USER/PASSWORD owning database DB
#   scripts/postgres.sh start DIR PORT                start it on 127.0.0.1:PORT, wait until it accepts
#   scripts/postgres.sh stop  DIR                     fast shutdown (the data stays for a restart)
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user.
set -euo pipefail

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$d" ] || { echo "postgres.sh: no /usr/lib/postgresql/*/bin; run: $0 install" >&2; exit 1; }
  echo "$d"
}

as_db_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  install)
    if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
      if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    fi
    bindir
    ;;
  init)
    dir=$2 user=$3 password=$4 db=$5
    bin=$(bindir)
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    pwfile=$(mktemp)
    printf '%s\n' "$password" >"$pwfile"
    [ "$(id -u)" = 0 ] && chown postgres "$pwfile"
    as_db_user "$bin/initdb" -D "$dir/data" -U "$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >"$dir/initdb.log"
    rm -f "$pwfile"
    # The database is created at the first start (see start): initdb only makes the cluster.
    echo "$user $db" >"$dir/database"
    ;;
  start)
    dir=$2 port=$3
    bin=$(bindir)
    as_db_user "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir" start >/dev/null
    if [ -f "$dir/database" ]; then
      read -r user db <"$dir/database"
      # Local (socket) connections are trusted; TCP on 127.0.0.1 needs the password, as through the proxy.
      as_db_user "$bin/psql" -h "$dir" -p "$port" -U "$user" -d postgres -q -c "CREATE DATABASE $db"
      rm -f "$dir/database"
    fi
    ;;
  stop)
    dir=$2
    as_db_user "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  *)
    echo "usage: $0 install | init DIR USER PASSWORD DB | start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
