#!/usr/bin/env bash
# Tests of the infra/ scripts against the stub gcloud in infra/tests/stub, which records every
# call and simulates the resources. Ends with "N passed, N failed, N skipped".
#
#   bash infra/tests/run.sh [--require-shellcheck]
set -euo pipefail

tests_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
infra=$(cd "$tests_dir/.." && pwd)
root=$(cd "$infra/.." && pwd)
require_shellcheck=false
[[ "${1:-}" != --require-shellcheck ]] || require_shellcheck=true

passed=0 failed=0 skipped=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); printf 'FAIL [%s] %s\n' "$current" "$*"; }
skip() { skipped=$((skipped + 1)); printf 'SKIP [%s] %s\n' "$current" "$*"; }
test_case() { current=$1; printf -- '--- %s\n' "$1"; }

# has FILE TEXT: the file holds TEXT on one line (fixed string).
has() { if grep -qF -- "$2" "$1"; then pass; else fail "expected in $(basename "$1"): $2"; fi; }
lacks() { if grep -qF -- "$2" "$1"; then fail "unexpected in $(basename "$1"): $2"; else pass; fi; }
count_is() {
  local n
  n=$(grep -cF -- "$2" "$1" || true)
  if [[ "$n" == "$3" ]]; then pass; else fail "expected $3 line(s) with '$2' in $(basename "$1"), found $n"; fi
}
status_is() { if [[ "$1" == "$2" ]]; then pass; else fail "exit status $1, expected $2"; fi; }

# Calls that change something: everything but describe, list and get-iam-policy.
mutations() { grep -vE '^gcloud (.* )?(describe|list|get-iam-policy) ' "$1" || true; }

# fail_call TEXT MESSAGE: from now on, a stub call containing TEXT fails with MESSAGE.
fail_call() { printf '%s|%s\n' "$1" "$2" >>"$work/state/failures"; }

# first_line FILE TEXT: the number of the first line of FILE holding TEXT (0 if none).
first_line() { grep -nF -- "$2" "$1" | head -n 1 | cut -d: -f1 | grep . || echo 0; }
last_line() { grep -nF -- "$2" "$1" | tail -n 1 | cut -d: -f1 | grep . || echo 0; }

secret_webhook=https://hooks.slack.com/services/T000/B000/not-a-real-secret-4f1c
secret_signing=signing-secret-value-9a7e

# A fresh stub world: two projects; payments-prod has a cluster that already notifies elsewhere.
fresh() {
  rm -rf "$work/state" "$work/log" && mkdir -p "$work/state"
  cat >"$work/state/clusters" <<'EOF'
tools-prod us-central1 ops
payments-prod us-central1 payments
payments-prod europe-west1-b pay-eu projects/payments-prod/topics/someone-elses-topic
EOF
  cat >"$work/config.env" <<'EOF'
PROJECT_ID=tools-prod
REGION=us-central1
WATCHED="tools-prod payments-prod/us-central1/payments payments-prod/europe-west1-b/pay-eu"
SLACK_SECRETS="SLACK_WEBHOOK_URL SLACK_SIGNING_SECRET"
CHECK_INVOKERS="group:sre@example.com"
EOF
}

# Runs an infra script with the stub first on PATH; output in $work/out, status in $status.
infra_run() {
  local script=$1
  shift
  set +e
  env PATH="$tests_dir/stub:$PATH" GCLOUD_STUB_LOG="$work/log" GCLOUD_STUB_STATE="$work/state" \
    SLACK_WEBHOOK_URL="$secret_webhook" SLACK_SIGNING_SECRET="$secret_signing" \
    bash "$infra/$script" --config="$work/config.env" "$@" </dev/null >"$work/out" 2>&1
  status=$?
  set -e
  touch "$work/log"
}

test_case "check-config accepts a valid config"
fresh
infra_run check-config.sh
status_is "$status" 0
has "$work/out" "The configuration is valid."
if [[ -s "$work/log" ]]; then fail "check-config called gcloud"; else pass; fi

test_case "check-config says what to fix"
fresh
cat >>"$work/config.env" <<'EOF'
PROJECT_ID=Tools_Prod
MESSAGE_LANGUAGE=fr
WATCHED="tools-prod payments-prod/us-central1"
SLACK_SECRETS=SLACK_BOT_TOKEN
EOF
infra_run check-config.sh
status_is "$status" 1
has "$work/out" "PROJECT_ID='Tools_Prod' is not a project id"
has "$work/out" "MESSAGE_LANGUAGE='fr' must be en or ko."
has "$work/out" "WATCHED entry 'payments-prod/us-central1' must be PROJECT or PROJECT/LOCATION/CLUSTER."
has "$work/out" "SLACK_SECRETS needs SLACK_SIGNING_SECRET"
has "$work/out" "SLACK_CHANNEL is empty but SLACK_BOT_TOKEN is used"
infra_run deploy.sh
status_is "$status" 1
if [[ -s "$work/log" ]]; then fail "deploy called gcloud with an invalid config"; else pass; fi

test_case "the environment overrides config.env"
fresh
PROJECT_ID=env-project infra_run check-config.sh
has "$work/out" "functions in:    env-project"

