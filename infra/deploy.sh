#!/usr/bin/env bash
# Deploys GKE Upgrade Sentinel from an empty project to working Slack notifications.
#
#   infra/deploy.sh [--dry-run] [--only STEP] [--config=FILE]
#
# Every step checks what exists before it creates anything, so a second run changes nothing,
# except `gcloud functions deploy`, which always uploads the source again: a safe update that
# rolls out a new revision with the same settings.
#
# Projects. GKE publishes a cluster's notifications only to a topic in the cluster's own project,
# and a function's Pub/Sub trigger only reads a topic of the function's own project
# (`--trigger-topic` takes no projects/P/topics/T form). So every watched project other than
# PROJECT_ID gets its own notification topic and its own copy of ClusterNotificationFunction,
# deployed in that project with a runtime service account of that project. The copies read the
# Slack secrets of PROJECT_ID and share its Firestore delivery log (FIRESTORE_PROJECT_ID points
# the log there), so a message is never posted twice. The on-demand check, the slash
# command, the scan worker, the scan topic and the weekly sweep live in PROJECT_ID only.
#
# Failures. Any gcloud command that fails stops the deploy there, with one line naming what failed,
# in which project, what gcloud said and the likely fix, and the exit status is not 0. Only a read
# that answers "not found" is expected: it is how a step learns what it still has to create.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

steps=(apis service-accounts topics firestore secrets functions dead-letter scheduler inventory notifications)

usage() {
  cat <<EOF
Usage: infra/deploy.sh [--dry-run] [--only STEP] [--config=FILE]

  --dry-run       print every command without running any (not even the read-only checks)
  --only STEP     run one step: ${steps[*]}
  --config=FILE   read the settings from FILE instead of infra/config.env
EOF
}

only=""
while (($#)); do
  case "$1" in
    --dry-run) dry_run=true ;;
    --only) only=${2:?--only needs a step}; shift ;;
    --only=*) only=${1#--only=} ;;
    -h | --help) usage; exit 0 ;;
    *) parse_config_option "$1" || { usage >&2; exit 2; } ;;
  esac
  shift
done
if [[ -n "$only" && " ${steps[*]} " != *" $only "* ]]; then
  die "unknown step '$only'; steps: ${steps[*]}"
fi

config_file=${config_file:-$infra_dir/config.env}
load_config "$config_file"
validate_config || { report_config_errors; exit 1; }
[[ "$dry_run" == true ]] || require_gcloud
export CLOUDSDK_CORE_DISABLE_PROMPTS=1

# Everything the deploy project runs; a project that only hosts a notification copy needs less.
main_apis=(cloudfunctions.googleapis.com cloudbuild.googleapis.com run.googleapis.com
  eventarc.googleapis.com pubsub.googleapis.com container.googleapis.com firestore.googleapis.com
  secretmanager.googleapis.com cloudscheduler.googleapis.com artifactregistry.googleapis.com
  iam.googleapis.com recommender.googleapis.com cloudasset.googleapis.com)
notification_apis=(cloudfunctions.googleapis.com cloudbuild.googleapis.com run.googleapis.com
  eventarc.googleapis.com pubsub.googleapis.com container.googleapis.com
  artifactregistry.googleapis.com iam.googleapis.com recommender.googleapis.com)

