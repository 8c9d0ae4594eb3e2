#!/usr/bin/env bash
# Follows compose/README.md's command block as a new user would, then checks the outcome (issue 12: "every command
# in it is run by a test or CI"). The block is read from the README at run time, so editing the README changes
# what is run; it runs verbatim, line by line in one bash (set -e: a command that fails is a failure), with two
# additions a user would do by hand, both announced in the trace:
#   - after `cp compose/.env.example compose/.env`: every change-me value gets a random one, DOCKER_GID the socket's
#     group, and KAFKA_IMAGE, NEO4J_IMAGE, PROMETHEUS_IMAGE name the offline stand-ins (scripts/build-standin-images.sh)
#     because these machines cannot pull apache/kafka, neo4j or prom/prometheus;
#   - with COMPOSE_WALKTHROUGH_IMAGES_BUILT=true (CI, right after `./mvnw verify` built the same images), the block's
#     `./mvnw install -DskipTests` line is replaced by a check that the images it builds are present.
# Then: every service up (healthy where it has a healthcheck), the topics in the broker's log directory, acme
# admitted, the token's curl answers 200 with acme, and an agent for acme (the kg-agent image with the
# chart's settings: SASL_SSL on 127.0.0.1:9094, SCRAM-SHA-512, the CA certificate as PEM) registers, is accepted,
# the control plane places acme (shared by default) and starts the workers that serve it (the pools' kg-<worker>.pool-0,
# or kg-<worker>-acme when dedicated), and a replayed Pod reaches Neo4j.
# Every wait has a deadline (COMPOSE_WALKTHROUGH_TIMEOUT, default 300 s in total once the stand-in images exist). It always cleans up: `down -v`,
# the workers kg-*-acme and kg-*.pool-*, compose/.env and compose/secrets (it refuses to start if either exists), and what it added
# to /var/lib/kg-rca (one that exists is set aside and put back). It needs root or sudo, and the ports 7474 7687 9090-9094 free.
# Usage: scripts/compose-walkthrough.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
started=$(date +%s)
deadline=$(( started + 600 ))   # until the stand-in images are ready; then COMPOSE_WALKTHROUGH_TIMEOUT
tenant=acme
state_dir=/var/lib/kg-rca
compose=(docker-compose -f compose/docker-compose.yml --env-file compose/.env)
sudo=""
[[ $(id -u) -eq 0 ]] || sudo="sudo -n"
work=$(mktemp -d)

say() { printf '[walkthrough %3d s] %s\n' $(( $(date +%s) - started )) "$*"; }
fail() { say "FAILED: $*"; exit 1; }
left() { echo $(( deadline - $(date +%s) )); }
# wait_for <what> <command...>: runs the command until it succeeds or the overall deadline passes.
wait_for() {
  local what=$1; shift
  until "$@" >/dev/null 2>&1; do
    (( $(left) > 0 )) || fail "no $what before the deadline"
    sleep 2
  done
  say "ok: $what"
}

# ---- preconditions: nothing of ours to overwrite, the ports free
[[ -e compose/.env || -e compose/secrets ]] && fail "compose/.env or compose/secrets exists: this script makes and deletes its own"
busy=$(ss -Hltn | awk '{print $4}' | grep -E ':(7474|7687|909[0-4])$' || true)
[[ -z $busy ]] || fail "ports in use: $(echo $busy)"
saved_state="" state_taken=""
cleanup() {
  local rc=$?
  set +e
  say "cleaning up"
  if [[ -f compose/.env ]]; then
    if (( rc != 0 )); then
      "${compose[@]}" ps
      for s in kafka neo4j control-plane kg-topics kg-kafka-acls prometheus; do
        echo "---- last lines of $s"; "${compose[@]}" logs --no-color --tail=25 "$s" 2>&1 | tail -25
      done
    fi
    timeout 120 "${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || say "docker-compose down failed"
  fi
  for kind in event-normalizer log-normalizer graph-builder; do
    docker rm -f "kg-$kind-$tenant" >/dev/null 2>&1
    docker ps -aq --filter "name=^kg-$kind\.pool-[0-9]+\$" | xargs -r docker rm -f >/dev/null 2>&1
  done
  docker rm -f "walkthrough-agent-$tenant" >/dev/null 2>&1
  rm -rf compose/.env compose/secrets "$work"
  if [[ -n $state_taken ]]; then
    $sudo rm -rf "$state_dir"
    [[ -z $saved_state ]] || $sudo mv "$saved_state" "$state_dir"
  fi
  say "done in $(( $(date +%s) - started )) s (exit $rc)"
}
trap cleanup EXIT

