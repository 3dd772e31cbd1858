#!/usr/bin/env bash
# Load for a running `ranking serve`, to watch its dashboard move: WORKERS curl loops for SECONDS, each sending rank
# requests for both surfaces (users u_1..u_600, 20-60 candidates from a moving slice of the catalog; every 5th
# explained, every 7th with an exclusion and a pin; a third of them followed by a click on their top item), every
# 10th a feedback event on a random item, and every 25th a malformed body (a 400, counted under its code). Prints how
# many answers of each status it got.
# Usage: scripts/load.sh [URL=http://127.0.0.1:8080] [SECONDS=10] [WORKERS=2]
set -euo pipefail
url=${1:-http://127.0.0.1:8080}
seconds=${2:-10}
workers=${3:-2}
url=${url%/}
curl -sf "$url/v1/health" >/dev/null || { echo "load.sh: no ranking serve answers at $url" >&2; exit 2; }

worker() {
  local w=$1 n=0 end=$((SECONDS + seconds))
  while ((SECONDS < end)); do
    n=$((n + 1))
    local i=$((w * 100003 + n)) path=/v1/rank body
    if ((n % 25 == 0)); then
      body='{"surface":"feed","candidates":'
    elif ((n % 10 == 0)); then
      path=/v1/events
      body="{\"events\":[{\"type\":\"click\",\"itemId\":\"i_$((i % 3000 + 1))\",\"userId\":\"u_$((i % 600 + 1))\",\"time\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"}]}"
    else
      local surface=feed count=$((20 + i % 41)) first=$(((i * 37) % 2900 + 1)) extra=""
      ((n % 2 == 0)) && surface=search
      local items
      items=$(seq "$first" $((first + count - 1)) | sed 's/.*/{"itemId":"i_&"}/' | paste -sd, -)
      ((n % 5 == 1)) && extra=',"explain":true'
      ((n % 7 == 0)) && extra="$extra,\"exclude\":[\"i_$first\"],\"pins\":[{\"itemId\":\"i_$((first + 1))\",\"position\":1}]"
      [[ $surface == search ]] && extra="$extra,\"query\":\"nike\""
      body="{\"surface\":\"$surface\",\"userId\":\"u_$((i % 600 + 1))\",\"candidates\":[$items]$extra}"
    fi
    if ((n % 3 == 1 && n % 25 != 0)) && [[ $path == /v1/rank ]]; then
      # A third of the rankings get a click on their top item, attributed to the ranking by its requestId.
      local answer
      answer=$(curl -s -w '\n%{http_code}' -H 'content-type: application/json' --data "$body" "$url$path" || echo 000)
      echo "${answer##*$'\n'}"
      local request item
      request=$(grep -o '"requestId":"[^"]*"' <<<"$answer" | head -1 | cut -d'"' -f4)
      item=$(grep -o '"itemId":"[^"]*"' <<<"$answer" | head -1 | cut -d'"' -f4)
      if [[ -n $request && -n $item ]]; then
        curl -s -o /dev/null -w '%{http_code}\n' -H 'content-type: application/json' \
          --data "{\"events\":[{\"type\":\"click\",\"impressionId\":\"$request\",\"itemId\":\"$item\",\"userId\":\"u_$((i % 600 + 1))\",\"time\":\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"}]}" "$url/v1/events" || echo 000
      fi
      continue
    fi
    curl -s -o /dev/null -w '%{http_code}\n' -H 'content-type: application/json' --data "$body" "$url$path" || echo 000
  done
}

for w in $(seq 1 "$workers"); do worker "$w" & done | sort | uniq -c | awk '{ printf "%s answers %s\n", $1, $2 }'
