#!/usr/bin/env bash
# Publishes the three Lambda functions as native-AOT bootstraps (linux-x64, provided.al2023) to
# artifacts/functions/<Project>/ and zips each to artifacts/functions/<Project>.zip for `cdk deploy`.
# With --trees-only, Rank and FeedRerank are published without ONNX Runtime's library (-p:RankingTreesOnly=true)
# as <Project>.trees-only.zip, for deployments that serve tree ensembles only (synth with -c treesOnly=true);
# ModelRefresh keeps ONNX Runtime either way: it is the validator that compares the native scorer with it.
# Trim and AOT warnings are errors (src/Functions/Directory.Build.props): a failing publish ships nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

trees_only=false
case "${1:-}" in
  "") ;;
  --trees-only) trees_only=true ;;
  *) echo "usage: $0 [--trees-only]" >&2; exit 2 ;;
esac

out=artifacts/functions
mkdir -p "$out"
for project in Ranking.Functions.Rank Ranking.Functions.FeedRerank Ranking.Functions.ModelRefresh; do
  name=$project
  properties=()
  if [ "$trees_only" = true ] && [ "$project" != Ranking.Functions.ModelRefresh ]; then
    name=$project.trees-only
    properties=(-p:RankingTreesOnly=true)
  fi
  dir="$out/$name"
  rm -rf "$dir" "$out/$name.zip"
  dotnet publish "src/Functions/$project/$project.csproj" -c Release -o "$dir" --nologo -v quiet "${properties[@]}"
  # Only what runs on Lambda: the bootstrap and ONNX Runtime's Linux library (no .dbg, .pdb or Windows DLLs).
  find "$dir" -type f ! -name bootstrap ! -name 'libonnxruntime.so*' -delete
  find "$dir" -mindepth 1 -type d -empty -delete
  # Lambda runs the bootstrap from the zip root; -X keeps the zip reproducible-ish (no extra attributes).
  (cd "$dir" && zip -q -X -r "../$name.zip" .)
  printf '%-43s bootstrap %6s KiB, zip %6s KiB\n' "$name" \
    "$(( $(stat -c %s "$dir/bootstrap") / 1024 ))" "$(( $(stat -c %s "$out/$name.zip") / 1024 ))"
done