# A new user has no state directory yet: an existing one (another run's token, say) is set aside and put back.
state_taken=true
if [[ -e $state_dir ]]; then
  saved_state=$state_dir.walkthrough-saved-$$
  $sudo mv "$state_dir" "$saved_state"
  say "$state_dir set aside as $saved_state until the end"
fi
standins=$("$repo/scripts/build-standin-images.sh" | tail -1)
say "stand-in images: $standins"
deadline=$(( $(date +%s) + ${COMPOSE_WALKTHROUGH_TIMEOUT:-300} ))


# ---- the README's block, verbatim, with the two announced additions
awk '/^```/ { if (inside) exit; inside = 1; next } inside' compose/README.md > "$work/block.sh"
[[ -s $work/block.sh ]] || fail "no fenced command block in compose/README.md"
{
  echo 'fill_env() {'
  echo '  set +x'
  echo '  echo "+ (walkthrough) filling compose/.env: change-me values, DOCKER_GID, stand-in images" >&2'
  echo '  local line out=()'
  echo '  while IFS= read -r line; do'
  echo '    case $line in'
  echo '      *=change-me*) line="${line%%=*}=$(openssl rand -hex 24)" ;;'
  echo '      DOCKER_GID=*) line="DOCKER_GID=$(stat -c %g /var/run/docker.sock)" ;;'
  echo '    esac'
  echo '    out+=("$line")'
  echo '  done < compose/.env'
  echo '  printf "%s\n" "${out[@]}" > compose/.env'
  printf '  printf "%%s\\n" %s >> compose/.env\n' "$standins"
  echo '  ! grep -q change-me compose/.env'
  echo '  set -x'
  echo '}'
  echo 'images_built_by_ci() {'
  echo '  set +x'
  echo '  echo "+ (walkthrough) the images are those ./mvnw verify just built:" >&2'
  echo '  docker image inspect -f "{{index .RepoTags 0}} {{.Created}}" kg-control-plane:latest kg-event-normalizer:latest kg-log-normalizer:latest kg-graph-builder:latest kg-agent:latest'
  echo '  set -x'
  echo '}'
  # The trace shows every command; the secrets it expands (.env's passwords, the API token) are masked.
  echo 'exec {BASH_XTRACEFD}> >(sed -u -E "s/(PASSWORD=|Bearer )[^ '"'"']*/\\1(masked)/" >&2)'
  echo 'set -x'
  while IFS= read -r line; do
    if [[ ${COMPOSE_WALKTHROUGH_IMAGES_BUILT:-} == true && $line == './mvnw install -DskipTests'* ]]; then
      echo "images_built_by_ci    # instead of: $line"
      continue
    fi
    printf '%s\n' "$line"
    [[ $line == 'cp compose/.env.example compose/.env'* ]] && echo 'fill_env'
  done < "$work/block.sh"
} > "$work/run.sh"
grep -q '^fill_env$' "$work/run.sh" || fail "the block no longer starts from compose/.env.example: adapt the walkthrough"
say "running compose/README.md's block ($(grep -c . "$work/block.sh") lines)"
timeout "$(left)" bash -euo pipefail "$work/run.sh" < /dev/null 2>&1 | tee "$work/block.log" \
  || fail "the README's block failed (above)"
echo
say "the block ran to its end"
# the `set -a; . compose/.env` of the block, for the checks below
set -a; . compose/.env; set +a

