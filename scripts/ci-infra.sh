#!/usr/bin/env bash
# Installs and starts what the tests need on a fresh Debian machine, and does nothing that is already done:
# Debian's docker.io, docker-compose, prometheus (promtool, and the stand-in image's server), busybox-static and
# sudo (compose/README.md's commands use it; scripts/compose-walkthrough.sh runs them); a running dockerd without a
# bridge or iptables (containers use host networking); the offline eclipse-temurin:17-jre base image.
# Usage: scripts/ci-infra.sh   (called by .ci/run; safe to run again: a prepared machine takes about a second)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo -n"

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
need=()
for pkg in docker.io docker-compose prometheus busybox-static unzip sudo; do
  installed "$pkg" || need+=("$pkg")
done
if ((${#need[@]})); then
  echo "installing: ${need[*]}"
  $sudo apt-get update -qq
  # policy-rc.d-less machines may try to start dockerd from the package scripts; we start it below ourselves.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
else
  echo "packages present: docker.io docker-compose prometheus busybox-static unzip sudo"
fi

docker_cli=/usr/bin/docker
if ! "$docker_cli" info >/dev/null 2>&1; then
  echo "starting dockerd --bridge=none --iptables=false (log: /var/log/dockerd.log)"
  $sudo sh -c 'nohup dockerd --bridge=none --iptables=false </dev/null >/var/log/dockerd.log 2>&1 &'
  for _ in $(seq 1 120); do
    "$docker_cli" info >/dev/null 2>&1 && break
    sleep 0.5
  done
  if ! "$docker_cli" info >/dev/null 2>&1; then
    echo "dockerd did not answer within 60 s:" >&2
    tail -20 /var/log/dockerd.log >&2 || true
    exit 1
  fi
fi
echo "docker engine $("$docker_cli" version -f '{{.Server.Version}} (API {{.Server.APIVersion}})')"
"$here/build-jre-image.sh"
