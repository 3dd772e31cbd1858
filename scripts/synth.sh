#!/usr/bin/env bash
# Synthesises the CDK app (cdk.json) from the repo root, quietly, into cdk.out/. Extra arguments go to `cdk synth`.
# CI does not publish the functions, so it runs: ./scripts/synth.sh -c bundles=placeholder
set -euo pipefail
cd "$(dirname "$0")/.."

# jsii's Node banners (Node 20 is past end-of-life; the variable names the major versions to keep quiet about).
export JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=18,20
# Synth needs no AWS credentials: never probe the EC2 metadata endpoint for some, never ask npm for a newer CLI.
export AWS_EC2_METADATA_DISABLED=true
export CDK_DISABLE_VERSION_CHECK=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if [ ! -x node_modules/.bin/cdk ]; then
  npm ci --no-audit --no-fund
fi

start=$(date +%s)
npx --no-install cdk synth --quiet "$@"
echo "cdk synth: $(ls cdk.out/*.template.json | xargs -n1 basename | tr '\n' ' ')in $(( $(date +%s) - start )) s"
