#!/usr/bin/env bash
# The local AWS: moto in server mode (infra/local-aws-server.py) on a free loopback port, installed into infra/.venv.
#   local-aws.sh install    create or update the virtual environment (only when requirements change)
#   local-aws.sh start      start the emulator, or reuse the running one; prints its endpoint
#   local-aws.sh endpoint   print the running emulator's endpoint; exit 1 if none runs
#   local-aws.sh stop       stop the emulator started by `start`
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
state_dir="$here/.local-aws"
state="$state_dir/state"
log="$state_dir/moto.log"

say() { echo "local-aws: $*" >&2; }

install() {
  local stamp="$venv/.requirements.sha256" wanted
  wanted="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]]; then
    return 0
  fi
  say "installing the emulator and linter into $venv (first run only)"
  [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt" >&2
  echo "$wanted" > "$stamp"
}

# Prints the endpoint of the recorded emulator if its process lives and it answers.
running_endpoint() {
  [[ -f "$state" ]] || return 1
  local pid port
  read -r pid port < "$state"
  kill -0 "$pid" 2>/dev/null || return 1
  curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/moto-api/" || return 1
  echo "http://127.0.0.1:$port"
}

free_port() {
  "$venv/bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  install
  mkdir -p "$state_dir"
  # One emulator even when two test JVMs start at once: the second waits, then reuses the first.
  exec 9>"$state_dir/lock"
  flock 9
  if running_endpoint; then
    return 0
  fi
  local port="${LOCAL_AWS_PORT:-$(free_port)}" pid
  # The server must not inherit the lock, or it would hold it for as long as it runs.
  setsid "$venv/bin/python" "$here/local-aws-server.py" -H 127.0.0.1 -p "$port" >"$log" 2>&1 </dev/null 9>&- &
  pid=$!
  echo "$pid $port" > "$state"
  for _ in $(seq 1 120); do
    if curl -fs -o /dev/null --max-time 1 "http://127.0.0.1:$port/moto-api/"; then
      say "emulator $pid listening on 127.0.0.1:$port (log: $log)"
      echo "http://127.0.0.1:$port"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      break
    fi
    sleep 0.5
  done
  say "the emulator did not start; last lines of $log:"
  tail -n 20 "$log" >&2 || true
  stop
  return 1
}

stop() {
  [[ -f "$state" ]] || return 0
  local pid port
  read -r pid port < "$state"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$state"
  say "emulator stopped"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  endpoint) running_endpoint ;;
  stop) stop ;;
  *) echo "usage: $0 install|start|endpoint|stop" >&2; exit 2 ;;
esac
