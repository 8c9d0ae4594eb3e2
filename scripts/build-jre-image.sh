#!/usr/bin/env bash
# Builds, offline, a small local image tagged eclipse-temurin:17-jre so that ordinary Dockerfiles and compose
# files work on a machine that cannot pull images (and unchanged on one that can pull the real image).
# It jlinks the host's JDK 17 (runtime modules only), adds the shared libraries the runtime links against, a
# static busybox for /bin/sh, a non-root user kgrca (uid 10001), and imports the tree as an image.
# Usage: scripts/build-jre-image.sh [--force]
set -euo pipefail
IMAGE=eclipse-temurin:17-jre
docker_cli=/usr/bin/docker
[[ -x $docker_cli ]] || docker_cli=docker
if [[ "${1:-}" != "--force" ]] && "$docker_cli" image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "base image $IMAGE present"
  exit 0
fi
started=$(date +%s)
# A JDK 17 with jmods: JDK17_HOME, else Debian's openjdk-17 (never the machine's newer JDKs: the image is Java 17).
jdk=${JDK17_HOME:-/usr/lib/jvm/java-17-openjdk-amd64}
[[ -d $jdk/jmods ]] || { echo "no JDK 17 with jmods at $jdk (set JDK17_HOME)" >&2; exit 1; }
"$jdk/bin/java" -version 2>&1 | grep -q 'version "17' || { echo "$jdk is not a JDK 17" >&2; exit 1; }
busybox=/bin/busybox
# busybox-static's binary; ldd says "not a dynamic executable" for a static one.
[[ -x $busybox ]] && ! ldd "$busybox" >/dev/null 2>&1 || {
  echo "a static busybox is needed at $busybox (apt-get install busybox-static)" >&2; exit 1; }
previous=$("$docker_cli" image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root"/{opt/java,bin,etc,tmp,lib64,usr/lib} "$root/home/kgrca"
chmod 1777 "$root/tmp"

# Runtime modules only: everything java.* and jdk.* except the compiler and the developer tools.
modules=$("$jdk/bin/java" --list-modules | sed 's/@.*//' \
  | grep -Ev '^jdk\.(compiler|javadoc|jartool|jdeps|jlink|jshell|jpackage|jcmd|jconsole|hotspot\.agent|jstatd|editpad|internal\.ed|internal\.jvmstat|internal\.le|internal\.opt|internal\.vm\.compiler|internal\.vm\.compiler\.management|incubator\..*)$' \
  | paste -sd, -)
"$jdk/bin/jlink" --module-path "$jdk/jmods" --add-modules "$modules" --strip-debug --no-header-files \
  --no-man-pages --compress=2 --output "$root/opt/java/openjdk"
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

tar -C "$root" -c . | "$docker_cli" import \
  -c 'ENV JAVA_HOME=/opt/java/openjdk' \
  -c 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c 'ENV LANG=C.UTF-8' \
  -c 'CMD ["java", "-version"]' \
  - "$IMAGE" >/dev/null
# The rebuilt image takes the tag; the previous one goes unless a container or another tag still uses it.
current=$("$docker_cli" image inspect -f '{{.Id}}' "$IMAGE")
if [[ -n $previous && $previous != "$current" ]]; then
  "$docker_cli" image rm "$previous" >/dev/null 2>&1 || true
fi
for user in 0 10001; do
  "$docker_cli" run --rm --network host --user "$user" "$IMAGE" \
    sh -c 'java -version 2>&1 | head -1; echo "  as $(id -un) (uid $(id -u)), JAVA_HOME=$JAVA_HOME"; touch /tmp/probe'
done
echo "built $IMAGE ($("$docker_cli" image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%d MiB", $1/1048576}')) in $(( $(date +%s) - started )) s"
