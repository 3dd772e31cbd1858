#!/usr/bin/env bash
# Publishes the Lambda functions (linux-x64, provided.al2023) to artifacts/functions/<Project>/ and zips each to
# artifacts/functions/<Project>.zip for `cdk deploy`. Rank, FeedRerank and ModelRefresh are native-AOT bootstraps; Train is a
# self-contained JIT bootstrap (its csproj says why) with the .NET runtime and the native libraries it trains with.
# With --trees-only, Rank and FeedRerank are published without ONNX Runtime's library (-p:RankingTreesOnly=true)
# as <Project>.trees-only.zip, for deployments that serve tree ensembles only (synth with -c treesOnly=true);
# ModelRefresh keeps ONNX Runtime either way: it is the validator that compares the native scorer with it; so does Train.
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
for project in Ranking.Functions.Rank Ranking.Functions.FeedRerank Ranking.Functions.ModelRefresh Ranking.Functions.FeedBackfill Ranking.Functions.Train; do
  name=$project
  properties=()
  if [ "$trees_only" = true ] && { [ "$project" = Ranking.Functions.Rank ] || [ "$project" = Ranking.Functions.FeedRerank ]; }; then
    name=$project.trees-only
    properties=(-p:RankingTreesOnly=true)
  fi
  dir="$out/$name"
  rm -rf "$dir" "$out/$name.zip"
  dotnet publish "src/Functions/$project/$project.csproj" -c Release -o "$dir" --nologo -v quiet "${properties[@]}"
  if [ "$project" = Ranking.Functions.Train ]; then
    # The runtime and assemblies stay (JIT); debugging aids and the crash dumper do not run on Lambda.
    find "$dir" -type f \( -name '*.pdb' -o -name '*.dbg' -o -name createdump -o -name 'libmscordaccore.so' -o -name 'libmscordbi.so' -o -name '*.dll' -path '*/runtimes/win*' \) -delete
    # LightGBM's library needs OpenMP's runtime, which provided.al2023 lacks; Lambda's library path includes the zip root.
    # Debian 12's libgomp needs glibc 2.34, the version provided.al2023 has.
    # awk reads to the end: an early exit would leave ldconfig writing into a closed pipe (SIGPIPE, 141 under pipefail).
    gomp=$(ldconfig -p | awk '/libgomp\.so\.1 .*x86-64/ && !found { print $NF; found = 1 }')
    [ -n "$gomp" ] || { echo "libgomp.so.1 not found: install libgomp1" >&2; exit 1; }
    cp -L "$gomp" "$dir/libgomp.so.1"
  else
    # Only what runs on Lambda: the bootstrap and ONNX Runtime's Linux library (no .dbg, .pdb or Windows DLLs).
    find "$dir" -type f ! -name bootstrap ! -name 'libonnxruntime.so*' -delete
  fi
  find "$dir" -mindepth 1 -type d -empty -delete
  # Lambda runs the bootstrap from the zip root; -X keeps the zip reproducible-ish (no extra attributes).
  (cd "$dir" && zip -q -X -r "../$name.zip" .)
  printf '%-43s bootstrap %6s KiB, zip %6s KiB\n' "$name" \
    "$(( $(stat -c %s "$dir/bootstrap") / 1024 ))" "$(( $(stat -c %s "$out/$name.zip") / 1024 ))"
done
