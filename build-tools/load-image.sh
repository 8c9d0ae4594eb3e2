#!/usr/bin/env bash
# Loads the image that jib:buildTar wrote (<target>/jib-image.tar, tagged <image:tag> and image.extra-tag) into the Docker
# engine when one is reachable, and checks that the engine now has that very image (the id Jib wrote to
# <target>/jib-image.id). Called by Maven at `package` (root pom, exec-maven-plugin execution image-load).
# Usage: load-image.sh <target-dir> <image:tag>
# No reachable engine: the tarball is the build's product and the build goes on, unless KG_REQUIRE_DOCKER=true
# (CI), where a missing engine, a missing tarball or a failed load fails the build.
set -euo pipefail
target=$1 image=$2
tarball=$target/jib-image.tar
if [[ "${KG_SKIP_IMAGES:-false}" == "true" ]]; then
  echo "kg-rca: KG_SKIP_IMAGES=true: no image ${image}"
  exit 0
fi
[[ -f $tarball && -f $target/jib-image.id ]] || { echo "kg-rca: no image tarball at $tarball" >&2; exit 1; }
want=$(cat "$target/jib-image.id")
docker_cli=$(command -v docker || true)
if [[ -z "$docker_cli" ]] || ! "$docker_cli" info >/dev/null 2>&1; then
  if [[ "${KG_REQUIRE_DOCKER:-false}" == "true" ]]; then
    echo "kg-rca: KG_REQUIRE_DOCKER=true but no Docker engine is reachable: cannot load image ${image}" >&2
    exit 1
  fi
  echo "kg-rca: no Docker engine reachable: image ${image} (${want}) is in ${tarball}; load it with docker load -i"
  exit 0
fi
start=$(date +%s%N)
"$docker_cli" load -q -i "$tarball" >/dev/null
got=$("$docker_cli" image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
if [[ "$got" != "$want" ]]; then
  echo "kg-rca: loaded ${tarball} but ${image} is ${got:-absent}, not ${want}" >&2
  exit 1
fi
size=$("$docker_cli" image inspect -f '{{.Size}}' "$image")
tags=$(tar -xOf "$tarball" manifest.json | grep -o '"RepoTags":\[[^]]*\]' | sed 's/"RepoTags":\[//; s/\]//; s/"//g; s/,/ /g')
echo "kg-rca: loaded image ${tags} (${want:7:12}, $((size / 1024 / 1024)) MiB) in $(( ($(date +%s%N) - start) / 1000000 )) ms"