step_apis() {
  local project enabled api
  local -a wanted missing
  for project in $(notification_projects); do
    step "APIs in $project"
    if [[ "$project" == "$PROJECT_ID" ]]; then wanted=("${main_apis[@]}"); else wanted=("${notification_apis[@]}"); fi
    must_read enabled "listing the enabled APIs" \
      gcloud services list --enabled --project="$project" --format='value(config.name)'
    missing=()
    for api in "${wanted[@]}"; do
      grep -qxF "$api" <<<"$enabled" || missing+=("$api")
    done
    if ((${#missing[@]})); then
      run gcloud services enable "${missing[@]}" --project="$project" --format=none
    else
      note "All needed APIs are enabled."
    fi
  done
}

# ensure_service_account PROJECT ID DISPLAY_NAME
ensure_service_account() {
  local project=$1 id=$2 display_name=$3 sa
  sa=$id@$project.iam.gserviceaccount.com
  if exists gcloud iam service-accounts describe "$sa" --project="$project"; then
    note "Service account $sa exists."
  else
    run gcloud iam service-accounts create "$id" --project="$project" \
      --display-name="$display_name" --format=none
  fi
}

# Least privilege: read clusters, write the delivery log, and (below, on each resource) publish to
# the scan topic, read its own secrets, be invoked by its triggers.
step_service_accounts() {
  local project main_sa
  main_sa=serviceAccount:$(runtime_sa "$PROJECT_ID")
  step "Runtime service accounts"
  for project in $(notification_projects); do
    ensure_service_account "$project" "$runtime_sa_id" "GKE Upgrade Sentinel functions"
  done
  ensure_binding projects "$PROJECT_ID" roles/datastore.user "$main_sa"
  for project in $(watched_projects); do
    ensure_binding projects "$project" roles/container.clusterViewer "$main_sa"
    ensure_insights_role "$project"
    ensure_binding projects "$project" "$(insights_role "$project")" "$main_sa"
  done
  for project in $(notification_projects); do
    [[ "$project" != "$PROJECT_ID" ]] || continue
    ensure_binding projects "$project" roles/container.clusterViewer "serviceAccount:$(runtime_sa "$project")"
    ensure_binding projects "$project" "$(insights_role "$project")" "serviceAccount:$(runtime_sa "$project")"
    ensure_binding projects "$PROJECT_ID" roles/datastore.user "serviceAccount:$(runtime_sa "$project")"
  done
  step_build_service_accounts
}

# GKE's deprecation insights are read with recommender.containerDiagnosisInsights.list (and .get),
# and a failed upgrade's operation with container.operations.get, which roles/container.clusterViewer
# lacks. A custom role in each watched project holds exactly those three permissions: Google's IAM
# pages list them, while the name of a predefined role that holds the first two could not be
# confirmed there. A role created by an earlier deploy is updated to the same list. Creating it
# needs iam.roles.create on the project (roles/iam.roleAdmin), updating it iam.roles.update.
insights_permissions=recommender.containerDiagnosisInsights.get,recommender.containerDiagnosisInsights.list,container.operations.get
ensure_insights_role() {
  local project=$1 held
  if lookup held gcloud iam roles describe "$insights_role_id" --project="$project" \
    --format='value(includedPermissions)'; then
    if tr -s ',; \t' '\n' <<<"$held" | grep -qx container.operations.get; then
      note "Custom role $insights_role_id exists in $project."
    else
      note "Custom role $insights_role_id exists in $project without container.operations.get; adding it."
      run gcloud iam roles update "$insights_role_id" --project="$project" \
        --permissions="$insights_permissions" --format=none
    fi
  else
    run gcloud iam roles create "$insights_role_id" --project="$project" \
      --title="GKE Upgrade Sentinel insights reader" \
      --description="Lists GKE diagnosis insights (deprecations that pause upgrades) and reads GKE operations (why an upgrade failed)" \
      --permissions="$insights_permissions" \
      --stage=GA --format=none
  fi
}

# Cloud Build builds each function from its source. Since mid-2024 a project's default build
# service account may lack what a function build needs (Google's "Cloud Build Service Account
# Change"), so every project that hosts a function gets a build account of its own, with only the
# roles the build uses, passed to `gcloud functions deploy --build-service-account`.
# BUILD_SERVICE_ACCOUNT=default keeps the project's default build service account instead.
step_build_service_accounts() {
  local project role member
  if [[ "$BUILD_SERVICE_ACCOUNT" == default ]]; then
    note "BUILD_SERVICE_ACCOUNT=default: the projects' default Cloud Build service account builds the functions."
    return 0
  fi
  for project in $(notification_projects); do
    step "Build service account in $project"
    ensure_service_account "$project" "$BUILD_SERVICE_ACCOUNT" "GKE Upgrade Sentinel function builds"
    member=serviceAccount:$(build_sa "$project")
    for role in "${build_roles[@]}"; do
      ensure_binding projects "$project" "$role" "$member"
    done
  done
}

ensure_topic() {
  local project=$1 topic=$2
  if exists gcloud pubsub topics describe "$topic" --project="$project"; then
    note "Topic projects/$project/topics/$topic exists."
  else
    run gcloud pubsub topics create "$topic" --project="$project" --format=none
  fi
}

# A dead-letter topic keeps nothing by itself: its pull subscription holds the messages that
# failed every delivery attempt for a week, to read with `gcloud pubsub subscriptions pull`.
ensure_dead_letter_topic() {
  local project=$1 topic
  topic=$(dead_letter_topic "$2")
  ensure_topic "$project" "$topic"
  if exists gcloud pubsub subscriptions describe "$topic" --project="$project"; then
    note "Subscription projects/$project/subscriptions/$topic exists."
  else
    run gcloud pubsub subscriptions create "$topic" --project="$project" --topic="$topic" \
      --message-retention-duration=7d --expiration-period=never --format=none
  fi
}

step_topics() {
  local project
  step "Pub/Sub topics"
  for project in $(notification_projects); do
    ensure_topic "$project" "$NOTIFICATION_TOPIC_ID"
    ensure_dead_letter_topic "$project" "$NOTIFICATION_TOPIC_ID"
  done
  ensure_topic "$PROJECT_ID" "$SCAN_TOPIC_ID"
  ensure_dead_letter_topic "$PROJECT_ID" "$SCAN_TOPIC_ID"
  # The slash command, the check and the scan worker fan work out on the scan topic.
  ensure_binding "pubsub topics" "$SCAN_TOPIC_ID" roles/pubsub.publisher \
    "serviceAccount:$(runtime_sa "$PROJECT_ID")" --project="$PROJECT_ID"
}

step_firestore() {
  step "Firestore database (default) in $PROJECT_ID"
  if exists gcloud firestore databases describe --database='(default)' --project="$PROJECT_ID"; then
    note "The Firestore database exists."
  else
    run gcloud firestore databases create --database='(default)' --location="$FIRESTORE_LOCATION" \
      --type=firestore-native --project="$PROJECT_ID" --format=none
  fi
}

# The secrets each runtime service account may read: the signing secret only serves the slash
# command, which runs in PROJECT_ID.
secrets_for_project() {
  local var
  for var in $SLACK_SECRETS; do
    [[ "$1" == "$PROJECT_ID" || "$var" != SLACK_SIGNING_SECRET ]] && printf '%s\n' "$var"
  done
  return 0
}

# Creates the secret and its first version from the variable of the same name in the environment
# (or a hidden prompt). An existing secret is left as it is: rotate with
# `gcloud secrets versions add NAME --data-file=-`.
step_secrets() {
  local var name value project pair
  step "Slack secrets in Secret Manager ($PROJECT_ID)"
  for var in $SLACK_SECRETS; do
    name=$(secret_name "$var")
    if exists gcloud secrets describe "$name" --project="$PROJECT_ID"; then
      note "Secret $name exists; it is used as it is."
    else
      value=${!var:-}
      if [[ -z "$value" && "$dry_run" != true ]]; then
        [[ -t 0 ]] || die "secret $name does not exist yet: export $var with its value, then run again."
        read -r -s -p "Value of $var (not shown): " value
        echo >&2
        [[ -n "$value" ]] || die "$var is empty."
      fi
      run gcloud secrets create "$name" --project="$PROJECT_ID" --replication-policy=automatic --format=none
      note "The value comes from \$$var and is passed on standard input."
      run_with_input "$value" gcloud secrets versions add "$name" --project="$PROJECT_ID" --data-file=- \
        --format=none
    fi
  done
  for project in $(notification_projects); do
    for var in $(secrets_for_project "$project"); do
      ensure_binding secrets "$(secret_name "$var")" roles/secretmanager.secretAccessor \
        "serviceAccount:$(runtime_sa "$project")" --project="$PROJECT_ID"
    done
    for pair in $ROUTING_SECRETS; do
      ensure_binding secrets "${pair#*=}" roles/secretmanager.secretAccessor \
        "serviceAccount:$(runtime_sa "$project")" --project="$PROJECT_ID"
    done
  done
}

env_vars_flag() {
  local vars="MESSAGE_LANGUAGE=$MESSAGE_LANGUAGE,NOTIFY_ON_CLEAR=$NOTIFY_ON_CLEAR,DRY_RUN=$FUNCTIONS_DRY_RUN"
  [[ -z "$SLACK_CHANNEL" ]] || vars+=",SLACK_CHANNEL=$SLACK_CHANNEL"
  # Every deployment, in whatever project, shares the one notification log in PROJECT_ID.
  vars+=",NOTIFICATION_LOG=firestore,FIRESTORE_PROJECT_ID=$PROJECT_ID"
  # A C1-only JIT with the serial collector, for a shorter cold start (docs/performance.md).
  # Setting JAVA_TOOL_OPTIONS turns off the runtime's own heap sizing (MaxRAM from the memory
  # limit, 70% of it for the heap), so the same is given here.
  vars+=",JAVA_TOOL_OPTIONS=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
  vars+=" -XX:MaxRAM=${function_memory_mib}m -XX:MaxRAMPercentage=70"
  [[ "$1" != "$PROJECT_ID" ]] || vars+=",SCAN_TOPIC=$scan_topic"
  # Deprecation insights: off, or a budget and cache other than the defaults (80 reads a day, 12h);
  # the end-of-support warning, when not 30 days.
  local var
  for var in INSIGHTS INSIGHTS_DAILY_BUDGET INSIGHTS_CACHE_TTL END_OF_SUPPORT_WARNING_DAYS; do
    [[ -z "${!var:-}" ]] || vars+=",$var=${!var}"
  done
  # A routing config ships with the source; the functions read it from their working directory.
  [[ ! -f "$repo_root/functions/routing.json" ]] || vars+=",ROUTING_CONFIG=routing.json"
  printf -- '--set-env-vars=%s' "$vars"
}

# Secrets by reference, never by value: same-project names, or full names from another project.
secrets_flag() {
  local project=$1 function_kind=$2 var ref refs=()
  for var in $(secrets_for_project "$project"); do
    [[ "$var" != SLACK_SIGNING_SECRET || "$function_kind" == slack-command ]] || continue
    if [[ "$project" == "$PROJECT_ID" ]]; then
      ref=$(secret_name "$var"):latest
    else
      ref=projects/$main_project_number/secrets/$(secret_name "$var"):latest
    fi
    refs+=("$var=$ref")
  done
  # The secrets a routing config names, stored beforehand under these names in PROJECT_ID.
  local pair
  for pair in $ROUTING_SECRETS; do
    if [[ "$project" == "$PROJECT_ID" ]]; then
      refs+=("${pair%%=*}=${pair#*=}:latest")
    else
      refs+=("${pair%%=*}=projects/$main_project_number/secrets/${pair#*=}:latest")
    fi
  done
  local IFS=,
  printf -- '--set-secrets=%s' "${refs[*]}"
}

# Memory and timeouts: a function's JVM peaks at about 200 MiB after its first event, and the
# scan worker at about 210 MiB sweeping 10,000 clusters, so 512Mi leaves room without paying for
# 1Gi. Event functions get the time to read
# clusters and post with retries (a cluster: seconds; a project sweep: minutes, 540s is the
# event-function maximum). The slash command only acknowledges and queues work (Slack waits 3s),
# and keeps one warm instance because a Java cold start alone takes longer than Slack waits.
# The runtime: functions/ compiles to Java 17 bytecode (maven.compiler.release), which both the
# java17 and java21 runtimes run; the deploy uses java21, the newer LTS runtime. Cloud Build
# compiles the source again; functions/.gcloudignore keeps local build output (target/) out of
# the upload.
readonly function_memory_mib=512

deploy_function() {
  local project=$1 name=$2 entry_point=$3 build
  shift 3
  local -a build_flag=()
  build=$(build_sa "$project")
  [[ -z "$build" ]] || build_flag=(--build-service-account="projects/$project/serviceAccounts/$build")
  run gcloud functions deploy "$name" --project="$project" --region="$REGION" \
    --gen2 --runtime=java21 --source="$repo_root/functions" \
    --entry-point="dev.upgradesentinel.functions.$entry_point" \
    --service-account="$(runtime_sa "$project")" "$@" "${build_flag[@]}" --format=none
  # Startup CPU boost: more CPU while an instance starts, where a Java function spends its cold
  # start loading classes and building clients, several at once. A function deployed with gcloud
  # functions is a Cloud Run service of the same name, which Cloud Run's own commands manage; the
  # boost is set again after every deploy.
  run gcloud run services update "$name" --project="$project" --region="$REGION" --cpu-boost \
    --quiet --format=none
}

step_functions() {
  local project sa
  main_project_number=$(project_number "$PROJECT_ID")
  for project in $(notification_projects); do
    sa=$(runtime_sa "$project")
    step "ClusterNotificationFunction in $project"
    deploy_function "$project" "$notify_function" ClusterNotificationFunction \
      --trigger-topic="$NOTIFICATION_TOPIC_ID" --trigger-service-account="$sa" --retry \
      --memory="${function_memory_mib}Mi" --timeout=120s --max-instances=10 \
      "$(env_vars_flag "$project")" "$(secrets_flag "$project" notify)"
    ensure_binding "run services" "$notify_function" roles/run.invoker "serviceAccount:$sa" \
      --region="$REGION" --project="$project"
  done

  sa=$(runtime_sa "$PROJECT_ID")
  step "ScanWorkerFunction in $PROJECT_ID"
  # One instance: the GKE API rate limit is kept per instance, so a single worker is what keeps
  # a whole fleet sweep under the project's quota; batches queue on the topic meanwhile.
  deploy_function "$PROJECT_ID" "$scan_worker_function" ScanWorkerFunction \
    --trigger-topic="$SCAN_TOPIC_ID" --trigger-service-account="$sa" --retry \
    --memory="${function_memory_mib}Mi" --timeout=540s --max-instances=1 \
    "$(env_vars_flag "$PROJECT_ID")" "$(secrets_flag "$PROJECT_ID" scan-worker)"
  ensure_binding "run services" "$scan_worker_function" roles/run.invoker "serviceAccount:$sa" \
    --region="$REGION" --project="$PROJECT_ID"

  step "CheckFunction in $PROJECT_ID (IAM-authenticated)"
  deploy_function "$PROJECT_ID" "$check_function" CheckFunction \
    --trigger-http --no-allow-unauthenticated \
    --memory="${function_memory_mib}Mi" --timeout=300s --max-instances=5 \
    "$(env_vars_flag "$PROJECT_ID")" "$(secrets_flag "$PROJECT_ID" check)"
  local member
  for member in ${CHECK_INVOKERS//,/ }; do
    ensure_binding "run services" "$check_function" roles/run.invoker "$member" \
      --region="$REGION" --project="$PROJECT_ID"
  done

  step "SlackCommandFunction in $PROJECT_ID (public; verifies Slack's signature)"
  deploy_function "$PROJECT_ID" "$slack_command_function" SlackCommandFunction \
    --trigger-http --allow-unauthenticated \
    --memory="${function_memory_mib}Mi" --timeout=60s --min-instances=1 --max-instances=5 \
    "$(env_vars_flag "$PROJECT_ID")" "$(secrets_flag "$PROJECT_ID" slack-command)"
}

# trigger_subscription VAR PROJECT FUNCTION: sets VAR to the subscription Eventarc made for an
# event function, found through its trigger; fails when the function or its trigger is missing.
trigger_subscription() {
  local __var=$1 project=$2 function=$3 trigger found
  printf -v "$__var" '%s' ""
  lookup trigger gcloud functions describe "$function" --project="$project" --region="$REGION" \
    --format='value(eventTrigger.trigger)' || return 1
  [[ -n "$trigger" ]] || return 1
  lookup found gcloud eventarc triggers describe "${trigger##*/}" --project="$project" --location="$REGION" \
    --format='value(transport.pubsub.subscription)' || return 1
  [[ -n "$found" ]] || return 1
  printf -v "$__var" '%s' "$found"
}

# Redelivery with backoff, then the dead-letter topic. The Pub/Sub service agent forwards dead
# letters, so it needs to publish to the dead-letter topic and to subscribe to the source.
configure_dead_letter() {
  local project=$1 function=$2 topic=$3 subscription dead_letter agent current
  dead_letter=projects/$project/topics/$(dead_letter_topic "$topic")
  agent=serviceAccount:service-$(project_number "$project")@gcp-sa-pubsub.iam.gserviceaccount.com
  if ! trigger_subscription subscription "$project" "$function"; then
    [[ "$dry_run" == true ]] || die "no Eventarc subscription found for $function in $project: run the functions step first (infra/deploy.sh --only functions)."
    subscription="SUBSCRIPTION_OF_$function"
  fi
  lookup current gcloud pubsub subscriptions describe "$subscription" --project="$project" \
    --format='value(deadLetterPolicy.deadLetterTopic)' || true
  if [[ "$current" == "$dead_letter" ]]; then
    note "$subscription already dead-letters to $dead_letter."
  else
    run gcloud pubsub subscriptions update "$subscription" --project="$project" \
      --dead-letter-topic="$dead_letter" --max-delivery-attempts="$MAX_DELIVERY_ATTEMPTS" \
      --min-retry-delay=10s --max-retry-delay=600s --format=none
  fi
  ensure_binding "pubsub topics" "$(dead_letter_topic "$topic")" roles/pubsub.publisher "$agent" --project="$project"
  ensure_binding "pubsub subscriptions" "${subscription##*/}" roles/pubsub.subscriber "$agent" --project="$project"
}

step_dead_letter() {
  local project
  for project in $(notification_projects); do
    step "Retries and dead letters of $notify_function in $project"
    configure_dead_letter "$project" "$notify_function" "$NOTIFICATION_TOPIC_ID"
  done
  step "Retries and dead letters of $scan_worker_function in $PROJECT_ID"
  configure_dead_letter "$PROJECT_ID" "$scan_worker_function" "$SCAN_TOPIC_ID"
}

step_scheduler() {
  step "Weekly sweep (Cloud Scheduler job $sweep_job)"
  if exists gcloud scheduler jobs describe "$sweep_job" --project="$PROJECT_ID" --location="$SCHEDULER_LOCATION"; then
    note "The job exists; to change its schedule or body, run:"
    note "  gcloud scheduler jobs update pubsub $sweep_job --project=$PROJECT_ID --location=$SCHEDULER_LOCATION --schedule=... --message-body=..."
  else
    run gcloud scheduler jobs create pubsub "$sweep_job" --project="$PROJECT_ID" \
      --location="$SCHEDULER_LOCATION" --schedule="$SWEEP_SCHEDULE" --time-zone="$SWEEP_TIME_ZONE" \
      --topic="$scan_topic" --message-body="$SWEEP_MESSAGE_BODY" \
      --description="GKE Upgrade Sentinel: weekly sweep of ${SWEEP_SCOPE:-the watched projects}" --format=none
  fi
}

# With SWEEP_SCOPE, the sweep reads the organization or folder from Cloud Asset Inventory: the
# functions' account needs roles/cloudasset.viewer there, and to use the Asset API from its own
# project. Granting at an organization or folder takes the right to set its IAM policy, which a
# project's owner often lacks: then the step says what an administrator runs, and the deploy goes
# on (the sweep reports one error naming the role until it is granted). Scans by project need
# none of this.
step_inventory() {
  if [[ -z "$SWEEP_SCOPE" ]]; then
    note "SWEEP_SCOPE is not set: the weekly sweep lists the watched projects one by one."
    return 0
  fi
  local member group id
  member="serviceAccount:$(runtime_sa "$PROJECT_ID")"
  id=${SWEEP_SCOPE#*/}
  group=organizations
  [[ "$SWEEP_SCOPE" != folders/* ]] || group="resource-manager folders"
  step "Cloud Asset Inventory for $SWEEP_SCOPE"
  ensure_binding projects "$PROJECT_ID" roles/serviceusage.serviceUsageConsumer "$member"
  local -a words grant
  read -r -a words <<<"$group"
  # Adding a binding that exists changes nothing, so it is added without reading the policy
  # first: reading it takes the same right.
  grant=(gcloud "${words[@]}" add-iam-policy-binding "$id" --member="$member"
    --role=roles/cloudasset.viewer --condition=None --format=none)
  show_command "+" "${grant[@]}"
  [[ "$dry_run" != true ]] || return 0
  if ! "${grant[@]}" 2>"$gcloud_stderr"; then
    note "Could not grant roles/cloudasset.viewer on $SWEEP_SCOPE: $(head -n 1 "$gcloud_stderr")"
    note "It takes the right to set the IAM policy there (Organization Administrator, or Folder IAM"
    note "Admin). Ask someone who has it to run:"
    note "  gcloud $group add-iam-policy-binding $id --member=$member --role=roles/cloudasset.viewer --condition=None"
    note "Until then the sweep reports one error naming the role; scans by project still work."
  fi
}

# Sets watched_cluster_lines to one "PROJECT LOCATION CLUSTER" line per watched cluster. Listing
# a watched project's clusters has to work: a project whose list fails (no permission, API just
# enabled) stops the step before any cluster is changed, instead of being taken for one without
# clusters.
collect_watched_clusters() {
  local entry project location cluster listed
  watched_cluster_lines=""
  for entry in $(watched_entries); do
    IFS=/ read -r project location cluster <<<"$entry"
    if [[ -n "$cluster" ]]; then
      watched_cluster_lines+="$project $location $cluster"$'\n'
    elif [[ "$dry_run" == true ]]; then
      watched_cluster_lines+="$project LOCATION EACH_CLUSTER_OF_$project"$'\n'
    else
      must_read listed "listing the clusters of a watched project" \
        gcloud container clusters list --project="$project" --format='value(name,location)'
      [[ -n "$listed" ]] || note "Project $project has no clusters yet; deploy again after creating one."
      while read -r cluster location; do
        [[ -z "$cluster" ]] || watched_cluster_lines+="$project $location $cluster"$'\n'
      done <<<"$listed"
    fi
  done
}

step_notifications() {
  local project location cluster topic current
  step "Cluster notifications"
  collect_watched_clusters
  while read -r project location cluster; do
    [[ -n "$project" ]] || continue
    topic=projects/$project/topics/$NOTIFICATION_TOPIC_ID
    if ! lookup current gcloud container clusters describe "$cluster" --project="$project" --location="$location" \
      --format='value(notificationConfig.pubsub.topic)'; then
      [[ "$dry_run" == true ]] ||
        die "cluster $project/$location/$cluster was not found ($(gcloud_reason)): fix its WATCHED entry; gcloud container clusters list --project=$project lists the clusters."
    fi
    if [[ "$current" == "$topic" ]]; then
      note "$project/$location/$cluster already notifies $topic."
    elif [[ -n "$current" && "$REPLACE_NOTIFICATION_TOPIC" != true ]]; then
      note "WARNING: $project/$location/$cluster already notifies $current; left as it is."
      note "  A cluster has one notification topic: set REPLACE_NOTIFICATION_TOPIC=true to replace it."
    else
      run gcloud container clusters update "$cluster" --project="$project" --location="$location" \
        --notification-config="pubsub=ENABLED,pubsub-topic=$topic" --format=none
    fi
  done <<<"$watched_cluster_lines"
}

[[ "$dry_run" != true ]] || echo "Dry run: the commands below are printed, none is run." >&2
for name in "${steps[@]}"; do
  if [[ -z "$only" || "$only" == "$name" ]]; then
    "step_${name//-/_}"
  fi
done
if [[ -z "$only" && "$dry_run" != true ]]; then
  printf '\nDone. Try it: infra/send-test-notification.sh --cluster=NAME --location=LOCATION [--project=P]\n' >&2
fi