test_case "deploy --dry-run prints every command and runs none"
fresh
infra_run deploy.sh --dry-run
status_is "$status" 0
if [[ -s "$work/log" ]]; then fail "gcloud was called: $(head -1 "$work/log")"; else pass; fi
has "$work/out" "+ gcloud services enable cloudfunctions.googleapis.com"
has "$work/out" "+ gcloud functions deploy gke-upgrade-sentinel-slack-command"
has "$work/out" "+ gcloud secrets versions add gke-upgrade-sentinel-slack-webhook-url --project=tools-prod --data-file=-"
has "$work/out" "+ gcloud container clusters update payments --project=payments-prod --location=us-central1"
lacks "$work/out" "$secret_webhook"
lacks "$work/out" "$secret_signing"

test_case "deploy from an empty project"
fresh
infra_run deploy.sh
status_is "$status" 0
log=$work/log
has "$log" "gcloud services enable cloudfunctions.googleapis.com cloudbuild.googleapis.com run.googleapis.com eventarc.googleapis.com pubsub.googleapis.com container.googleapis.com firestore.googleapis.com secretmanager.googleapis.com cloudscheduler.googleapis.com artifactregistry.googleapis.com iam.googleapis.com recommender.googleapis.com cloudasset.googleapis.com --project=tools-prod"
has "$log" "gcloud services enable cloudfunctions.googleapis.com cloudbuild.googleapis.com run.googleapis.com eventarc.googleapis.com pubsub.googleapis.com container.googleapis.com artifactregistry.googleapis.com iam.googleapis.com recommender.googleapis.com --project=payments-prod"
has "$log" "gcloud iam service-accounts create gke-upgrade-sentinel --project=tools-prod"
has "$log" "gcloud iam service-accounts create gke-upgrade-sentinel --project=payments-prod"
sa=serviceAccount:gke-upgrade-sentinel@tools-prod.iam.gserviceaccount.com
pay_sa=serviceAccount:gke-upgrade-sentinel@payments-prod.iam.gserviceaccount.com
has "$log" "gcloud projects add-iam-policy-binding tools-prod --member=$sa --role=roles/container.clusterViewer --condition=None"
has "$log" "gcloud projects add-iam-policy-binding payments-prod --member=$sa --role=roles/container.clusterViewer --condition=None"
# Deprecation insights: a custom role with exactly the two permissions, where the clusters are.
has "$log" "gcloud iam roles create gke_upgrade_sentinel_insights --project=payments-prod --title=GKE Upgrade Sentinel insights reader --description=Lists GKE diagnosis insights (deprecations that pause upgrades) and reads GKE operations (why an upgrade failed) --permissions=recommender.containerDiagnosisInsights.get,recommender.containerDiagnosisInsights.list,container.operations.get --stage=GA --format=none"
has "$log" "gcloud projects add-iam-policy-binding payments-prod --member=$sa --role=projects/payments-prod/roles/gke_upgrade_sentinel_insights --condition=None"
has "$log" "gcloud projects add-iam-policy-binding payments-prod --member=$pay_sa --role=projects/payments-prod/roles/gke_upgrade_sentinel_insights --condition=None"
has "$log" "gcloud projects add-iam-policy-binding tools-prod --member=$sa --role=roles/datastore.user --condition=None"
has "$log" "gcloud pubsub topics add-iam-policy-binding gke-upgrade-sentinel-scans --project=tools-prod --member=$sa --role=roles/pubsub.publisher"
has "$log" "gcloud secrets add-iam-policy-binding gke-upgrade-sentinel-slack-webhook-url --project=tools-prod --member=$sa --role=roles/secretmanager.secretAccessor"
has "$log" "gcloud secrets add-iam-policy-binding gke-upgrade-sentinel-slack-signing-secret --project=tools-prod --member=$sa --role=roles/secretmanager.secretAccessor"
has "$log" "gcloud secrets add-iam-policy-binding gke-upgrade-sentinel-slack-webhook-url --project=tools-prod --member=$pay_sa --role=roles/secretmanager.secretAccessor"
lacks "$log" "gcloud secrets add-iam-policy-binding gke-upgrade-sentinel-slack-signing-secret --project=tools-prod --member=$pay_sa"
# No broad roles, and no project-wide secret access.
if mutations "$log" | grep -E 'roles/(owner|editor|container\.admin|container\.viewer|pubsub\.admin)|projects add-iam-policy-binding.*secretmanager' >/dev/null; then
  fail "a broad role was granted"
else
  pass
fi
for topic in "gke-upgrade-sentinel-notifications --project=tools-prod" "gke-upgrade-sentinel-notifications --project=payments-prod" \
  "gke-upgrade-sentinel-scans --project=tools-prod" "gke-upgrade-sentinel-notifications-dead-letter --project=payments-prod" \
  "gke-upgrade-sentinel-scans-dead-letter --project=tools-prod"; do
  has "$log" "gcloud pubsub topics create $topic"