# ---- the outcome
running() { [[ $(docker inspect -f '{{.State.Status}}' "$("${compose[@]}" ps -q "$1")") == running ]]; }
healthy() { [[ $(docker inspect -f '{{.State.Health.Status}}' "$("${compose[@]}" ps -q "$1")") == healthy ]]; }
exited0() { [[ $(docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' "$("${compose[@]}" ps -q "$1")") == 'exited 0' ]]; }
for s in kafka neo4j control-plane; do wait_for "$s healthy" healthy "$s"; done
wait_for "prometheus running" running prometheus
for s in kg-topics kg-kafka-acls; do exited0 "$s" || fail "$s did not exit 0"; say "ok: $s exited 0"; done
topics=$(docker exec "$("${compose[@]}" ps -q kafka)" ls /var/lib/kafka/data | sed -n 's/-[0-9]*$//p' | sort -u | grep -v '^__')
say "topics in the broker: $(echo $topics)"
(( $(wc -l <<< "$topics") >= 15 )) || fail "fewer than 15 topics"
grep -qx cluster.tenants <<< "$topics" && grep -qx cluster.registry.replies <<< "$topics" || fail "admission topics missing"
grep -q "^password=" "$work/block.log" || fail "kg-kafka-security tenant-add printed no password"
password=$(sed -n 's/^password=//p' "$work/block.log" | tail -1)
token=$($sudo cat "$state_dir/api-token")
code=$(curl -s -o "$work/tenants.json" -w '%{http_code}' -H "Authorization: Bearer $token" 127.0.0.1:9090/api/tenants)
[[ $code == 200 ]] && grep -q "\"$tenant\"" "$work/tenants.json" || fail "GET /api/tenants: $code $(cat "$work/tenants.json")"
say "ok: GET /api/tenants with the token: 200, lists $tenant"
wait_for "Prometheus up on 127.0.0.1:9091 scraping the control plane" \
  sh -c 'curl -sf "127.0.0.1:9091/api/v1/query?query=up%7Bjob%3D%22kg-control-plane%22%7D" | grep -q "\"1\""'

# ---- an agent of acme over the EXTERNAL listener, as the chart configures it
cat > "$work/timeline.jsonl" <<'JSONL'
{"at":"2026-01-05T10:12:03Z","op":"upsert","object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"walkthrough-api","namespace":"shop","uid":"7a0c2c1e-0000-4000-8000-00000000c0de","labels":{"app":"api"}},"spec":{"nodeName":"node-1","containers":[{"name":"api","image":"shop/api:1.0"}]},"status":{"phase":"Running"}}}
JSONL
chmod 0644 "$work/timeline.jsonl"
agent() {
  timeout "$(left)" docker run --rm --name "walkthrough-agent-$tenant" --network host \
    -v "$repo/compose/secrets/kafka/ca.crt:/etc/kg-rca/kafka-ca/ca.crt:ro" -v "$work/timeline.jsonl:/tmp/timeline.jsonl:ro" \
    -e CLIENT_ID="$tenant" -e KAFKA_BROKERS="$KAFKA_EXTERNAL_HOST:$KAFKA_EXTERNAL_PORT" \
    -e KAFKA_SECURITY_PROTOCOL=SASL_SSL -e KAFKA_SASL_MECHANISM=SCRAM-SHA-512 \
    -e KAFKA_SASL_USERNAME="tenant-$tenant" -e KAFKA_SASL_PASSWORD="$password" \
    -e KAFKA_SSL_TRUSTSTORE_TYPE=PEM -e KAFKA_SSL_TRUSTSTORE_LOCATION=/etc/kg-rca/kafka-ca/ca.crt \
    kg-agent:"${KG_VERSION:-latest}" "$@"
}
agent register 2>&1 | tee "$work/register.log" | tail -5
# `accepted` when the tenant's principal may read the replies (KAFKA_TENANT_READ_TOPICS), else `delivered`.
grep -Eq "registration of $tenant (accepted|delivered)" "$work/register.log" || fail "the agent's registration failed"
say "ok: the agent's registration of $tenant went over SASL_SSL"
registered() {
  curl -s -H "Authorization: Bearer $token" 127.0.0.1:9090/api/tenants | grep -Eq "\"tenant\":\"$tenant\",\"state\":\"(REGISTERED|ACTIVE)\""
}
wait_for "the control plane to admit the registration of $tenant" registered
# The tenant's placement (DEFAULT_PLACEMENT, shared unless .env says otherwise) decides which workers serve it:
# shared, the pools' first instances kg-<worker>.pool-0; dedicated, its own kg-<worker>-<tenant>.
placement_of() {
  curl -s -H "Authorization: Bearer $token" 127.0.0.1:9090/api/placements | tr -d ' \n' \
    | grep -o "\"tenant\":\"$tenant\",\"placement\":\"[a-z]*\"" | sed 's/.*"placement":"//; s/"$//'
}
placed() { [[ -n $(placement_of) ]]; }
wait_for "a placement of $tenant" placed
placement=$(placement_of)
say "ok: $tenant placed: $placement"
for kind in event-normalizer log-normalizer graph-builder; do
  case $placement in
    shared) worker="kg-$kind.pool-0" ;;
    dedicated) worker="kg-$kind-$tenant" ;;
    *) fail "unknown placement '$placement' of $tenant" ;;
  esac
  wait_for "worker $worker running" sh -c "[ \"\$(docker inspect -f '{{.State.Status}}' $worker)\" = running ]"
done
agent replay /tmp/timeline.jsonl --tenant "$tenant" --speed max 2>&1 | tail -3
pod_in_neo4j() {
  curl -sf -u "neo4j:$NEO4J_PASSWORD" -H 'Content-Type: application/json' \
    -d '{"statements":[{"statement":"MATCH (n) WHERE n.name = \"walkthrough-api\" RETURN count(n) AS c"}]}' \
    http://127.0.0.1:7474/db/neo4j/tx/commit | grep -q '"row":\[[1-9]'
}
wait_for "the replayed Pod of $tenant in Neo4j" pod_in_neo4j
say "PASSED: compose/README.md's block and a tenant's first record, in $(( $(date +%s) - started )) s"
