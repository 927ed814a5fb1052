#!/usr/bin/env bash
# Runs the README's main command (`npm start`) the way a new user would, on a free port, then
# pastes the curl it prints, checks the answer and stops the server. Used by .ci/run so the README's
# first command is proven on every clean clone.
set -euo pipefail
cd "$(dirname "$0")/.."

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PORT="$(free_port)"
# The admin listener (metrics and probes) too, so nothing assumes its default port is free on this machine.
ADMIN_PORT="$(free_port)"
export PORT ADMIN_PORT
out="$(mktemp -d)"
trap 'kill -TERM -- -"$pid" 2>/dev/null || true; rm -rf "$out"' EXIT

setsid npm start >"$out/stdout" 2>"$out/stderr" &
pid=$!

for _ in $(seq 1 120); do
  if grep -q "^curl -s" "$out/stderr" && curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "smoke: npm start exited early:" >&2; cat "$out/stderr" >&2; exit 1
  fi
  sleep 1
done
curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null || { echo "smoke: server never became ready" >&2; cat "$out/stderr" >&2; exit 1; }

# The printed curl spans several lines joined by backslashes: run it as printed.
command="$(sed -n '/^curl -s/,/^  -d /p' "$out/stderr")"
answer="$(bash -c "$command")"
echo "smoke: answer: ${answer:0:300}..."
echo "$answer" | node -e '
  const body = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const r = body.predictions;
  if (!Array.isArray(r) || r.length !== 2) throw new Error("expected 2 results, got " + JSON.stringify(body).slice(0, 200));
  for (const item of r) for (const key of ["prediction", "probability", "label", "text_length", "timestamp", "scores"])
    if (!(key in item)) throw new Error("missing " + key + " in " + JSON.stringify(item).slice(0, 200));
  if (r[0].label !== "non_toxic" || r[1].label !== "toxic") throw new Error("unexpected labels " + r.map((x) => x.label));
  console.log("smoke: ok:", r.map((x) => x.label + " " + x.probability.toFixed(3)).join(", "));
'
kill -TERM -- -"$pid"
wait "$pid" || true
