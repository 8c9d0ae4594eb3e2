#!/usr/bin/env bash
# Builds, offline, the three local stand-ins for the third-party images of compose/docker-compose.yml, which these
# machines cannot pull, on the eclipse-temurin:17-jre base that build-jre-image.sh makes:
#   kg-standin/kafka:<kafka.version>        the broker from the Kafka jars the build uses (root pom), with
#                                           apache/kafka's KAFKA_* -> property rule, CLUSTER_ID, /etc/kafka/secrets
#   kg-standin/neo4j:<neo4j version>        Neo4j Community from the jars the tests use, with the neo4j image's
#                                           NEO4J_AUTH and NEO4J_* -> setting rule, /data, /logs
#   kg-standin/prometheus:<version>         Debian's prometheus and promtool, prom/prometheus's entry point
# Never the real names: compose selects them through KAFKA_IMAGE, NEO4J_IMAGE and PROMETHEUS_IMAGE
# (scripts/compose-walkthrough.sh does). The jars come through ./mvnw dependency:copy-dependencies on
# scripts/standin-images/{kafka,neo4j}-pom.xml (MAVEN_ARGS may add -o or -Dmaven.repo.local=...).
# An image whose inputs (these files, the root pom, the host's binaries) did not change is kept.
# Usage: scripts/build-standin-images.sh [--force]    prints the three image names on its last line
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
docker_cli=/usr/bin/docker
[[ -x $docker_cli ]] || docker_cli=docker
force=${1:-}
started=$(date +%s)

"$here/build-jre-image.sh" >/dev/null
pom_property() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$repo/pom.xml" | head -1; }
kafka_version=$(pom_property kafka.version)
neo4j_version=$(pom_property neo4j-harness.version)
prometheus_bin=/usr/bin/prometheus
[[ -x $prometheus_bin && -x /usr/bin/promtool ]] || { echo "Debian's prometheus is needed (apt-get install prometheus)" >&2; exit 1; }
prometheus_version=$("$prometheus_bin" --version 2>&1 | sed -n 's/^prometheus, version \([0-9.]*\).*/\1/p')

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The host's bash (the compose file's Kafka healthcheck runs `bash -c '</dev/tcp/...'`; the entry points are bash).
bash_tree() {
  mkdir -p "$1/usr/local/bin"
  cp -L /bin/bash "$1/usr/local/bin/bash"
  local lib
  for lib in $(ldd /bin/bash | awk '/=> \//{print $3}'); do
    mkdir -p "$1$(dirname "$lib")"
    cp -L "$lib" "$1$lib"
  done
}

# Inputs of one image: its folder, this script, the root pom (versions), the binaries copied from the host.
inputs_hash() {
  local files=("$1")
  [[ ! -e $here/standin-images/$1-pom.xml ]] || files+=("$1-pom.xml")
  { tar -C "$here/standin-images" -c --sort=name --mtime=@0 --owner=0 --group=0 "${files[@]}"
    cat "$0" "$repo/pom.xml" "$here/build-jre-image.sh" /bin/bash
    [[ $1 != prometheus ]] || cat "$prometheus_bin" /usr/bin/promtool
    "$docker_cli" image inspect -f '{{.Id}}' eclipse-temurin:17-jre
  } | sha256sum | cut -c1-16
}

build() {
  local name=$1 image=$2 ctx=$work/$1 hash previous current
  hash=$(inputs_hash "$name")
  if [[ $force != --force ]] \
     && [[ $("$docker_cli" image inspect -f '{{index .Config.Labels "io.kgrca.standin.inputs"}}' "$image" 2>/dev/null) == "$hash" ]]; then
    echo "$image present (inputs unchanged)"
    return
  fi
  local step_started
  step_started=$(date +%s)
  mkdir -p "$ctx"
  cp -r "$here/standin-images/$name/." "$ctx/"
  case $name in
    kafka|neo4j)
      # shellcheck disable=SC2086  # MAVEN_ARGS is a list of options
      "$repo/mvnw" -B -ntp -q ${MAVEN_ARGS:-} -f "$here/standin-images/$name-pom.xml" dependency:copy-dependencies \
        -DincludeScope=runtime -DoutputDirectory="$ctx/libs"
      bash_tree "$ctx/bash" ;;
    prometheus)
      mkdir -p "$ctx/bin"
      cp "$prometheus_bin" /usr/bin/promtool "$ctx/bin/" ;;
  esac
  previous=$("$docker_cli" image inspect -f '{{.Id}}' "$image" 2>/dev/null || true)
  DOCKER_BUILDKIT=0 "$docker_cli" build -q --label "io.kgrca.standin.inputs=$hash" -t "$image" "$ctx" >/dev/null
  current=$("$docker_cli" image inspect -f '{{.Id}}' "$image")
  if [[ -n $previous && $previous != "$current" ]]; then
    "$docker_cli" image rm "$previous" >/dev/null 2>&1 || true
  fi
  echo "built $image ($("$docker_cli" image inspect -f '{{.Size}}' "$image" | awk '{printf "%d MiB", $1/1048576}')) in $(( $(date +%s) - step_started )) s"
}

build kafka "kg-standin/kafka:$kafka_version"
build neo4j "kg-standin/neo4j:$neo4j_version"
build prometheus "kg-standin/prometheus:$prometheus_version"
echo "stand-in images ready in $(( $(date +%s) - started )) s"
echo "KAFKA_IMAGE=kg-standin/kafka:$kafka_version NEO4J_IMAGE=kg-standin/neo4j:$neo4j_version PROMETHEUS_IMAGE=kg-standin/prometheus:$prometheus_version"
