#!/usr/bin/env bash
# Builds, offline and without a Docker engine, a small JRE base image named eclipse-temurin:17-jre, written as an
# image tarball in `docker save` format (manifest.json, the config, one layer tar) and cached per machine, so that
# Jib (from.image=tar://...) and, once loaded, ordinary Dockerfiles and compose files work on a machine that cannot
# pull images (and unchanged on one that can pull the real image).
# It jlinks the host's JDK 17 (runtime modules only) with the JDK's default class-data sharing archive
# (lib/server/classes.jsa, which a jlink'd runtime lacks unless asked: every JVM start maps the JDK's classes instead
# of loading them, and the images' application archives (build-tools/cds-archive.sh) build on it), adds the shared libraries the runtime links against, a
# static busybox for /bin/sh, a non-root user kgrca (uid 10001) and the control plane's state directory
# /var/lib/kg-rca (owned by 10001, 0700). The tarball is reproducible: the same JDK, busybox and script give the
# same bytes, hence the same image id.
# Usage: scripts/build-jre-image.sh [--tar-only] [--force]
#   --tar-only  write (or reuse) the tarball only; never talk to a Docker engine (what the Maven build runs)
#   --force     rebuild the tarball even when the cached one matches its inputs
#   default     also load the tarball into the Docker engine as eclipse-temurin:17-jre unless the engine already has
#               that very image (the engine and Jib then build on the same image id)
# The cache is $KG_CACHE_DIR (default ~/.cache/kg-rca): eclipse-temurin-17-jre.tar and its inputs' key.
set -euo pipefail
IMAGE=eclipse-temurin:17-jre
tar_only=false force=false
for arg in "$@"; do
  case $arg in
    --tar-only) tar_only=true ;;
    --force) force=true ;;
    *) echo "usage: $0 [--tar-only] [--force]" >&2; exit 2 ;;
  esac
done
cache=${KG_CACHE_DIR:-$HOME/.cache/kg-rca}
tarball=$cache/eclipse-temurin-17-jre.tar
started=$(date +%s)
# A JDK 17 with jmods: JDK17_HOME, else Debian's openjdk-17 (never the machine's newer JDKs: the image is Java 17).
jdk=${JDK17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
[[ -d $jdk/jmods ]] || { echo "no JDK 17 with jmods at $jdk (set JDK17_HOME)" >&2; exit 1; }
"$jdk/bin/java" -version 2>&1 | grep -q 'version "17' || { echo "$jdk is not a JDK 17" >&2; exit 1; }
busybox=/bin/busybox
# busybox-static's binary; ldd says "not a dynamic executable" for a static one.
[[ -x $busybox ]] && ! ldd "$busybox" >/dev/null 2>&1 || {
  echo "a static busybox is needed at $busybox (apt-get install busybox-static)" >&2; exit 1; }

# The inputs' key: this script, and the JDK's release and modules and busybox by path, size and time (reading the
# 130 MB modules file on every module's build would cost seconds). A matching cached tarball is reused.
key=$( { cat "$0"; stat -L -c '%n %s %Y' "$jdk/release" "$jdk/lib/modules" "$jdk/jmods" "$busybox"; } \
  | sha256sum | cut -c1-64)
if [[ $force == false && -f $tarball && "$(cat "$tarball.key" 2>/dev/null)" == "$key" ]]; then
  echo "base image tarball $tarball is up to date"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  root=$work/root
  mkdir -p "$root"/{opt/java,bin,etc,tmp,lib64,usr/lib} "$root/home/kgrca" "$root/var/lib/kg-rca"
  chmod 1777 "$root/tmp"

  # Runtime modules only: everything java.* and jdk.* except the compiler and the developer tools.
  modules=$("$jdk/bin/java" --list-modules | sed 's/@.*//' \
    | grep -Ev '^jdk\.(compiler|javadoc|jartool|jdeps|jlink|jshell|jpackage|jcmd|jconsole|hotspot\.agent|jstatd|editpad|internal\.ed|internal\.jvmstat|internal\.le|internal\.opt|internal\.vm\.compiler|internal\.vm\.compiler\.management|incubator\..*)$' \
    | paste -sd, -)
  "$jdk/bin/jlink" --module-path "$jdk/jmods" --add-modules "$modules" --strip-debug --no-header-files \
    --no-man-pages --compress=2 --generate-cds-archive --output "$root/opt/java/openjdk"
  # Debian links its security files out of the JDK; put real files in the image.
  for f in cacerts blocked.certs default.policy public_suffix_list.dat; do
    if [[ -e $jdk/lib/security/$f ]]; then
      rm -f "$root/opt/java/openjdk/lib/security/$f"
      cp -L "$jdk/lib/security/$f" "$root/opt/java/openjdk/lib/security/$f"
    fi
  done

  # The shared libraries every binary and library of the runtime needs, plus name-service modules for /etc/hosts.
  libs=$( { find "$root/opt/java/openjdk" -type f \( -name '*.so' -o -perm -u+x \) -print0 \
            | xargs -0 ldd 2>/dev/null || true; } | awk '/=> \//{print $3} /^\s*\/lib/{print $1}' | sort -u)
  for extra in /lib/x86_64-linux-gnu/libnss_files.so.2 /lib/x86_64-linux-gnu/libnss_dns.so.2 \
               /lib/x86_64-linux-gnu/libresolv.so.2; do
    [[ -e $extra ]] && libs+=$'\n'$extra
  done
  for lib in $libs; do
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
  cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"

  cp "$busybox" "$root/bin/busybox"
  for applet in $("$busybox" --list); do
    [[ -e $root/bin/$applet ]] || ln -s busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nkgrca:x:10001:10001:kg-rca:/home/kgrca:/bin/sh\n' > "$root/etc/passwd"
  printf 'root:x:0:\nkgrca:x:10001:\n' > "$root/etc/group"
  printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
  printf '127.0.0.1 localhost\n::1 localhost\n' > "$root/etc/hosts"
  chown 10001:10001 "$root/home/kgrca"
  # The control plane's state directory (operator API token, workers' secret files): the non-root user's, 0700.
  chown 10001:10001 "$root/var/lib/kg-rca"
  chmod 700 "$root/var/lib/kg-rca"

  # One layer, reproducible: sorted names, epoch times, numeric owners; then the config and manifest.json.
  mkdir -p "$work/image"
  find "$root/tmp" -mindepth 1 -delete
  tar -C "$root" --sort=name --mtime=@0 --numeric-owner --format=gnu -cf "$work/image/layer.tar" .
  diff_id=$(sha256sum "$work/image/layer.tar" | cut -c1-64)
  cat > "$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z","config":{"Env":["JAVA_HOME=/opt/java/openjdk","PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin","LANG=C.UTF-8"],"Cmd":["java","-version"]},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"scripts/build-jre-image.sh"}]}
