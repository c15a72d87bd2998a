#!/usr/bin/env bash
# Validates the deploy settings without calling Google Cloud, and says what to fix.
#
#   infra/check-config.sh [--config=FILE]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

while (($#)); do
  parse_config_option "$1" || { echo "Usage: infra/check-config.sh [--config=FILE]" >&2; exit 2; }
  shift
done
config_file=${config_file:-$infra_dir/config.env}
if [[ ! -f "$config_file" ]]; then
  echo "No $config_file: settings come from the environment only (copy infra/config.env.example to start)." >&2
fi
load_config "$config_file"
if ! validate_config; then
  report_config_errors
  exit 1
fi
routing=$repo_root/functions/routing.json
if [[ -f "$routing" ]]; then
  echo "Checking the routing config functions/routing.json (builds the functions once)..."
  mvn -q -B -Dstyle.color=never -f "$repo_root/functions/pom.xml" -DskipTests process-test-classes
  java -cp "$repo_root/functions/target/classes:$(cat "$repo_root/functions/target/function-classpath.txt")" \
    dev.upgradesentinel.routing.RoutingCheck "$routing" || exit 1
fi
command -v gcloud >/dev/null ||
  echo "warning: gcloud is not on PATH; deploy.sh needs it (https://cloud.google.com/sdk/docs/install)." >&2

echo "The configuration is valid."
echo "  functions in:    $PROJECT_ID ($REGION)"
echo "  watching:        $(watched_entries | paste -sd' ' -)"
echo "  notify copies:   $(notification_projects | paste -sd' ' -)"
if [[ "$BUILD_SERVICE_ACCOUNT" == default ]]; then
  echo "  build account:   each project's default Cloud Build service account"
else
  echo "  build account:   $BUILD_SERVICE_ACCOUNT@PROJECT.iam.gserviceaccount.com in each of them"
fi
echo "  Slack secrets:   $SLACK_SECRETS"
echo "  routing secrets: ${ROUTING_SECRETS:-none}"
echo "  weekly sweep:    '$SWEEP_SCHEDULE' $SWEEP_TIME_ZONE -> $SWEEP_MESSAGE_BODY"
