#!/usr/bin/env sh
# Starts this policy pack the way the Pulumi CLI's pulumi-analyzer-policy launcher does:
#   node <node_modules>/@pulumi/pulumi/cmd/run-policy-pack <engine address> <pack dir>
# For tooling (or an older Node language host) that cannot run `--policy-pack <dir>` itself.
# Usage: run-pack.sh <engine address>. It prints the port of the pack's gRPC server and serves until killed.
set -eu
pack_dir=$(cd "$(dirname "$0")" && pwd)
# PolicyPack reads the version from package.json in the working directory: it must be the pack's.
cd "$pack_dir"
# The pack is an npm workspace of the root package, so its dependencies are installed in the root's
# node_modules; a node_modules of its own, if ever installed, comes first.
for modules in "$pack_dir/node_modules" "$pack_dir/../node_modules"; do
    if [ -f "$modules/@pulumi/pulumi/cmd/run-policy-pack/index.js" ]; then
        exec node "$modules/@pulumi/pulumi/cmd/run-policy-pack" "${1:?usage: run-pack.sh <engine address>}" "$pack_dir"
    fi
done
echo "run-pack.sh: @pulumi/pulumi is not installed; run npm ci in $(cd "$pack_dir/.." && pwd)" >&2
exit 1
