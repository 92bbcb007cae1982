#!/usr/bin/env bash
# Builds (or finds) every binary the e2e tier runs, from Go modules, into a cache outside the repo.
#
#   e2e/toolchain/build.sh            build what is missing, print the bin directory on the last line
#
# Each binary is built in its own throwaway wrapper module and kept in
#   $MILVUS_E2E_CACHE/<name>-<version>/<binary>     (default ~/.cache/milvus-cluster-e2e)
# so a version bump builds a new one and a warm run builds nothing. A binary already on PATH (a user with
# the Pulumi CLI installed, say) is used instead of building it. Nothing is downloaded from release pages:
# only the Go module proxy is used. Versions and the reasons for them are in README.md ("End-to-end tier").
set -euo pipefail

CACHE=${MILVUS_E2E_CACHE:-$HOME/.cache/milvus-cluster-e2e}
PATCHES=$(cd "$(dirname "$0")/patches" && pwd)   # changes applied to a module's source (see below)
BIN=$CACHE/bin                       # symlinks to the versioned binaries; the e2e tier puts this on PATH
mkdir -p "$CACHE" "$BIN"
export GOFLAGS=-mod=mod GOTOOLCHAIN=local
TIMINGS=$CACHE/build-timings.tsv     # name, version, download seconds, build seconds, when

PULUMI_VERSION=v3.274.1
LANGHOST_VERSION=v3.68.0             # the last sdk/v3 that carries nodejs/cmd/pulumi-language-nodejs
K8S_PROVIDER_COMMIT=v4.0.0-20260115033456-f47bc2d6f199   # newest served provider/v4 commit (= the 4.25.0 release)
# The provider's StatefulSet await of that commit trusts a status the controller has not yet updated
# (pulumi-kubernetes #3329); PR #4094, first released in 4.26.0, fixes it. The served commit is built with exactly
# that change applied (patches/, kept in the repo); package.json pins @pulumi/kubernetes to 4.26.0.
K8S_PROVIDER_PATCHES=(pulumi-kubernetes-pr4094-statefulset-observed-generation.patch)
K8S_PROVIDER_LABEL=4.26.0-equivalent-f47bc2d-pr4094   # cache directory; says what it is
K8S_PROVIDER_VERSION=4.26.0+f47bc2d.pr4094            # the version it reports (semver build metadata)
K8S_PROVIDER_SDK=v4.25.0             # stands in for upstream's `replace sdk/v4 => ../sdk` (the commit's own sdk)
KUBERNETES_VERSION=v1.35.4
ETCD_VERSION=v3.6.16
KWOK_VERSION=v0.8.0

log() { printf '[toolchain %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

# link NAME BINARY: expose BINARY on the tier's PATH as NAME
link() { ln -sfn "$2" "$BIN/$1"; }

# on_path NAME: an installed binary of that name outside our cache, if any
on_path() {
  local found
  found=$(PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -vxF "$BIN" | paste -sd:) command -v "$1" 2>/dev/null) || return 1
  printf '%s\n' "$found"
}

# wrapper DIR MODULE: a fresh throwaway module in DIR
wrapper() {
  rm -rf "$1"; mkdir -p "$1"
  (cd "$1" && go mod init "$2" >/dev/null 2>&1)
}

# timed LABEL LOGFILE CMD...: run CMD quietly into LOGFILE, echo elapsed seconds; show the log tail on failure
timed() {
  local label=$1 logfile=$2; shift 2
  local t0=$SECONDS
  if ! "$@" >"$logfile" 2>&1; then
    log "$label failed; last lines of $logfile:"; tail -20 "$logfile" >&2; exit 1
  fi
  echo $((SECONDS - t0))
}

record() { printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "$(date -u +%FT%TZ)" >>"$TIMINGS"; log "$1 $2: download ${3}s, build ${4}s"; }

