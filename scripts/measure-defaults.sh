#!/usr/bin/env bash
# Reproduces the README's "Choosing the defaults" figures (a few minutes on 2 cores).
# 1. Selection, on validation NDCG@10 only: `ranking tune` over learning rate x leaves x patience, with 5 folds over the
#    training queries of the LightGBM example, and on the marketplace sample's validation sessions (feed, search).
# 2. The former and the new defaults, trained with early stopping on validation and scored once on the test data,
#    also on a second draw of the marketplace (seed 11) that took no part in the selection.
# The LightGBM example is read from ../shared/data (research-use terms: never copied into the repository). Its
# validation set is every fifth query of rank.train (qid 5, 10, ...), the split the quality test uses.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${LAMBDARANK_DATA:-../shared/data/lightgbm-lambdarank}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet build src/Tools/Ranking.Cli -c Release -v q -nologo >/dev/null
ranking=src/Tools/Ranking.Cli/bin/Release/net10.0/ranking
awk -v train="$work/train.txt" -v valid="$work/valid.txt" \
  '{ split($2, q, ":"); print > (q[2] % 5 == 0 ? valid : train) }' "$data/rank.train.with_qid.txt"
echo '{"learningRate":[0.02,0.05,0.1],"leaves":[7,15,31],"earlyStopping":[20,100,200]}' > "$work/space.json"

svmlight=(--format svmlight --train "$work/train.txt" --valid "$work/valid.txt")
feed=(--format marketplace --data samples/marketplace --surface feed)
search=(--format marketplace --data samples/marketplace --surface search)
# A second draw of the marketplace, used only to check the chosen defaults, never for selection.
"$ranking" generate-sample --seed 11 --out "$work/marketplace-11" >/dev/null
feed11=(--format marketplace --data "$work/marketplace-11" --surface feed)
search11=(--format marketplace --data "$work/marketplace-11" --surface search)

echo "## selection: validation NDCG@10 per setting (learningRate leaves earlyStopping: ndcg@10 [bestIterations])"
for set in svmlight feed search; do
  declare -n inputs=$set
  folds=(); [ "$set" = svmlight ] && folds=(--folds 5)
  "$ranking" tune "${inputs[@]}" "${folds[@]}" --space "$work/space.json" --trees 3000 --threads 1 --out "$work/tuned-$set" --json 2>/dev/null |
    jq -r --arg set "$set" '"### \($set): best trial \(.best)", (.trials[] | "\(.setting.learningRate) \(.setting.leaves) \(.setting.earlyStopping): \(.["ndcg@10"] * 10000 | round / 10000) \(.bestIterations)")'
done

echo "## test NDCG@10 (best iteration / iterations run) of the former and the new defaults"
former=(--learning-rate 0.1 --leaves 31 --early-stopping 20 --trees 100)
for defaults in former new; do
  args=(); [ "$defaults" = former ] && args=("${former[@]}")
  "$ranking" train "${svmlight[@]}" "${args[@]}" --threads 1 --out "$work/$defaults-svmlight" --json > "$work/train.json"
  test=$("$ranking" evaluate --model "$work/$defaults-svmlight" --data "$data/rank.test" --json | jq '.["ndcg@10"] * 10000 | round / 10000')
  line="$defaults: rank.test $test ($(jq -r '"\(.bestIteration)/\(.iterationsRun)"' "$work/train.json"))"
  for set in feed search feed11 search11; do
    declare -n inputs=$set
    line+=", $set holdout $("$ranking" train "${inputs[@]}" "${args[@]}" --threads 1 --out "$work/$defaults-$set" --json |
      jq -r '"\(.holdout["ndcg@10"] * 10000 | round / 10000) (\(.bestIteration)/\(.iterationsRun))"')"
  done
  echo "$line"
done