JSON
  config_id=$(sha256sum "$work/config.json" | cut -c1-64)
  mv "$work/config.json" "$work/image/$config_id.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["layer.tar"]}]\n' "$config_id" "$IMAGE" \
    > "$work/image/manifest.json"
  mkdir -p "$cache"
  # Written beside the target, then renamed: a concurrent build never reads half a tarball.
  tar -C "$work/image" --sort=name --mtime=@0 --numeric-owner --owner=0 --group=0 --format=gnu \
    -cf "$tarball.$$" manifest.json "$config_id.json" layer.tar
  mv "$tarball.$$" "$tarball"
  echo "$key" > "$tarball.key.$$" && mv "$tarball.key.$$" "$tarball.key"
  echo "wrote $tarball (image sha256:$config_id, $(( $(stat -c %s "$tarball") / 1048576 )) MiB) in $(( $(date +%s) - started )) s"
fi
[[ $tar_only == true ]] && exit 0

docker_cli=/usr/bin/docker
[[ -x $docker_cli ]] || docker_cli=docker
wanted=sha256:$(tar -xOf "$tarball" manifest.json | sed 's/.*"Config":"\([0-9a-f]*\)\.json".*/\1/')
current=$("$docker_cli" image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)
if [[ $current == "$wanted" ]]; then
  echo "base image $IMAGE present ($wanted)"
  exit 0
fi
"$docker_cli" load -q -i "$tarball" >/dev/null
# The loaded image takes the tag; the previous one goes unless a container or another tag still uses it.
if [[ -n $current ]]; then
  "$docker_cli" image rm "$current" >/dev/null 2>&1 || true
fi
for user in 0 10001; do
  "$docker_cli" run --rm --network host --user "$user" "$IMAGE" \
    sh -c 'java -version 2>&1 | head -1; echo "  as $(id -un) (uid $(id -u)), JAVA_HOME=$JAVA_HOME"; touch /tmp/probe'
done
echo "loaded $IMAGE ($wanted, $("$docker_cli" image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%d MiB", $1/1048576}')) in $(( $(date +%s) - started )) s"