done
has "$log" "gcloud pubsub subscriptions create gke-upgrade-sentinel-scans-dead-letter --project=tools-prod --topic=gke-upgrade-sentinel-scans-dead-letter --message-retention-duration=7d"
has "$log" "gcloud firestore databases create --database=(default) --location=us-central1 --type=firestore-native --project=tools-prod"
has "$log" "gcloud secrets create gke-upgrade-sentinel-slack-webhook-url --project=tools-prod --replication-policy=automatic"
has "$log" "gcloud secrets versions add gke-upgrade-sentinel-slack-webhook-url --project=tools-prod --data-file=-"
if [[ "$(cat "$work/state/secret-value.gke-upgrade-sentinel-slack-webhook-url")" == "$secret_webhook" ]]; then pass; else fail "the webhook URL did not reach gcloud on stdin"; fi
lacks "$work/out" "$secret_webhook"
lacks "$work/out" "$secret_signing"
lacks "$log" "$secret_webhook"
lacks "$log" "$secret_signing"

common="--region=us-central1 --gen2 --runtime=java21 --source=$root/functions"
has "$log" "gcloud functions deploy gke-upgrade-sentinel-notify --project=tools-prod $common --entry-point=dev.upgradesentinel.functions.ClusterNotificationFunction --service-account=gke-upgrade-sentinel@tools-prod.iam.gserviceaccount.com --trigger-topic=gke-upgrade-sentinel-notifications --trigger-service-account=gke-upgrade-sentinel@tools-prod.iam.gserviceaccount.com --retry --memory=512Mi --timeout=120s --max-instances=10 --set-env-vars=MESSAGE_LANGUAGE=en,NOTIFY_ON_CLEAR=false,DRY_RUN=false,NOTIFICATION_LOG=firestore,FIRESTORE_PROJECT_ID=tools-prod,JAVA_TOOL_OPTIONS=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:MaxRAM=512m -XX:MaxRAMPercentage=70,SCAN_TOPIC=projects/tools-prod/topics/gke-upgrade-sentinel-scans --set-secrets=SLACK_WEBHOOK_URL=gke-upgrade-sentinel-slack-webhook-url:latest"
has "$log" "gcloud functions deploy gke-upgrade-sentinel-scan-worker --project=tools-prod $common --entry-point=dev.upgradesentinel.functions.ScanWorkerFunction --service-account=gke-upgrade-sentinel@tools-prod.iam.gserviceaccount.com --trigger-topic=gke-upgrade-sentinel-scans --trigger-service-account=gke-upgrade-sentinel@tools-prod.iam.gserviceaccount.com --retry"
has "$log" "gcloud functions deploy gke-upgrade-sentinel-check --project=tools-prod $common --entry-point=dev.upgradesentinel.functions.CheckFunction --service-account=gke-upgrade-sentinel@tools-prod.iam.gserviceaccount.com --trigger-http --no-allow-unauthenticated"
has "$log" "gcloud functions deploy gke-upgrade-sentinel-slack-command --project=tools-prod $common --entry-point=dev.upgradesentinel.functions.SlackCommandFunction --service-account=gke-upgrade-sentinel@tools-prod.iam.gserviceaccount.com --trigger-http --allow-unauthenticated --memory=512Mi --timeout=60s --min-instances=1"
has "$log" "--set-secrets=SLACK_WEBHOOK_URL=gke-upgrade-sentinel-slack-webhook-url:latest,SLACK_SIGNING_SECRET=gke-upgrade-sentinel-slack-signing-secret:latest"
# The copy in the other project reads the secret across projects and logs to the main Firestore.
number=$(printf '%s' tools-prod | cksum | cut -c1-9)
has "$log" "gcloud functions deploy gke-upgrade-sentinel-notify --project=payments-prod $common --entry-point=dev.upgradesentinel.functions.ClusterNotificationFunction --service-account=gke-upgrade-sentinel@payments-prod.iam.gserviceaccount.com --trigger-topic=gke-upgrade-sentinel-notifications"
has "$log" "NOTIFICATION_LOG=firestore,FIRESTORE_PROJECT_ID=tools-prod,JAVA_TOOL_OPTIONS=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:MaxRAM=512m -XX:MaxRAMPercentage=70 --set-secrets=SLACK_WEBHOOK_URL=projects/$number/secrets/gke-upgrade-sentinel-slack-webhook-url:latest"
# Startup CPU boost on every function's Cloud Run service, after each deploy.
for fn in notify scan-worker check slack-command; do
  has "$log" "gcloud run services update gke-upgrade-sentinel-$fn --project=tools-prod --region=us-central1 --cpu-boost --quiet --format=none"
done
has "$log" "gcloud run services update gke-upgrade-sentinel-notify --project=payments-prod --region=us-central1 --cpu-boost"
count_is "$log" "--cpu-boost" 5
count_is "$log" "--allow-unauthenticated" 1
count_is "$log" "--min-instances=1" 1
count_is "$log" "--retry" 3
if grep -F 'gcloud functions deploy' "$log" | grep -E -- '--set-env-vars=[^ ]*(SLACK_WEBHOOK_URL|SLACK_SIGNING_SECRET|SLACK_BOT_TOKEN)' >/dev/null; then
  fail "a secret was passed with --set-env-vars"
else
  pass
