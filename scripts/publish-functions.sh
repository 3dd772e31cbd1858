#!/usr/bin/env bash
# Publishes the three Lambda functions as native-AOT bootstraps (linux-x64, provided.al2023) to
# artifacts/functions/<Project>/ and zips each to artifacts/functions/<Project>.zip for `cdk deploy`.
# Trim and AOT warnings are errors (src/Functions/Directory.Build.props): a failing publish ships nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

out=artifacts/functions
mkdir -p "$out"
for project in Ranking.Functions.Rank Ranking.Functions.FeedRerank Ranking.Functions.ModelRefresh; do
  dir="$out/$project"
  rm -rf "$dir" "$out/$project.zip"
  dotnet publish "src/Functions/$project/$project.csproj" -c Release -o "$dir" --nologo -v quiet
  # Only what runs on Lambda: the bootstrap and ONNX Runtime's Linux library (no .dbg, .pdb or Windows DLLs).
  find "$dir" -type f ! -name bootstrap ! -name 'libonnxruntime.so*' -delete
  find "$dir" -mindepth 1 -type d -empty -delete
  # Lambda runs the bootstrap from the zip root; -X keeps the zip reproducible-ish (no extra attributes).
  (cd "$dir" && zip -q -X -r "../$project.zip" .)
  printf '%-32s bootstrap %6s KiB, zip %6s KiB\n' "$project" \
    "$(( $(stat -c %s "$dir/bootstrap") / 1024 ))" "$(( $(stat -c %s "$out/$project.zip") / 1024 ))"
done
