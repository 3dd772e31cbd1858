#!/usr/bin/env bash
# Latency of `ranking serve` as a client sees it: starts serve on the embedded default (sample data and models) on a
# free port, sends REQUESTS rank requests of CANDIDATES candidates (users u_1..u_600 in turn, each with a different
# slice of the catalog), one at a time with curl, and prints the median and p99 of the client's wall time and of the
# server's own timingsMs.total. The first 50 requests warm the JIT and are not counted.
# Usage: scripts/measure-serve-latency.sh [REQUESTS=500] [CANDIDATES=100]
set -euo pipefail
cd "$(dirname "$0")/.."
requests=${1:-500}
candidates=${2:-100}
port=$((20000 + RANDOM % 20000))
work=$(mktemp -d)
dotnet build src/Tools/Ranking.Cli -c Release -v q -nologo >/dev/null
src/Tools/Ranking.Cli/bin/Release/net10.0/ranking serve --port "$port" --log-dir "$work/logs" --experiments "$work/experiments" >"$work/serve.out" 2>&1 &
serve=$!
trap 'kill $serve 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/v1/health" >/dev/null && break; sleep 0.2; done
for i in $(seq 1 $((requests + 50))); do
  first=$(( (i * 37) % 2900 + 1 ))
  items=$(seq "$first" $((first + candidates - 1)) | sed 's/.*/{"itemId":"i_&"}/' | paste -sd, -)
  body="{\"surface\":\"feed\",\"userId\":\"u_$(( i % 600 + 1 ))\",\"candidates\":[$items]}"
  curl -s -o "$work/response.json" -w '%{time_total}\n' -H 'content-type: application/json' -d "$body" "http://127.0.0.1:$port/v1/rank" >>"$work/client.txt"
  grep -o '"total":[0-9.]*' "$work/response.json" | cut -d: -f2 >>"$work/server.txt"
done
summary() { tail -n +51 "$1" | sort -g | awk -v scale="$2" '{ v[NR] = $1 * scale } END { printf "median %.2f ms, p99 %.2f ms over %d requests\n", v[int((NR + 1) / 2)], v[int(NR * 0.99 + 0.5)], NR }'; }
echo "client (curl, loopback, $candidates candidates): $(summary "$work/client.txt" 1000)"
echo "server (timingsMs.total):                $(summary "$work/server.txt" 1)"