fi
has "$log" "gcloud run services add-iam-policy-binding gke-upgrade-sentinel-notify --region=us-central1 --project=tools-prod --member=$sa --role=roles/run.invoker"
has "$log" "gcloud run services add-iam-policy-binding gke-upgrade-sentinel-scan-worker --region=us-central1 --project=tools-prod --member=$sa --role=roles/run.invoker"
has "$log" "gcloud run services add-iam-policy-binding gke-upgrade-sentinel-check --region=us-central1 --project=tools-prod --member=group:sre@example.com --role=roles/run.invoker"
has "$log" "gcloud pubsub subscriptions update projects/tools-prod/subscriptions/eventarc-us-central1-gke-upgrade-sentinel-notify-000111-sub-222 --project=tools-prod --dead-letter-topic=projects/tools-prod/topics/gke-upgrade-sentinel-notifications-dead-letter --max-delivery-attempts=10 --min-retry-delay=10s --max-retry-delay=600s"
has "$log" "gcloud pubsub topics add-iam-policy-binding gke-upgrade-sentinel-notifications-dead-letter --project=tools-prod --member=serviceAccount:service-$number@gcp-sa-pubsub.iam.gserviceaccount.com --role=roles/pubsub.publisher"
has "$log" "gcloud pubsub subscriptions add-iam-policy-binding eventarc-us-central1-gke-upgrade-sentinel-scan-worker-000111-sub-222 --project=tools-prod --member=serviceAccount:service-$number@gcp-sa-pubsub.iam.gserviceaccount.com --role=roles/pubsub.subscriber"
has "$log" 'gcloud scheduler jobs create pubsub gke-upgrade-sentinel-weekly-sweep --project=tools-prod --location=us-central1 --schedule=0 7 * * 1 --time-zone=Etc/UTC --topic=projects/tools-prod/topics/gke-upgrade-sentinel-scans --message-body={"kind":"sweep","projects":["tools-prod","payments-prod"],"notify":true}'
has "$log" "gcloud container clusters update payments --project=payments-prod --location=us-central1 --notification-config=pubsub=ENABLED,pubsub-topic=projects/payments-prod/topics/gke-upgrade-sentinel-notifications"
has "$log" "gcloud container clusters update ops --project=tools-prod --location=us-central1 --notification-config=pubsub=ENABLED,pubsub-topic=projects/tools-prod/topics/gke-upgrade-sentinel-notifications"
lacks "$log" "gcloud container clusters update pay-eu"
has "$work/out" "WARNING: payments-prod/europe-west1-b/pay-eu already notifies projects/payments-prod/topics/someone-elses-topic; left as it is."
has "$work/out" "+ gcloud functions deploy gke-upgrade-sentinel-check"
has "$work/out" "Done. Try it"
# Commands that print the resource they made are quiet: the output is one line per command.
loud=$(mutations "$log" | grep -v -- '--format=none' || true)
if [[ -z "$loud" ]]; then pass; else fail "without --format=none: $(head -3 <<<"$loud")"; fi

test_case "each project builds its functions as a build service account of its own"
for project in tools-prod payments-prod; do
  build=gke-upgrade-sentinel-build@$project.iam.gserviceaccount.com
  has "$log" "gcloud iam service-accounts create gke-upgrade-sentinel-build --project=$project --display-name=GKE Upgrade Sentinel function builds"
  for role in roles/logging.logWriter roles/artifactregistry.writer roles/storage.objectViewer; do
    has "$log" "gcloud projects add-iam-policy-binding $project --member=serviceAccount:$build --role=$role --condition=None"
  done
  # The grants are in place before the first build in the project starts.
  granted=$(last_line "$log" "add-iam-policy-binding $project --member=serviceAccount:$build")
  first_build=$(first_line "$log" "gcloud functions deploy gke-upgrade-sentinel-notify --project=$project")
  if ((granted > 0 && first_build > granted)); then pass; else fail "$project: grants at line $granted, first deploy at line $first_build"; fi
done
count_is "$log" "--build-service-account=projects/tools-prod/serviceAccounts/gke-upgrade-sentinel-build@tools-prod.iam.gserviceaccount.com --format=none" 4
count_is "$log" "--build-service-account=projects/payments-prod/serviceAccounts/gke-upgrade-sentinel-build@payments-prod.iam.gserviceaccount.com --format=none" 1
without=$(grep -F 'gcloud functions deploy' "$log" | grep -vF -- '--build-service-account=' || true)
if [[ -z "$without" ]]; then pass; else fail "deployed without a build service account: $(head -1 <<<"$without")"; fi
# The build accounts get the three build roles each, on their own project only.
build_grants=$(grep -F 'add-iam-policy-binding' "$log" | grep -F 'gke-upgrade-sentinel-build@' || true)
if [[ "$(grep -c . <<<"$build_grants")" == 6 ]]; then pass; else fail "expected 6 grants to build accounts: $build_grants"; fi
elsewhere=$(awk '{ for (i = 1; i < NF; i++) if ($i == "add-iam-policy-binding") on = $(i + 1)
  sa = $0; sub(/.*--member=serviceAccount:[^@]*@/, "", sa); sub(/[.].*/, "", sa)
  if (on != sa) print }' <<<"$build_grants")
if [[ -z "$elsewhere" ]]; then pass; else fail "a build account was granted a role on another project: $elsewhere"; fi

test_case "entry points are the functions/ classes"
for class in ClusterNotificationFunction CheckFunction SlackCommandFunction ScanWorkerFunction; do
  has "$log" "--entry-point=dev.upgradesentinel.functions.$class "
  source_file=$root/functions/src/main/java/dev/upgradesentinel/functions/$class.java
  if [[ -f "$source_file" ]]; then
    pass
  else
    fail "functions/ has no $class.java"
  fi
