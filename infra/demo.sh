#!/usr/bin/env bash
# Runs ClusterNotificationFunction on the real Functions Framework invoker, offline: clusters come
# from infra/sample-fleet.json, Slack is in dry-run mode, and every notification under
# infra/sample-notifications/ is posted to the function the way Eventarc posts Pub/Sub messages.
# Needs JDK 17+, Maven and curl; no Google account.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
functions="$root/functions"
language=${MESSAGE_LANGUAGE:-en}

echo "Building the functions (first run downloads dependencies)..."
mvn -q -B -Dstyle.color=never -f "$functions/pom.xml" -DskipTests package

port=${DEMO_PORT:-}
if [[ -z "$port" ]]; then
  for candidate in $(seq 18080 18180); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
      port=$candidate
      break
    fi
  done
fi

log="$functions/target/demo.log"
cleanup() {
  if [[ -n "${invoker:-}" ]]; then
    kill "$invoker" 2>/dev/null || true
    wait "$invoker" 2>/dev/null || true
  fi
}
trap cleanup EXIT

env -i PATH="$PATH" LANG=C.UTF-8 \
  GKE_CLUSTERS_FILE="$root/infra/sample-fleet.json" \
  DRY_RUN=true \
  MESSAGE_LANGUAGE="$language" \
  java -jar "$functions/target/invoker/java-function-invoker.jar" \
  --target dev.upgradesentinel.functions.ClusterNotificationFunction \
  --port "$port" \
  --classpath "$functions/target/classes:$(cat "$functions/target/function-classpath.txt")" \
  >"$log" 2>&1 &
invoker=$!

for _ in $(seq 1 200); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$invoker" 2>/dev/null || { cat "$log"; echo "The function did not start." >&2; exit 1; }
  sleep 0.1
done

echo "ClusterNotificationFunction is listening on port $port (GKE_CLUSTERS_FILE=infra/sample-fleet.json, DRY_RUN=true, MESSAGE_LANGUAGE=$language)."
# What the function said while starting, such as the warning that the in-memory log is not durable.
grep -E '^(WARNING|SEVERE): ' "$log" | sed -E 's/^(WARNING|SEVERE): /\1: /' || true
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
echo
echo "The full log, with the exact Slack Block Kit payloads, is in ${log#"$root"/}."
