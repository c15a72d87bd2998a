#!/usr/bin/env bash
# Publishes a realistic GKE UpgradeAvailableEvent for one cluster to the deployed notification
# topic of the cluster's project, the way GKE does, so the whole path (topic, trigger, function,
# GKE API read, Slack) can be seen working right after a deploy. The function reads the real
# cluster, so pick one that exists; the verdict depends on its node pools.
#
#   infra/send-test-notification.sh --cluster=NAME --location=LOCATION [--project=P]
#       [--version=1.24.17-gke.2472000] [--dry-run] [--config=FILE]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  echo "Usage: infra/send-test-notification.sh --cluster=NAME --location=LOCATION [--project=P] [--version=V] [--dry-run] [--config=FILE]"
}
cluster="" location="" project="" version=1.24.17-gke.2472000
while (($#)); do
  case "$1" in
    --cluster=*) cluster=${1#*=} ;;
    --location=*) location=${1#*=} ;;
    --project=*) project=${1#*=} ;;
    --version=*) version=${1#*=} ;;
    --dry-run) dry_run=true ;;
    -h | --help) usage; exit 0 ;;
    *) parse_config_option "$1" || { usage >&2; exit 2; } ;;
  esac
  shift
done
[[ -n "$cluster" && -n "$location" ]] || { usage >&2; exit 2; }

config_file=${config_file:-$infra_dir/config.env}
load_config "$config_file"
validate_config || { report_config_errors; exit 1; }
[[ "$dry_run" == true ]] || require_gcloud
project=${project:-$PROJECT_ID}
[[ " $(notification_projects | paste -sd' ' -) " == *" $project "* ]] ||
  die "project '$project' is not watched: add it to WATCHED and deploy first."
[[ "$version" =~ ^[0-9]+\.[0-9]+(\.[0-9]+(-gke\.[0-9]+)?)?$ ]] || die "--version='$version' is not a GKE version."

# GKE names the project by number in project_id, and puts the event, as JSON, in payload.
number=$(project_number "$project")
payload="{\"version\":\"$version\",\"resourceType\":\"MASTER\",\"releaseChannel\":{\"channel\":\"REGULAR\"}}"
type_url=type.googleapis.com/google.container.v1beta1.UpgradeAvailableEvent

step "Test notification for $project/$location/$cluster"
# ^;^ makes ';' the separator of the attribute list, since the payload holds commas.
run gcloud pubsub topics publish "$NOTIFICATION_TOPIC_ID" --project="$project" \
  --message="New master version \"$version\" is available for upgrade in the REGULAR channel." \
  --attribute="^;^project_id=$number;cluster_location=$location;cluster_name=$cluster;type_url=$type_url;payload=$payload"
if [[ "$dry_run" != true ]]; then
  note "Published. Within a minute, look in Slack, or read the function's log:"
  note "  gcloud functions logs read $notify_function --project=$project --region=$REGION --limit=20"
fi