done
count_is "$log" "gcloud functions deploy" 5

test_case "deploy again changes nothing but the function revisions"
cp "$work/state/clusters" "$work/clusters.before"
: >"$work/log"
infra_run deploy.sh
status_is "$status" 0
# A function's revisions: its deploy, and the boost set again on the new revision.
other=$(mutations "$work/log" |
  grep -v -e '^gcloud functions deploy ' -e '^gcloud run services update .* --cpu-boost ' || true)
if [[ -z "$other" ]]; then pass; else fail "mutating calls on re-run: $(head -3 <<<"$other")"; fi
count_is "$work/log" "gcloud functions deploy" 5
if cmp -s "$work/clusters.before" "$work/state/clusters"; then pass; else fail "clusters changed on re-run"; fi

test_case "a reader role from an earlier deploy gains container.operations.get, once"
role_file=$(grep -l 'recommender.containerDiagnosisInsights.list' "$work"/state/*gke_upgrade_sentinel_insights* | head -1)
printf '%s\n' "recommender.containerDiagnosisInsights.get,recommender.containerDiagnosisInsights.list" >"$role_file"
: >"$work/log"
infra_run deploy.sh --only service-accounts
status_is "$status" 0
count_is "$work/log" "gcloud iam roles update gke_upgrade_sentinel_insights" 1
has "$work/out" "without container.operations.get; adding it"
: >"$work/log"
infra_run deploy.sh --only service-accounts
status_is "$status" 0
count_is "$work/log" "gcloud iam roles update" 0

test_case "deploy --only runs one step"
fresh
infra_run deploy.sh --only topics
status_is "$status" 0
if mutations "$work/log" | grep -v '^gcloud pubsub ' >/dev/null; then fail "--only topics ran other steps"; else pass; fi
has "$work/log" "gcloud pubsub topics create gke-upgrade-sentinel-scans --project=tools-prod"
infra_run deploy.sh --only nonsense
status_is "$status" 1
has "$work/out" "unknown step 'nonsense'"

test_case "ROUTING_SECRETS reach the functions by reference and are granted"
fresh
ROUTING_SECRETS="JIRA_API_TOKEN=jira-api-token" SLACK_WEBHOOK_URL=$secret_webhook SLACK_SIGNING_SECRET=$secret_signing \
  infra_run deploy.sh
status_is "$status" 0
has "$work/log" "JIRA_API_TOKEN=jira-api-token:latest"
has "$work/log" "gcloud secrets add-iam-policy-binding jira-api-token --project=tools-prod --member=serviceAccount:gke-upgrade-sentinel@tools-prod.iam.gserviceaccount.com --role=roles/secretmanager.secretAccessor"
ROUTING_SECRETS="jira token" infra_run check-config.sh
status_is "$status" 1
has "$work/out" "ROUTING_SECRETS entry 'jira': write VARIABLE=secret-name"

test_case "SWEEP_SCOPE sweeps the organization through Cloud Asset Inventory"
fresh
SWEEP_SCOPE=organizations/123456789012 infra_run deploy.sh
status_is "$status" 0
has "$work/log" "cloudasset.googleapis.com"
has "$work/log" "gcloud projects add-iam-policy-binding tools-prod --member=serviceAccount:gke-upgrade-sentinel@tools-prod.iam.gserviceaccount.com --role=roles/serviceusage.serviceUsageConsumer"
has "$work/log" "gcloud organizations add-iam-policy-binding 123456789012 --member=serviceAccount:gke-upgrade-sentinel@tools-prod.iam.gserviceaccount.com --role=roles/cloudasset.viewer --condition=None"
has "$work/log" '--message-body={"kind":"sweep","scope":"organizations/123456789012","notify":true}'
SWEEP_SCOPE=folders/445566 infra_run deploy.sh --only inventory
has "$work/log" "gcloud resource-manager folders add-iam-policy-binding 445566 --member=serviceAccount:gke-upgrade-sentinel@tools-prod.iam.gserviceaccount.com --role=roles/cloudasset.viewer"
SWEEP_SCOPE=organization/12 infra_run check-config.sh
status_is "$status" 1
has "$work/out" "SWEEP_SCOPE='organization/12' must be organizations/NUMBER or folders/NUMBER"

test_case "END_OF_SUPPORT_WARNING_DAYS reaches the functions only when set, and is checked"
fresh
END_OF_SUPPORT_WARNING_DAYS=45 infra_run deploy.sh
status_is "$status" 0
has "$work/log" ",END_OF_SUPPORT_WARNING_DAYS=45"
END_OF_SUPPORT_WARNING_DAYS=400 infra_run check-config.sh
status_is "$status" 1
has "$work/out" "END_OF_SUPPORT_WARNING_DAYS='400' must be a number of days from 0 to 366."
END_OF_SUPPORT_WARNING_DAYS=-3 infra_run check-config.sh
status_is "$status" 1

test_case "without SWEEP_SCOPE the sweep lists the watched projects and nothing is granted above them"
fresh
infra_run deploy.sh
status_is "$status" 0
lacks "$work/log" "gcloud organizations"
has "$work/log" '"kind":"sweep","projects":["tools-prod","payments-prod"]'

test_case "an organization grant refused names the command for an administrator, and the deploy goes on"
fresh
fail_call "organizations add-iam-policy-binding" "PERMISSION_DENIED: The caller does not have permission"
SWEEP_SCOPE=organizations/123456789012 infra_run deploy.sh
status_is "$status" 0
has "$work/out" "Could not grant roles/cloudasset.viewer on organizations/123456789012: ERROR: (gcloud.organizations) PERMISSION_DENIED"
has "$work/out" "gcloud organizations add-iam-policy-binding 123456789012 --member=serviceAccount:gke-upgrade-sentinel@tools-prod.iam.gserviceaccount.com --role=roles/cloudasset.viewer --condition=None"
has "$work/out" "Done."

test_case "REPLACE_NOTIFICATION_TOPIC=true takes a cluster over"
fresh
REPLACE_NOTIFICATION_TOPIC=true infra_run deploy.sh --only notifications
has "$work/log" "gcloud container clusters update pay-eu --project=payments-prod --location=europe-west1-b --notification-config=pubsub=ENABLED,pubsub-topic=projects/payments-prod/topics/gke-upgrade-sentinel-notifications"

test_case "a project entry watches every cluster of the project"
fresh
WATCHED=payments-prod PROJECT_ID=tools-prod infra_run deploy.sh --only notifications
has "$work/log" "gcloud container clusters list --project=payments-prod --format=value(name,location)"
has "$work/log" "gcloud container clusters update payments --project=payments-prod --location=us-central1"
lacks "$work/log" "gcloud container clusters update ops"

test_case "a failing clusters list stops the notifications step, naming the project"
fresh
fail_call "container clusters list --project=payments-prod" \
  'PERMISSION_DENIED: Required "container.clusters.list" permission(s) for "projects/payments-prod".'
WATCHED="payments-prod tools-prod" infra_run deploy.sh --only notifications
status_is "$status" 1
has "$work/out" 'error: listing the clusters of a watched project failed in project payments-prod: PERMISSION_DENIED: Required "container.clusters.list" permission(s)'
has "$work/out" "Have your account (gcloud auth list) granted the roles docs/deploy.md \"Prerequisites\" lists on project payments-prod"
# Nothing is changed on a partial picture: the clusters of tools-prod are not touched either.
lacks "$work/log" "gcloud container clusters update"
lacks "$work/out" "Done."

test_case "a clusters list refused because the API was just enabled says to wait"
fresh
fail_call "container clusters list --project=tools-prod" \
  'ResponseError: code=403, message=Kubernetes Engine API has not been used in project 123456789 before or it is disabled. Enable it by visiting https://console.developers.google.com/apis/api/container.googleapis.com/overview?project=123456789 then retry.'
infra_run deploy.sh
status_is "$status" 1
has "$work/out" "error: listing the clusters of a watched project failed in project tools-prod: ResponseError: code=403, message=Kubernetes Engine API has not been used"
has "$work/out" "Enable the API it names (infra/deploy.sh --only apis, or gcloud services enable API --project=tools-prod); an API enabled in the last minutes may answer like this for a while, so wait a minute and run again."
lacks "$work/out" "Done."
lacks "$work/log" "gcloud container clusters update"
# The error is the last thing said: nothing ran after it.
if tail -n 1 "$work/out" | grep -q '^error: listing the clusters'; then pass; else fail "last line: $(tail -n 1 "$work/out")"; fi

test_case "a failing functions deploy stops the deploy there"
fresh
fail_call "functions deploy gke-upgrade-sentinel-check " \
  'OperationError: code=3, message=Build failed with status: FAILURE. Could not build the function due to a missing permission on the build service account.'
infra_run deploy.sh
status_is "$status" 1
has "$work/out" "error: CheckFunction in tools-prod (IAM-authenticated): gcloud functions deploy gke-upgrade-sentinel-check failed in project tools-prod: OperationError: code=3, message=Build failed with status: FAILURE."
has "$work/out" "Read the build log linked above. The build runs as gke-upgrade-sentinel-build@tools-prod.iam.gserviceaccount.com: infra/deploy.sh --only service-accounts grants it the build roles"
lacks "$work/out" "Done."
lacks "$work/log" "gcloud functions deploy gke-upgrade-sentinel-slack-command"
lacks "$work/log" "gcloud scheduler jobs create"
lacks "$work/log" "gcloud container clusters update"

test_case "a read refused for lack of permission stops instead of creating"
fresh
fail_call "pubsub topics describe gke-upgrade-sentinel-scans --project=tools-prod" "PERMISSION_DENIED: User not authorized to perform this action."
infra_run deploy.sh --only topics
status_is "$status" 1
has "$work/out" "error: Pub/Sub topics: reading with gcloud pubsub topics describe gke-upgrade-sentinel-scans failed in project tools-prod: PERMISSION_DENIED: User not authorized to perform this action. Have your account"
lacks "$work/log" "gcloud pubsub topics create gke-upgrade-sentinel-scans --project=tools-prod"
fresh
fail_call "services list --enabled --project=payments-prod" "PERMISSION_DENIED: Permission denied to list services for consumer container [projects/payments-prod]"
infra_run deploy.sh --only apis
status_is "$status" 1
has "$work/out" "error: listing the enabled APIs failed in project payments-prod: PERMISSION_DENIED"
lacks "$work/log" "gcloud services enable cloudfunctions.googleapis.com cloudbuild.googleapis.com run.googleapis.com eventarc.googleapis.com pubsub.googleapis.com container.googleapis.com artifactregistry.googleapis.com iam.googleapis.com --project=payments-prod"

test_case "a failing teardown stops before deleting anything"
fresh
infra_run deploy.sh
fail_call "container clusters list --project=tools-prod" "UNAVAILABLE: The service is currently unavailable."
: >"$work/log"
infra_run teardown.sh --yes
status_is "$status" 1
has "$work/out" "error: listing the clusters of a watched project failed in project tools-prod: UNAVAILABLE"
has "$work/out" "Google Cloud did not answer in time: run again"
if mutations "$work/log" | grep -q .; then fail "teardown changed something: $(mutations "$work/log" | head -1)"; else pass; fi

test_case "BUILD_SERVICE_ACCOUNT names the build account, or keeps the default one"
fresh
BUILD_SERVICE_ACCOUNT=sentinel-builder infra_run deploy.sh
status_is "$status" 0
has "$work/log" "gcloud iam service-accounts create sentinel-builder --project=payments-prod"
has "$work/log" "gcloud projects add-iam-policy-binding payments-prod --member=serviceAccount:sentinel-builder@payments-prod.iam.gserviceaccount.com --role=roles/artifactregistry.writer --condition=None"
count_is "$work/log" "--build-service-account=projects/tools-prod/serviceAccounts/sentinel-builder@tools-prod.iam.gserviceaccount.com" 4
lacks "$work/log" "gke-upgrade-sentinel-build"
fresh
BUILD_SERVICE_ACCOUNT=default infra_run deploy.sh
status_is "$status" 0
lacks "$work/log" "--build-service-account"
lacks "$work/log" "gke-upgrade-sentinel-build"
has "$work/out" "BUILD_SERVICE_ACCOUNT=default: the projects' default Cloud Build service account builds the functions."
fresh
infra_run deploy.sh --dry-run
has "$work/out" "+ gcloud iam service-accounts create gke-upgrade-sentinel-build --project=payments-prod"
has "$work/out" "--build-service-account=projects/payments-prod/serviceAccounts/gke-upgrade-sentinel-build@payments-prod.iam.gserviceaccount.com"
BUILD_SERVICE_ACCOUNT=builder@tools-prod.iam.gserviceaccount.com infra_run check-config.sh
status_is "$status" 1
has "$work/out" "BUILD_SERVICE_ACCOUNT='builder@tools-prod.iam.gserviceaccount.com' is an email: give the account id only"
BUILD_SERVICE_ACCOUNT=gke-upgrade-sentinel infra_run check-config.sh
status_is "$status" 1
has "$work/out" "is the runtime service account (NAME_PREFIX)"
NAME_PREFIX=upgrade-sentinel-for-the-fleet infra_run check-config.sh
status_is "$status" 1
has "$work/out" "BUILD_SERVICE_ACCOUNT='upgrade-sentinel-for-the-fleet-build' is not a service account id"
infra_run check-config.sh
has "$work/out" "build account:   gke-upgrade-sentinel-build@PROJECT.iam.gserviceaccount.com in each of them"

test_case "the function upload leaves build output out"
ignore=$root/functions/.gcloudignore
if [[ -f "$ignore" ]]; then pass; else fail "functions/.gcloudignore is missing"; fi
# A copy of functions/ with what a build and an editor leave behind, read with the real gcloud
# when it is installed, else with git, whose ignore rules .gcloudignore follows.
source_dir=$work/upload-source
rm -rf "$source_dir" && mkdir -p "$source_dir/src/main/java" "$source_dir/target/classes" "$source_dir/.idea"
cp "$ignore" "$root/functions/pom.xml" "$source_dir/"
touch "$source_dir/src/main/java/Check.java" "$source_dir/routing.json" "$source_dir/target/classes/Check.class" \
  "$source_dir/target/demo.log" "$source_dir/.idea/workspace.xml" "$source_dir/functions.iml"
reader=""
if command -v gcloud >/dev/null && gcloud meta list-files-for-upload "$source_dir" >"$work/upload" 2>/dev/null; then
  reader=gcloud
elif command -v git >/dev/null; then
  reader=git
  rm -rf "$work/ignore-check" && git init -q "$work/ignore-check"
  (cd "$source_dir" && find . -type f | sed 's|^\./||' | sort) >"$work/all-files"
  git -C "$work/ignore-check" -c core.excludesFile="$source_dir/.gcloudignore" check-ignore --no-index --stdin \
    <"$work/all-files" >"$work/ignored" || true
  grep -vxF -f "$work/ignored" "$work/all-files" >"$work/upload" || true
fi
if [[ -n "$reader" ]]; then
  for kept in pom.xml src/main/java/Check.java routing.json; do
    if grep -qxF -- "$kept" "$work/upload"; then pass; else fail "$reader would not upload $kept"; fi
  done
  for left in target/classes/Check.class target/demo.log .idea/workspace.xml functions.iml .gcloudignore; do
    if grep -qxF -- "$left" "$work/upload"; then fail "$reader would upload $left"; else pass; fi
  done
else
  skip "neither gcloud nor git is installed to read functions/.gcloudignore"
fi

test_case "send-test-notification publishes a GKE-shaped message"
fresh
infra_run deploy.sh --only topics
infra_run send-test-notification.sh --cluster=payments --location=us-central1 --project=payments-prod
status_is "$status" 0
pay_number=$(printf '%s' payments-prod | cksum | cut -c1-9)
has "$work/log" "gcloud pubsub topics publish gke-upgrade-sentinel-notifications --project=payments-prod --message=New master version \"1.24.17-gke.2472000\" is available for upgrade in the REGULAR channel. --attribute=^;^project_id=$pay_number;cluster_location=us-central1;cluster_name=payments;type_url=type.googleapis.com/google.container.v1beta1.UpgradeAvailableEvent;payload={\"version\":\"1.24.17-gke.2472000\",\"resourceType\":\"MASTER\",\"releaseChannel\":{\"channel\":\"REGULAR\"}}"
infra_run send-test-notification.sh --cluster=payments --location=us-central1 --project=elsewhere-prod
status_is "$status" 1
has "$work/out" "project 'elsewhere-prod' is not watched"

test_case "teardown asks first"
fresh
infra_run deploy.sh
: >"$work/log"
infra_run teardown.sh
status_is "$status" 1
if mutations "$work/log" | grep -q .; then fail "teardown changed something without --yes"; else pass; fi

test_case "teardown --yes removes what deploy created, never a cluster"
infra_run teardown.sh --yes
status_is "$status" 0
log=$work/log
for f in gke-upgrade-sentinel-slack-command gke-upgrade-sentinel-check gke-upgrade-sentinel-scan-worker; do
  has "$log" "gcloud functions delete $f --project=tools-prod --region=us-central1 --quiet"
done
has "$log" "gcloud functions delete gke-upgrade-sentinel-notify --project=payments-prod --region=us-central1 --quiet"
has "$log" "gcloud scheduler jobs delete gke-upgrade-sentinel-weekly-sweep --project=tools-prod --location=us-central1 --quiet"
has "$log" "gcloud pubsub topics delete gke-upgrade-sentinel-notifications --project=payments-prod --quiet"
has "$log" "gcloud pubsub topics delete gke-upgrade-sentinel-scans-dead-letter --project=tools-prod --quiet"
has "$log" "gcloud pubsub subscriptions delete gke-upgrade-sentinel-scans-dead-letter --project=tools-prod --quiet"
has "$log" "gcloud secrets delete gke-upgrade-sentinel-slack-webhook-url --project=tools-prod --quiet"
has "$log" "gcloud projects remove-iam-policy-binding payments-prod --member=$sa --role=roles/container.clusterViewer --condition=None"
has "$log" "gcloud iam service-accounts delete gke-upgrade-sentinel@payments-prod.iam.gserviceaccount.com --project=payments-prod --quiet"
for project in tools-prod payments-prod; do
  for role in roles/logging.logWriter roles/artifactregistry.writer roles/storage.objectViewer; do
    has "$log" "gcloud projects remove-iam-policy-binding $project --member=serviceAccount:gke-upgrade-sentinel-build@$project.iam.gserviceaccount.com --role=$role --condition=None"
  done
  has "$log" "gcloud iam service-accounts delete gke-upgrade-sentinel-build@$project.iam.gserviceaccount.com --project=$project --quiet"
done
has "$log" "gcloud container clusters update payments --project=payments-prod --location=us-central1 --notification-config=pubsub=DISABLED"
lacks "$log" "gcloud container clusters update pay-eu"
lacks "$log" "gcloud container clusters delete"
lacks "$log" "gcloud firestore databases delete"
# What may stay: the fixture, the APIs, IAM leftovers of deleted resources, Firestore, and the
# custom insights role (a deleted role's id stays taken, so teardown leaves it and says so).
leftovers=$(find "$work/state" -type f -printf '%f\n' |
  grep -vE '^(clusters|.*\.services|secret-value\..*|.*\.dead-letter|.*\.role\..*|.*firestore_databases.*|.*\|iam_roles\|gke_upgrade_sentinel_insights)$' || true)
has "$work/out" "gcloud iam roles delete gke_upgrade_sentinel_insights --project=PROJECT"
if [[ -z "$leftovers" ]]; then pass; else fail "resources left: $leftovers"; fi

test_case "teardown again finds nothing to remove"
: >"$work/log"
infra_run teardown.sh --yes
status_is "$status" 0
if mutations "$work/log" | grep -q .; then fail "second teardown changed: $(mutations "$work/log" | head -1)"; else pass; fi

test_case "shellcheck"
if command -v shellcheck >/dev/null; then
  if (cd "$infra" && shellcheck -x ./*.sh tests/run.sh tests/stub/gcloud); then pass; else fail "shellcheck found problems"; fi
elif [[ "$require_shellcheck" == true ]]; then
  fail "shellcheck is not installed (apt-get install -y shellcheck)"
else
  skip "shellcheck is not installed"
fi

echo
echo "infra: $passed passed, $failed failed, $skipped skipped"
((failed == 0))
