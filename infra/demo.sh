#!/usr/bin/env bash
# Runs the functions on the real Functions Framework invoker, offline: clusters come from
# infra/sample-fleet.json, GKE's deprecation insights from infra/sample-insights.json, and Slack is
# in dry-run mode. First ClusterNotificationFunction gets
# every notification under infra/sample-notifications/, posted the way Eventarc posts Pub/Sub
# messages; then CheckFunction answers an on-demand check of the sample fleet.
# Needs JDK 17+, Maven and curl; no Google account.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
functions="$root/functions"
language=${MESSAGE_LANGUAGE:-en}
fleet="$root/infra/sample-fleet.json"
insights="$root/infra/sample-insights.json"

echo "Building the functions (first run downloads dependencies)..."
mvn -q -B -Dstyle.color=never -f "$functions/pom.xml" -DskipTests package

free_port() {
  local candidate
  for candidate in $(seq "${1:-18080}" 18280); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
  echo "No free port between ${1:-18080} and 18280." >&2
  exit 1
}

invoker=""
stop_function() {
  if [[ -n "$invoker" ]]; then
    kill "$invoker" 2>/dev/null || true
    wait "$invoker" 2>/dev/null || true
    invoker=""
  fi
}
trap stop_function EXIT

# start_function TARGET PORT LOG: the function on the invoker with the demo's environment.
start_function() {
  local target=$1 port=$2 log=$3
  env -i PATH="$PATH" LANG=C.UTF-8 \
    GKE_CLUSTERS_FILE="$fleet" \
    GKE_INSIGHTS_FILE="$insights" \
    DRY_RUN=true \
    MESSAGE_LANGUAGE="$language" \
    java -jar "$functions/target/invoker/java-function-invoker.jar" \
    --target "dev.upgradesentinel.functions.$target" \
    --port "$port" \
    --classpath "$functions/target/classes:$(cat "$functions/target/function-classpath.txt")" \
    >"$log" 2>&1 &
  invoker=$!
  for _ in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return
    kill -0 "$invoker" 2>/dev/null || { cat "$log"; echo "$target did not start." >&2; exit 1; }
    sleep 0.1
  done
  echo "$target did not start within 20 s." >&2
  exit 1
}

log="$functions/target/demo.log"
port=${DEMO_PORT:-$(free_port)}
start_function ClusterNotificationFunction "$port" "$log"
echo "ClusterNotificationFunction is listening on port $port (GKE_CLUSTERS_FILE=infra/sample-fleet.json, GKE_INSIGHTS_FILE=infra/sample-insights.json, DRY_RUN=true, MESSAGE_LANGUAGE=$language)."
# What the function said while starting, such as the warning that the in-memory log is not durable.
grep -E '^(WARNING|SEVERE): ' "$log" || true
for sample in "$root"/infra/sample-notifications/*.json; do
  before=$(wc -l <"$log")
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" \
    -H 'ce-specversion: 1.0' \
    -H "ce-id: demo-$(basename "$sample" .json)" \
    -H 'ce-source: //pubsub.googleapis.com/projects/platform-prod/topics/gke-notifications' \
    -H 'ce-type: google.cloud.pubsub.topic.v1.messagePublished' \
    -H 'Content-Type: application/json' \
    --data-binary "@$sample")
  echo
  echo "=== $(basename "$sample") -> HTTP $status"
  sleep 0.2
  # Drop the logger's date lines and the Block Kit JSON (kept in full in the log file).
  tail -n +"$((before + 1))" "$log" \
    | grep -Ev '^[A-Z][a-z]{2} [0-9]{1,2}, [0-9]{4} |DRY_RUN: Slack payload' \
    | sed -E 's/^(INFO|WARNING|SEVERE): //'
done
stop_function

check_log="$functions/target/demo-check.log"
port=$(free_port "$((port + 1))")
start_function CheckFunction "$port" "$check_log"
echo
echo "=== CheckFunction on port $port: GET /?project=platform-prod with Accept: text/plain"
curl -s -H 'Accept: text/plain' "http://127.0.0.1:$port/?project=platform-prod"
echo
echo "=== GET /?project=platform-staging&location=europe-west1-b&cluster=analytics (JSON, abridged)"
curl -s "http://127.0.0.1:$port/?project=platform-staging&location=europe-west1-b&cluster=analytics" | cut -c1-600
echo
echo
echo "=== GET /?project=Not_A_Project"
curl -s -w ' -> HTTP %{http_code}\n' "http://127.0.0.1:$port/?project=Not_A_Project"
stop_function

echo
echo "The full logs, with the exact Slack Block Kit payloads, are in ${log#"$root"/} and ${check_log#"$root"/}."
