#!/usr/bin/env bash
# Runs the functions on the real Functions Framework invoker, offline: clusters come from
# infra/sample-fleet.json, GKE's deprecation insights from infra/sample-insights.json, GKE's own
# upgrade answers from infra/sample-upgrade-info.json, its operations from
# infra/sample-operations.json, and Slack is in dry-run mode. First ClusterNotificationFunction gets
# every notification under infra/sample-notifications/, posted the way Eventarc posts Pub/Sub
# messages; then CheckFunction answers an on-demand check of the sample fleet.
# Prints one line per notification saying what the function did, the Slack message as a reader
# sees it (abridged after the first), a count per outcome and the check's table; the full logs and
# messages stay in functions/target/.
# Needs JDK 17+, Maven and curl; no Google account.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
functions="$root/functions"
target="$functions/target"
language=${MESSAGE_LANGUAGE:-en}
fleet="$root/infra/sample-fleet.json"
insights="$root/infra/sample-insights.json"
upgrade_info="$root/infra/sample-upgrade-info.json"
operations="$root/infra/sample-operations.json"

# shown FILE: the file's path as the reader finds it from the project's root.
shown() { echo "${1#"$root"/}"; }

build_log="$target/demo-build.log"
mkdir -p "$target"
echo "Building the functions (first run downloads dependencies; Maven's output goes to $(shown "$build_log"))..."
if ! mvn -B -Dstyle.color=never -f "$functions/pom.xml" -DskipTests package >"$build_log" 2>&1; then
  tail -n 40 "$build_log" | sed -E $'s/\x1b\\[[0-9;]*m//g' >&2
  echo "The build failed; Maven's full output is in $(shown "$build_log")." >&2
  exit 1
fi

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
    GKE_UPGRADE_INFO_FILE="$upgrade_info" \
    GKE_OPERATIONS_FILE="$operations" \
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

# The function reads a copy of the fleet, which the demo changes as a user would: before GKE says the
# analytics node pool's upgrade succeeded, the pool is migrated to COS_CONTAINERD.
live_fleet="$target/demo-fleet.json"
cp "$fleet" "$live_fleet"
fleet_shown=$fleet
fleet=$live_fleet

log="$target/demo.log"
messages="$target/demo-messages.txt"
index="$target/demo-index.txt"
port=${DEMO_PORT:-$(free_port)}
start_function ClusterNotificationFunction "$port" "$log"
echo "ClusterNotificationFunction runs on the invoker, port $port, with clusters from $(shown "$fleet_shown"),"
echo "insights from $(shown "$insights"), GKE's upgrade answers from $(shown "$upgrade_info"),"
echo "MESSAGE_LANGUAGE=$language and DRY_RUN=true: Slack messages are logged, not sent."
# What the function said while starting, such as the warning that the in-memory log is not durable.
grep -E '^(WARNING|SEVERE): ' "$log" || true
samples=("$root"/infra/sample-notifications/*.json)
: >"$index"
for sample in "${samples[@]}"; do
  if [[ $sample == *-analytics-upgrade-succeeded.json ]]; then
    sed '/"name": "analytics"/,/"imageType"/ s/"imageType": "COS"/"imageType": "COS_CONTAINERD"/' \
      "$live_fleet" >"$live_fleet.new"
    mv "$live_fleet.new" "$live_fleet"
  fi
  before=$(wc -l <"$log")
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" \
    -H 'ce-specversion: 1.0' \
    -H "ce-id: demo-$(basename "$sample" .json)" \
    -H 'ce-source: //pubsub.googleapis.com/projects/platform-prod/topics/gke-notifications' \
    -H 'ce-type: google.cloud.pubsub.topic.v1.messagePublished' \
    -H 'Content-Type: application/json' \
    --data-binary "@$sample")
  echo "$((before + 1)) $status $(basename "$sample")" >>"$index"
  sleep 0.2
done
stop_function

echo
echo "The ${#samples[@]} notifications in infra/sample-notifications/, posted as Eventarc posts Pub/Sub messages: what the"
echo "function did with each, and under it the Slack message (abridged after the first; in full in $(shown "$messages"))."
echo
awk -v messages="$messages" -f "$root/infra/demo-report.awk" "$index" "$log"

check_log="$target/demo-check.log"
port=$(free_port "$((port + 1))")
start_function CheckFunction "$port" "$check_log"
echo
echo "CheckFunction, on-demand check of the fleet: GET /?project=platform-prod with Accept: text/plain"
curl -s -H 'Accept: text/plain' "http://127.0.0.1:$port/?project=platform-prod"
echo
echo "GET /?project=platform-staging&location=europe-west1-b&cluster=analytics answers JSON (abridged):"
# Cut after the cluster's verdict: the rest (reason, blockers, node pools, commands) runs long.
curl -s "http://127.0.0.1:$port/?project=platform-staging&location=europe-west1-b&cluster=analytics" \
  | sed -E 's/("verdict":"[A-Z_]+").*/\1, ...}]}/'
echo
printf '%s' "GET /?project=Not_A_Project: "
curl -s -w ' -> HTTP %{http_code}\n' "http://127.0.0.1:$port/?project=Not_A_Project"
stop_function

echo
echo "Every message in full: $(shown "$messages"); the full logs, with the exact Slack Block Kit payloads:"
echo "$(shown "$log") and $(shown "$check_log")."
