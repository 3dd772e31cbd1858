#!/usr/bin/env bash
# Trains the default models in samples/models from the sample's logs, the way production retrains from its own:
# generate-sample writes its sessions as impression and event logs (and the truth of each shown item), dataset build
# joins them into labelled rows, train --format logged learns from the logged values with position debiasing.
# Days 2026-10-04..27 train (oldest 80% of their impressions; the next 10% validate, the newest 10% are the
# package's holdout); the held-out days 2026-10-28..31 are then scored against the truth and the clicks, next to a
# popularity baseline and the oracle: the README's table. About a minute on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build src/Tools/Ranking.Cli -c Release -v q -nologo >/dev/null
ranking=src/Tools/Ranking.Cli/bin/Release/net10.0/ranking
# Byte-identical for the seed; the logs and truth are not committed (tens of MB), so this is what makes them.
"$ranking" generate-sample --out samples/marketplace --seed 7 >/dev/null
for surface in feed search; do
  "$ranking" dataset build --logs samples/marketplace/logs --surface "$surface" --to 2026-10-27 --out "$work/$surface-train.parquet" --json >/dev/null
  "$ranking" dataset build --logs samples/marketplace/logs --surface "$surface" --from 2026-10-28 --out "$work/$surface-held-out.parquet" --json >/dev/null
  rm -rf "samples/models/$surface-ltr/1"
  "$ranking" train --format logged --data "$work/$surface-train.parquet" --position-debias --out "samples/models/$surface-ltr/1" --json >/dev/null
  echo "## $surface: held-out days 2026-10-28..31"
  "$ranking" evaluate --format logged --model "samples/models/$surface-ltr/1" --data "$work/$surface-held-out.parquet" --truth samples/marketplace/truth
done