# go_tool NAME VERSION MODULE@VER MAIN_PACKAGE LDFLAGS [REPLACE...]: the common case, one main package
go_tool() {
  local name=$1 version=$2 modver=$3 pkg=$4 ldflags=$5; shift 5
  local dir=$CACHE/$name-$version
  if [[ -x $dir/$name ]]; then link "$name" "$dir/$name"; return; fi
  if found=$(on_path "$name"); then log "$name: using $found from PATH"; link "$name" "$found"; return; fi
  log "$name $version: building (first run only)"
  local work=$CACHE/build/$name-$version
  wrapper "$work" "milvus-cluster-e2e/$name"
  local r; for r in "$@"; do (cd "$work" && go mod edit -replace="$r"); done
  local dl bt
  dl=$(cd "$work" && timed "$name download" "$work/get.log" go get -tool "$modver")
  bt=$(cd "$work" && timed "$name build" "$work/build.log" go build -trimpath -ldflags "$ldflags" -o "$work/$name" "$pkg")
  mkdir -p "$dir"; mv "$work/$name" "$dir/$name"; rm -rf "$work"
  record "$name" "$version" "$dl" "$bt"
  link "$name" "$dir/$name"
}

build_pulumi() {
  go_tool pulumi "$PULUMI_VERSION" "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@$PULUMI_VERSION" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi \
    "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
    "github.com/pulumi/pulumi/sdk/v3=github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION" \
    "github.com/atotto/clipboard=github.com/tgummerer/clipboard@v0.0.0-20241001131231-d02d263e614e"
}

build_language_host() {
  go_tool pulumi-language-nodejs "$LANGHOST_VERSION" \
    "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs@$LANGHOST_VERSION" \
    github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs \
    "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$LANGHOST_VERSION" \
    "golang.org/x/text=golang.org/x/text@v0.3.6"
}

build_etcd() {
  go_tool etcd "$ETCD_VERSION" "go.etcd.io/etcd/server/v3@$ETCD_VERSION" go.etcd.io/etcd/server/v3 "-s -w"
}

