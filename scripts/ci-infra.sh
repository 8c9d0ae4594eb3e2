#!/usr/bin/env bash
# Installs and starts what the tests need on a fresh Debian machine, and does nothing that is already done:
# Debian's docker.io, docker-compose, prometheus (promtool) and busybox-static; a running dockerd without a
# bridge or iptables (containers use host networking); the offline eclipse-temurin:17-jre base image.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
[[ -x /bin/busybox ]] && file -L /bin/busybox | grep -q 'statically linked' || need+=(busybox-static)
if ((${#need[@]})); then
  echo "installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
docker_cli=/usr/bin/docker
if ! "$docker_cli" info >/dev/null 2>&1; then
  echo "starting dockerd --bridge=none --iptables=false"
  nohup dockerd --bridge=none --iptables=false >/var/log/dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    "$docker_cli" info >/dev/null 2>&1 && break
    sleep 1
  done
  "$docker_cli" info >/dev/null 2>&1 || { echo "dockerd did not start:"; tail -20 /var/log/dockerd.log; exit 1; }
fi
echo "docker engine $("$docker_cli" version -f '{{.Server.Version}} (API {{.Server.APIVersion}})')"
"$here/build-jre-image.sh"
