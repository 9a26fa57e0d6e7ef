#!/usr/bin/env bash
# The servers the tests use on this kind of machine (PostgreSQL, Redis, RabbitMQ):
#   test-servers.sh start            start any that is not running (.ci/run)
#   test-servers.sh restart NAME     restart one (postgres, redis, rabbitmq): the fault tests
# Redis keeps nothing on disk here, so a restart loses every message it held.
set -euo pipefail

pg_version() { ls /etc/postgresql | sort -V | tail -n 1; }

start_postgres() {
  pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null && return 0
  pg_ctlcluster --skip-systemctl-redirect "$(pg_version)" main start || true
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null && return 0; sleep 1; done
}

start_redis() {
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0; sleep 0.2; done
}

start_rabbitmq() {
  rabbitmq-diagnostics -q ping >/dev/null 2>&1 && return 0
  rabbitmq-server -detached || true
  for _ in $(seq 1 60); do rabbitmq-diagnostics -q ping >/dev/null 2>&1 && return 0; sleep 1; done
}

case "${1:-start}" in
  start)
    start_postgres; start_redis; start_rabbitmq ;;
  restart)
    case "${2:?name a server: postgres, redis or rabbitmq}" in
      postgres) pg_ctlcluster --skip-systemctl-redirect "$(pg_version)" main restart; start_postgres ;;
      redis) redis-cli -h 127.0.0.1 -p 6379 shutdown nosave >/dev/null 2>&1 || true
             for _ in $(seq 1 50); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || break; sleep 0.1; done
             start_redis ;;
      rabbitmq) rabbitmqctl -q stop_app && rabbitmqctl -q start_app
                rabbitmqctl -q await_startup ;;
      *) echo "unknown server: $2" >&2; exit 2 ;;
    esac ;;
  *) echo "usage: $0 start | restart postgres|redis|rabbitmq" >&2; exit 2 ;;
esac
