#!/usr/bin/env bash
# Adds an application class-data sharing archive (AppCDS, /app/cds/app.jsa) to the image that jib:buildTar wrote
# (<target>/jib-image.tar), so that the worker's JVM maps its classes at start instead of loading, parsing and
# verifying them under its 0.5-core limit. Called by Maven at `package`, after jib:buildTar and before the load
# (root pom, exec-maven-plugin execution cds-archive); the image's entrypoint passes -XX:SharedArchiveFile when the
# file is there.
# A JDK 17 archive is valid only with the very JVM and base archive it was dumped with, the same class path *strings*
# (/app/...) and the same jar sizes and modification times, so it is dumped in the image's own file tree: the
# tarball's layers are unpacked (times kept: Jib's are fixed), and a training run of the image's main class, with
# the image's JAVA_OPTS and a broker and a Neo4j that do not answer (127.0.0.1:9), runs in that tree under chroot
# until it logs that it has started (at most KG_CDS_TRAINING_SECONDS, default 40) and dumps at exit
# (-XX:ArchiveClassesAtExit) what it loaded. The archive
# is then checked in the same tree with -Xshare:on (a mismatch fails the build), added as one more layer (the
# tarball's config and manifest rewritten, <target>/jib-image.id updated, Jib's digest files removed: they describe
# the image without the layer).
# No chroot (neither root nor user namespaces), no jq, or KG_CDS=false: the image goes without the archive (the JDK's
# own archive in the base image still serves; ClassDataSharingIT in e2e fails on such an image) and the build goes on.
# Usage: cds-archive.sh <target-dir> <main class>
set -euo pipefail
main=$2
target=$(cd "$1" && pwd)
tarball=$target/jib-image.tar
if [[ "${KG_SKIP_IMAGES:-false}" == "true" ]]; then
  exit 0
fi
if [[ "${KG_CDS:-true}" == "false" ]]; then
  echo "kg-rca: KG_CDS=false: no application class-data sharing archive in the image"
  exit 0
fi
[[ -f $tarball ]] || { echo "kg-rca: no image tarball at $tarball" >&2; exit 1; }
# The tree runs under chroot in a mount namespace of its own, with the host's /proc bound in (the launcher finds
# its libraries through $ORIGIN, which needs /proc/self/exe); the bind goes with the namespace. The JVM replaces the
# shell, so a signal to the jail is a signal to the JVM.
chroot_cmd=$(command -v chroot || echo /usr/sbin/chroot)
unshare_cmd=$(command -v unshare || echo /usr/bin/unshare)
mount_cmd=$(command -v mount || echo /bin/mount)
# shellcheck disable=SC2016 # expanded by the inner shell
inner="$mount_cmd"' --rbind /proc "$1/proc" && exec '"$chroot_cmd"' "$@"'
if [[ $(id -u) == 0 ]] && "$unshare_cmd" -m true 2>/dev/null; then
  jail=("$unshare_cmd" -m /bin/sh -c "$inner" jail)
elif "$unshare_cmd" -r -m true 2>/dev/null; then
  jail=("$unshare_cmd" -r -m /bin/sh -c "$inner" jail)
else
  echo "kg-rca: cannot chroot (not root, no user namespaces): no application class-data sharing archive"
  exit 0
fi
if ! command -v jq >/dev/null; then
  echo "kg-rca: no jq: no application class-data sharing archive"
  exit 0
fi
started=$(date +%s%N)
work=$target/cds-work
rm -rf "$work"
mkdir -p "$work/image" "$work/root" "$work/layer/app/cds"
tar -C "$work/image" -xf "$tarball"
manifest=$work/image/manifest.json
config=$work/image/$(jq -r '.[0].Config' "$manifest")
for layer in $(jq -r '.[0].Layers[]' "$manifest"); do
  tar -C "$work/root" --no-same-owner --warning=no-unknown-keyword -xf "$work/image/$layer"
done
if jq -e '.history[]? | select(.created_by == "build-tools/cds-archive.sh")' "$config" >/dev/null; then
  echo "kg-rca: $tarball already has its class-data sharing archive"
  rm -rf "$work"
  exit 0
fi
java_opts=$(jq -r '.config.Env[] | select(startswith("JAVA_OPTS=")) | sub("^JAVA_OPTS="; "")' "$config")
mkdir -p "$work/root/app/cds" "$work/root/tmp" "$work/root/proc"
chmod 1777 "$work/root/tmp"