build_kwok() {
  go_tool kwok "$KWOK_VERSION" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION" sigs.k8s.io/kwok/cmd/kwok "-s -w"
  # kwok refuses to run without stages; keep the defaults kwokctl uses, from the same module.
  local stages=$CACHE/kwok-$KWOK_VERSION/stages.yaml
  if [[ ! -s $stages ]]; then
    local moddir; moddir=$(go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
    local f
    for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
             pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
      printf -- '---\n'; cat "$moddir/kustomize/stage/$f"
    done >"$stages.tmp"
    mv "$stages.tmp" "$stages"
  fi
  ln -sfn "$stages" "$BIN/kwok-stages.yaml"
}

# kubernetes_cmds LABEL NAME...: build k8s.io/kubernetes/cmd/NAME for each NAME in one wrapper module, kept in
# $CACHE/LABEL-<version>. k8s.io/kubernetes replaces its staging modules with ./staging paths, which a
# dependent module must point at the published k8s.io/<name> v0.<minor>.<patch> instead.
kubernetes_cmds() {
  local label=$1; shift
  local dir=$CACHE/$label-$KUBERNETES_VERSION names=("$@") n
  local all=1; for n in "${names[@]}"; do [[ -x $dir/$n ]] || all=0; done
  if ((all)); then for n in "${names[@]}"; do link "$n" "$dir/$n"; done; return; fi
  log "$label $KUBERNETES_VERSION (${names[*]}): building (first run only)"
  local work=$CACHE/build/$label-$KUBERNETES_VERSION
  wrapper "$work" "milvus-cluster-e2e/$label"
  local t0=$SECONDS
  go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" >"$work/download.json"
  local gomod; gomod=$(sed -n 's/^\t"GoMod": "\(.*\)",$/\1/p' "$work/download.json")
  local staged=${KUBERNETES_VERSION#v1.}; staged=v0.$staged
  local mod
  for mod in $(sed -n 's#^[[:space:]]*\(k8s\.io/[^ ]*\) => \./staging/.*#\1#p' "$gomod"); do
    (cd "$work" && go mod edit -replace="$mod=$mod@$staged")
  done
  local dl bt
  local tools=(); for n in "${names[@]}"; do tools+=("k8s.io/kubernetes/cmd/$n@$KUBERNETES_VERSION"); done
  (cd "$work" && timed "$label download" "$work/get.log" go get -tool "${tools[@]}") >/dev/null
  dl=$((SECONDS - t0))
  local major=${KUBERNETES_VERSION#v}; major=${major%%.*}
  local minor=${KUBERNETES_VERSION#v*.}; minor=${minor%%.*}
  local ld="-s -w" pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld+=" -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
  done
  t0=$SECONDS
  mkdir -p "$dir"
  for n in "${names[@]}"; do
    (cd "$work" && timed "$n build" "$work/build-$n.log" go build -trimpath -ldflags "$ld" -o "$dir/$n" "k8s.io/kubernetes/cmd/$n") >/dev/null
    log "built $n"
  done
  bt=$((SECONDS - t0))
  rm -rf "$work"
  record "$label" "$KUBERNETES_VERSION" "$dl" "$bt"
  for n in "${names[@]}"; do link "$n" "$dir/$n"; done
}

build_kubernetes() {
  kubernetes_cmds kubernetes kube-apiserver kube-controller-manager kube-scheduler
}

# kubectl for `npm run local` (README, "Try it locally"), at the API server's version: a kubectl already on
# PATH is not used, since it may be further from 1.35 than kubectl's one-minor-version skew allows.
build_kubectl() {
  kubernetes_cmds kubectl kubectl
}

# The kubernetes provider has no tagged provider/v4 module, so it is built from the newest served commit, with
# the patches above applied to a writable copy of its source (the module cache is read-only), which the wrapper
# module replaces the upstream module with. Its main package embeds schema files that upstream generates at
# release time: copy main.go, generate.go and the two source JSON files into the throwaway module, generate,
# build. Upstream's own go.mod (all its requires, so versions match its go.sum) becomes the wrapper's.
build_kubernetes_provider() {
  local name=pulumi-resource-kubernetes dir=$CACHE/pulumi-resource-kubernetes-$K8S_PROVIDER_LABEL
  if [[ -x $dir/$name ]]; then link "$name" "$dir/$name"; return; fi
  if found=$(on_path "$name"); then log "$name: using $found from PATH"; link "$name" "$found"; return; fi
  log "$name $K8S_PROVIDER_LABEL (provider/v4 $K8S_PROVIDER_COMMIT + ${K8S_PROVIDER_PATCHES[*]}): building (first run only)"
  local work=$CACHE/build/$name-$K8S_PROVIDER_LABEL t0=$SECONDS
  rm -rf "$work"; mkdir -p "$work/cmd/$name"
  local upstream=github.com/pulumi/pulumi-kubernetes/provider/v4
  local src; src=$(cd "$work" && go mod download -json "$upstream@$K8S_PROVIDER_COMMIT" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  cp -R "$src" "$work/provider-src"; chmod -R u+w "$work/provider-src"
  local p
  for p in "${K8S_PROVIDER_PATCHES[@]}"; do
    # upstream patches name repository paths (provider/pkg/...); the module root is provider/
    (cd "$work/provider-src" && timed "$name patch $p" "$work/patch.log" patch -p2 --forward --batch -i "$PATCHES/$p") >/dev/null
  done
  install -m 0644 "$src/go.mod" "$work/go.mod"
  install -m 0644 "$src/go.sum" "$work/go.sum"
  local f; for f in main.go generate.go schema.json terraform-mapping.json; do
    install -m 0644 "$src/cmd/$name/$f" "$work/cmd/$name/$f"
  done
  (cd "$work" && go mod edit -module=milvus-cluster-e2e/$name \
      -dropreplace=github.com/pulumi/pulumi-kubernetes/sdk/v4 \
      -replace="github.com/pulumi/pulumi-kubernetes/sdk/v4=github.com/pulumi/pulumi-kubernetes/sdk/v4@$K8S_PROVIDER_SDK" \
      -require="$upstream@$K8S_PROVIDER_COMMIT" \
      -replace="$upstream=./provider-src")
  (cd "$work" && timed "$name tidy" "$work/tidy.log" go mod tidy) >/dev/null
  (cd "$work/cmd/$name" && VERSION=$K8S_PROVIDER_VERSION timed "$name generate" "$work/generate.log" go run generate.go) >/dev/null
  local dl=$((SECONDS - t0)) bt
  bt=$(cd "$work" && timed "$name build" "$work/build.log" go build -trimpath \
      -ldflags "-s -w -X $upstream/pkg/version.Version=$K8S_PROVIDER_VERSION" -o "$work/$name" "./cmd/$name")
  mkdir -p "$dir"; mv "$work/$name" "$dir/$name"; rm -rf "$work"
  record "$name" "$K8S_PROVIDER_LABEL" "$dl" "$bt"
  link "$name" "$dir/$name"
}

started=$SECONDS
build_etcd
build_kwok
build_kubernetes
build_kubectl
build_language_host
build_pulumi
build_kubernetes_provider
log "toolchain ready in $((SECONDS - started))s"
echo "$BIN"
