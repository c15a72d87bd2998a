#!/usr/bin/env bash
# Removes what infra/deploy.sh created: functions (with their Eventarc triggers), the sweep job,
# topics and subscriptions, secrets, IAM bindings and service accounts. Watched clusters are never
# deleted: only their notifications to our topic are turned off. The Firestore database and the
# enabled APIs stay (a project has one default database, and it may hold other data); the last
# lines say how to remove them by hand. Any gcloud command that fails stops the teardown with one
# line saying what failed and what to do; running it again after the fix picks up where it stopped.
#
#   infra/teardown.sh [--yes] [--dry-run] [--config=FILE]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

assume_yes=false
while (($#)); do
  case "$1" in
    --yes | -y) assume_yes=true ;;
    --dry-run) dry_run=true ;;
    -h | --help) echo "Usage: infra/teardown.sh [--yes] [--dry-run] [--config=FILE]"; exit 0 ;;
    *) parse_config_option "$1" || { echo "Usage: infra/teardown.sh [--yes] [--dry-run] [--config=FILE]" >&2; exit 2; } ;;
  esac
  shift
done

config_file=${config_file:-$infra_dir/config.env}
load_config "$config_file"
validate_config || { report_config_errors; exit 1; }
[[ "$dry_run" == true ]] || require_gcloud
export CLOUDSDK_CORE_DISABLE_PROMPTS=1

if [[ "$assume_yes" != true && "$dry_run" != true ]]; then
  echo "This removes GKE Upgrade Sentinel ($NAME_PREFIX-*) from: $(notification_projects | paste -sd' ' -)." >&2
  [[ -t 0 ]] || die "no terminal to ask on: run again with --yes."
  read -r -p "Type 'yes' to go on: " answer
  [[ "$answer" == yes ]] || { echo "Nothing removed." >&2; exit 1; }
fi

delete_if_exists() {
  # delete_if_exists "GROUP" NAME FLAGS...: describe, and delete only what is there.
  local -a words
  read -r -a words <<<"$1"
  local name=$2
  shift 2
  if [[ "$dry_run" == true ]] || exists gcloud "${words[@]}" describe "$name" "$@"; then
    run gcloud "${words[@]}" delete "$name" "$@" --quiet
  else
    note "${words[*]} $name: already gone."
  fi
}

step "Cluster notifications to our topics"
for entry in $(watched_entries); do
  IFS=/ read -r project location cluster <<<"$entry"
  topic=projects/$project/topics/$NOTIFICATION_TOPIC_ID
  if [[ -n "$cluster" ]]; then
    clusters="$cluster $location"
  elif [[ "$dry_run" == true ]]; then
    clusters="EACH_CLUSTER_OF_$project LOCATION"
  else
    must_read clusters "listing the clusters of a watched project" \
      gcloud container clusters list --project="$project" --format='value(name,location)'
  fi
  while read -r cluster location; do
    [[ -n "$cluster" ]] || continue
    current=""
    if ! lookup current gcloud container clusters describe "$cluster" --project="$project" --location="$location" \
      --format='value(notificationConfig.pubsub.topic)' && [[ "$dry_run" != true ]]; then
      note "$project/$location/$cluster: not found, nothing to turn off."
      continue
    fi
    if [[ "$dry_run" == true || "$current" == "$topic" ]]; then
      run gcloud container clusters update "$cluster" --project="$project" --location="$location" \
        --notification-config=pubsub=DISABLED --format=none
    else
      note "$project/$location/$cluster does not notify $topic; left as it is."
    fi
  done <<<"$clusters"
done

step "Weekly sweep"
delete_if_exists "scheduler jobs" "$sweep_job" --project="$PROJECT_ID" --location="$SCHEDULER_LOCATION"
if [[ -n "$SWEEP_SCOPE" ]]; then
  # Granted at the organization or folder, which teardown leaves to whoever administers it.
  note "The functions' account keeps roles/cloudasset.viewer on $SWEEP_SCOPE; to remove it, run:"
  note "  gcloud $([[ "$SWEEP_SCOPE" == folders/* ]] && echo "resource-manager folders" || echo organizations) remove-iam-policy-binding ${SWEEP_SCOPE#*/} --member=serviceAccount:$(runtime_sa "$PROJECT_ID") --role=roles/cloudasset.viewer"
fi

step "Functions"
for function in "$slack_command_function" "$check_function" "$scan_worker_function"; do
  delete_if_exists functions "$function" --project="$PROJECT_ID" --region="$REGION"
done
for project in $(notification_projects); do
  delete_if_exists functions "$notify_function" --project="$project" --region="$REGION"
done

step "Topics and dead-letter subscriptions"
for project in $(notification_projects); do
  topics=("$NOTIFICATION_TOPIC_ID")
  [[ "$project" != "$PROJECT_ID" ]] || topics+=("$SCAN_TOPIC_ID")
  for topic in "${topics[@]}"; do
    delete_if_exists "pubsub subscriptions" "$(dead_letter_topic "$topic")" --project="$project"
    delete_if_exists "pubsub topics" "$(dead_letter_topic "$topic")" --project="$project"
    delete_if_exists "pubsub topics" "$topic" --project="$project"
  done
done

step "Secrets"
for var in $SLACK_SECRETS; do
  delete_if_exists secrets "$(secret_name "$var")" --project="$PROJECT_ID"
done

step "Project roles and service accounts"
for project in $(notification_projects); do
  member=serviceAccount:$(runtime_sa "$project")
  for watched in $(watched_projects); do
    remove_binding projects "$watched" roles/container.clusterViewer "$member"
    remove_binding projects "$watched" "$(insights_role "$watched")" "$member"
  done
  remove_binding projects "$PROJECT_ID" roles/datastore.user "$member"
  delete_if_exists "iam service-accounts" "$(runtime_sa "$project")" --project="$project"
  if [[ "$BUILD_SERVICE_ACCOUNT" != default ]]; then
    for role in "${build_roles[@]}"; do
      remove_binding projects "$project" "$role" "serviceAccount:$(build_sa "$project")"
    done
    delete_if_exists "iam service-accounts" "$(build_sa "$project")" --project="$project"
  fi
done

step "Left in place"
note "Firestore database (default) in $PROJECT_ID: the delivery log. To delete it:"
note "  gcloud firestore databases delete --database='(default)' --project=$PROJECT_ID"
note "Custom role $insights_role_id in each watched project (a deleted role's id stays taken for"
note "  weeks, so a later deploy could not create it again). To delete it:"
note "  gcloud iam roles delete $insights_role_id --project=PROJECT"
note "Enabled APIs: disable with 'gcloud services disable API --project=P' if nothing else uses them."
