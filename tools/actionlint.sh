#!/usr/bin/env bash
# Lints the GitHub Actions workflows with actionlint, built from the Go module proxy on the first run.
#
#   tools/actionlint.sh [actionlint flags...]     lint .github/workflows/*.yml
#
# The binary is kept in $MILVUS_TOOLS_CACHE/actionlint-<version>/ (default ~/.cache/milvus-cluster-tools), so
# only the first run builds it; a version bump builds a new one. Nothing is downloaded from release pages.
# actionlint runs shellcheck on the `run:` scripts when shellcheck is on PATH, and skips that check otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."

ACTIONLINT_VERSION=v1.7.12
CACHE=${MILVUS_TOOLS_CACHE:-$HOME/.cache/milvus-cluster-tools}
dir=$CACHE/actionlint-$ACTIONLINT_VERSION

if [[ ! -x $dir/actionlint ]]; then
  command -v go >/dev/null || { echo "actionlint.sh: Go is required to build actionlint (see README.md, CI)" >&2; exit 1; }
  echo "actionlint $ACTIONLINT_VERSION: building from Go modules (first run only)" >&2
  mkdir -p "$dir"
  # GOBIN makes `go install` put the binary straight into the versioned folder; it is moved in place only
  # once the build has succeeded, so an interrupted build leaves nothing half-made behind.
  GOTOOLCHAIN=local GOFLAGS=-mod=mod GOBIN="$dir/.partial" \
    go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
  mv "$dir/.partial/actionlint" "$dir/actionlint"
  rmdir "$dir/.partial"
fi

echo "== $("$dir/actionlint" -version | head -1) (actionlint), shellcheck: $(command -v shellcheck || echo 'not installed, skipped')"
exec "$dir/actionlint" "$@"
