#!/usr/bin/env bash
# Builds one module's Docker image from its packaged jar, target/lib and src/main/docker/Dockerfile.
# Called by Maven at `package` (profile runnable-app), so `verify` and `install` both build images. Usage: build-image.sh <module-dir> <image-name> <jar-file> [<version-tag>]
# The image is tagged `latest` and, when given, <version-tag> (the chart's appVersion for the agent image).
# Without a reachable Docker engine it says so and succeeds: `mvn install` must work on a machine without Docker.
set -euo pipefail
module_dir=$1 image=$2 jar=$3 version_tag=${4:-}
if [[ "${KG_SKIP_IMAGES:-false}" == "true" ]]; then
  echo "kg-rca: KG_SKIP_IMAGES=true: skipped image ${image}"
  exit 0
fi
docker_cli=/usr/bin/docker
[[ -x $docker_cli ]] || docker_cli=$(command -v docker || true)
if [[ -z "$docker_cli" ]] || ! "$docker_cli" info >/dev/null 2>&1; then
  echo "kg-rca: no Docker engine reachable: SKIPPED image ${image} (start one and run mvn install again)"
  exit 0
fi
if ! "$docker_cli" image inspect eclipse-temurin:17-jre >/dev/null 2>&1; then
  repo_root=$(cd "$(dirname "$0")/.." && pwd)
  if [[ -x "$repo_root/scripts/build-jre-image.sh" ]]; then
    echo "kg-rca: base image eclipse-temurin:17-jre absent: building it offline"
    "$repo_root/scripts/build-jre-image.sh"
  else
    echo "kg-rca: base image eclipse-temurin:17-jre absent and cannot be built: SKIPPED image ${image}" >&2
    exit 0
  fi
fi
stage="$module_dir/target/image"
rm -rf "$stage"
mkdir -p "$stage"
# The Dockerfile and any file it copies (such as a logback.xml) live in src/main/docker.
cp -r "$module_dir/src/main/docker/." "$stage/"
cp -r "$module_dir/target/lib" "$stage/lib"
cp "$jar" "$stage/app.jar"
start=$(date +%s)
tags=(-t "${image}:latest")
if [[ -n "$version_tag" ]]; then
  tags+=(-t "${image}:${version_tag}")
fi
DOCKER_BUILDKIT=0 "$docker_cli" build -q "${tags[@]}" "$stage" >/dev/null
size=$("$docker_cli" image inspect -f '{{.Size}}' "${image}:latest")
echo "kg-rca: built image ${image}:latest${version_tag:+ and :${version_tag}} ($((size / 1024 / 1024)) MiB) in $(( $(date +%s) - start )) s"