# The training run: whatever the main class loads until it logs that it has started (a worker's "<worker> started"
# line: configuration, logging, the Kafka client, the HTTP server, the worker loop, the first attempt at Neo4j),
# plus 3 s, at most KG_CDS_TRAINING_SECONDS (default 40), is archived; what it does not reach loads from the jars.
training=${KG_CDS_TRAINING_SECONDS:-40}
# shellcheck disable=SC2086 # JAVA_OPTS is a list of flags
env -i PATH=/opt/java/openjdk/bin:/bin HOME=/tmp LANG=C.UTF-8 JAVA_HOME=/opt/java/openjdk \
  CLIENT_ID=cds-training KAFKA_BROKERS=127.0.0.1:9 NEO4J_URI=bolt://127.0.0.1:9 METRICS_PORT=0 \
  HTTP_BIND_ADDRESS=127.0.0.1 HTTP_PORT=0 RCA_PORT=0 \
  "${jail[@]}" "$work/root" /opt/java/openjdk/bin/java $java_opts \
  -XX:ArchiveClassesAtExit=/app/cds/app.jsa -cp @/app/jib-classpath-file "$main" \
  > "$work/training.log" 2>&1 &
pid=$!
deadline=$(( $(date +%s) + training ))
while kill -0 "$pid" 2>/dev/null && (( $(date +%s) < deadline )); do
  # WorkerLauncher.STARTED_LINE: "<worker> started (<placement> placement), group ..."
  if grep -qE ' started \([a-z]+ placement\), group ' "$work/training.log"; then
    sleep 3
    break
  fi
  sleep 1
done
kill -TERM "$pid" 2>/dev/null || true
# The dump happens at exit; a JVM that does not exit within 120 s is killed (and the archive check fails).
for _ in $(seq 120); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 1
done
kill -KILL "$pid" 2>/dev/null || true
wait "$pid" || true
archive=$work/root/app/cds/app.jsa
if [[ ! -s $archive ]]; then
  echo "kg-rca: the training run of $main dumped no class-data sharing archive; its output:" >&2
  tail -20 "$work/training.log" >&2
  exit 1
fi
# The check: the archive maps with this JVM, these flags and this class path, or the JVM refuses to start.
# shellcheck disable=SC2086
if ! env -i PATH=/opt/java/openjdk/bin:/bin HOME=/tmp "${jail[@]}" "$work/root" /opt/java/openjdk/bin/java $java_opts \
    -Xshare:on -XX:SharedArchiveFile=/app/cds/app.jsa -cp @/app/jib-classpath-file -XX:+PrintSharedArchiveAndExit \
    > "$work/check.log" 2>&1; then
  echo "kg-rca: the class-data sharing archive of $main does not map in the image's tree:" >&2
  tail -20 "$work/check.log" >&2
  exit 1
fi
# Its dictionary: "<n>: <class> <loader>", the application's classes by app_loader.
dynamic=$(sed -n '/^Dynamic archive name/,$p' "$work/check.log")
classes=$(grep -cE '^ *[0-9]+: .*_loader' <<< "$dynamic" || true)
app_classes=$(grep -cE '^ *[0-9]+: .*app_loader' <<< "$dynamic" || true)

# One more layer: app/cds/app.jsa, readable by the worker's user, with Jib's fixed time.
cp "$archive" "$work/layer/app/cds/app.jsa"
chmod 755 "$work/layer/app" "$work/layer/app/cds"
chmod 644 "$work/layer/app/cds/app.jsa"
tar -C "$work/layer" --sort=name --mtime=@1 --owner=0 --group=0 --numeric-owner --format=gnu \
  -cf "$work/image/cds-layer.tar" app
diff_id=$(sha256sum "$work/image/cds-layer.tar" | cut -c1-64)
mv "$work/image/cds-layer.tar" "$work/image/$diff_id.tar"
jq -c --arg d "sha256:$diff_id" '.rootfs.diff_ids += [$d]
  | .history += [{"created":"1970-01-01T00:00:01Z","created_by":"build-tools/cds-archive.sh",
                  "comment":"application class-data sharing archive"}]' "$config" > "$work/config.json"
config_id=$(sha256sum "$work/config.json" | cut -c1-64)
rm "$config"
mv "$work/config.json" "$work/image/$config_id.json"
jq -c --arg c "$config_id.json" --arg l "$diff_id.tar" '[.[0] | .Config = $c | .Layers += [$l]]' "$manifest" \
  > "$work/manifest.json"
mv "$work/manifest.json" "$manifest"
(cd "$work/image" && tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu \
  -cf "$tarball.$$" manifest.json "$config_id.json" $(jq -r '.[0].Layers[]' manifest.json))
mv "$tarball.$$" "$tarball"
echo "sha256:$config_id" > "$target/jib-image.id"
rm -f "$target/jib-image.digest" "$target/jib-image.json"
size=$(stat -c %s "$archive")
rm -rf "$work"
echo "kg-rca: class-data sharing archive of $main: $classes classes ($app_classes of the class path), $((size / 1048576)) MiB, image sha256:${config_id:0:12}, in $(( ($(date +%s%N) - started) / 1000000 )) ms"
