# shellcheck shell=bash disable=SC2034
# (SC2034: the names set here are used by the scripts that source this file.)
# Shared helpers of the infra/ scripts: configuration, validation, printing and running gcloud
# commands, idempotency checks. Sourced, never run.

infra_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$infra_dir/.." && pwd)

# Every setting of config.env; each one can also come from the environment, which wins.
config_vars=(
  PROJECT_ID REGION WATCHED NAME_PREFIX NOTIFICATION_TOPIC_ID SCAN_TOPIC_ID
  FIRESTORE_LOCATION SLACK_SECRETS SLACK_CHANNEL MESSAGE_LANGUAGE NOTIFY_ON_CLEAR
  FUNCTIONS_DRY_RUN CHECK_INVOKERS SWEEP_SCHEDULE SWEEP_TIME_ZONE SWEEP_MESSAGE_BODY
  SCHEDULER_LOCATION MAX_DELIVERY_ATTEMPTS REPLACE_NOTIFICATION_TOPIC ROUTING_SECRETS
)

# The Slack settings that may be kept in Secret Manager.
known_secret_vars=(SLACK_WEBHOOK_URL SLACK_BOT_TOKEN SLACK_SIGNING_SECRET)

dry_run=false

# Loads the config file (if present), lets the environment override it, and fills in defaults.
load_config() {
  local file=$1 var
  local -A from_env=()
  for var in "${config_vars[@]}"; do
    if [[ -n "${!var+set}" ]]; then from_env[$var]=${!var}; fi
  done
  if [[ -f "$file" ]]; then
    # shellcheck source=/dev/null
    source "$file"
  fi
  for var in "${!from_env[@]}"; do
    printf -v "$var" '%s' "${from_env[$var]}"
  done

  PROJECT_ID=${PROJECT_ID:-}
  REGION=${REGION:-us-central1}
  WATCHED=${WATCHED:-$PROJECT_ID}
  NAME_PREFIX=${NAME_PREFIX:-gke-upgrade-sentinel}
  NOTIFICATION_TOPIC_ID=${NOTIFICATION_TOPIC_ID:-$NAME_PREFIX-notifications}
  SCAN_TOPIC_ID=${SCAN_TOPIC_ID:-$NAME_PREFIX-scans}
  FIRESTORE_LOCATION=${FIRESTORE_LOCATION:-$REGION}
  SLACK_SECRETS=${SLACK_SECRETS:-SLACK_WEBHOOK_URL SLACK_SIGNING_SECRET}
  SLACK_CHANNEL=${SLACK_CHANNEL:-}
  MESSAGE_LANGUAGE=${MESSAGE_LANGUAGE:-en}
  NOTIFY_ON_CLEAR=${NOTIFY_ON_CLEAR:-false}
  FUNCTIONS_DRY_RUN=${FUNCTIONS_DRY_RUN:-false}
  CHECK_INVOKERS=${CHECK_INVOKERS:-}
  SWEEP_SCHEDULE=${SWEEP_SCHEDULE:-0 7 * * 1}
  SWEEP_TIME_ZONE=${SWEEP_TIME_ZONE:-Etc/UTC}
  SCHEDULER_LOCATION=${SCHEDULER_LOCATION:-$REGION}
  MAX_DELIVERY_ATTEMPTS=${MAX_DELIVERY_ATTEMPTS:-10}
  ROUTING_SECRETS=${ROUTING_SECRETS:-}
  REPLACE_NOTIFICATION_TOPIC=${REPLACE_NOTIFICATION_TOPIC:-false}
  SWEEP_MESSAGE_BODY=${SWEEP_MESSAGE_BODY:-$(default_sweep_body)}

  runtime_sa_id=$NAME_PREFIX
  notify_function=$NAME_PREFIX-notify
  check_function=$NAME_PREFIX-check
  slack_command_function=$NAME_PREFIX-slack-command
  scan_worker_function=$NAME_PREFIX-scan-worker
  sweep_job=$NAME_PREFIX-weekly-sweep
  scan_topic=projects/$PROJECT_ID/topics/$SCAN_TOPIC_ID
}

# WATCHED holds entries separated by spaces or commas: PROJECT (every cluster of the project) or
# PROJECT/LOCATION/CLUSTER (that one cluster).
watched_entries() {
  local entry
  for entry in ${WATCHED//,/ }; do printf '%s\n' "$entry"; done
}

# The watched projects, each once, in the order first named.
watched_projects() {
  watched_entries | cut -d/ -f1 | awk '!seen[$0]++'
}

# The deploy project first, then every other watched project: each gets a notification topic and
# its own copy of the notification function (see deploy.sh for why).
notification_projects() {
  { printf '%s\n' "$PROJECT_ID"; watched_projects; } | awk 'NF && !seen[$0]++'
}

default_sweep_body() {
  local projects
  projects=$(watched_projects | sed 's/.*/"&"/' | paste -sd, -)
  printf '{"kind":"sweep","projects":[%s],"notify":true}' "$projects"
}

runtime_sa() { printf '%s@%s.iam.gserviceaccount.com' "$runtime_sa_id" "$1"; }
secret_name() { printf '%s-%s' "$NAME_PREFIX" "$(tr 'A-Z_' 'a-z-' <<<"$1")"; }
dead_letter_topic() { printf '%s-dead-letter' "$1"; }

# ---------------------------------------------------------------------------------------------
# Validation. Collects every problem, then reports them all at once.

config_errors=()
config_error() { config_errors+=("$*"); }

is_bool() { [[ "$1" == true || "$1" == false ]]; }
valid_project() { [[ "$1" =~ ^[a-z][a-z0-9-]{4,28}[a-z0-9]$ ]]; }
valid_location() { [[ "$1" =~ ^[a-z]+-[a-z]+[0-9]+(-[a-z])?$ ]]; }
valid_resource_id() { [[ "$1" =~ ^[a-zA-Z][a-zA-Z0-9._~%+-]{2,254}$ ]]; }

validate_config() {
  config_errors=()
  local entry project location cluster var secret
  if [[ -z "$PROJECT_ID" ]]; then
    config_error "PROJECT_ID is empty: set it to the project that hosts the functions (e.g. PROJECT_ID=platform-tools)."
  elif ! valid_project "$PROJECT_ID"; then
    config_error "PROJECT_ID='$PROJECT_ID' is not a project id: 6-30 lowercase letters, digits or hyphens, starting with a letter."
  fi
  valid_location "$REGION" || config_error "REGION='$REGION' is not a region such as us-central1."
  valid_location "$SCHEDULER_LOCATION" || config_error "SCHEDULER_LOCATION='$SCHEDULER_LOCATION' is not a region such as us-central1."
  [[ "$FIRESTORE_LOCATION" =~ ^[a-z0-9-]+$ ]] ||
    config_error "FIRESTORE_LOCATION='$FIRESTORE_LOCATION' is not a location such as us-central1 or nam5."
  [[ "$NAME_PREFIX" =~ ^[a-z][a-z0-9-]{4,28}[a-z0-9]$ ]] ||
    config_error "NAME_PREFIX='$NAME_PREFIX' must be 6-30 lowercase letters, digits or hyphens (it names the service account)."

  if [[ -z "$(watched_entries)" ]]; then
    config_error "WATCHED is empty: list projects (every cluster) or PROJECT/LOCATION/CLUSTER entries."
  fi
  while read -r entry; do
    [[ -n "$entry" ]] || continue
    IFS=/ read -r project location cluster extra <<<"$entry"
    if [[ -n "${extra:-}" || ( -n "${location:-}" && -z "${cluster:-}" ) ]]; then
      config_error "WATCHED entry '$entry' must be PROJECT or PROJECT/LOCATION/CLUSTER."
      continue
    fi
    valid_project "$project" || config_error "WATCHED entry '$entry': '$project' is not a project id."
    if [[ -n "${location:-}" ]]; then
      [[ "$location" =~ ^[a-z]+-[a-z]+[0-9]+(-[a-z])?$ ]] ||
        config_error "WATCHED entry '$entry': '$location' is not a region or zone (us-central1, us-central1-a)."
      [[ "$cluster" =~ ^[a-z]([a-z0-9-]{0,38}[a-z0-9])?$ ]] ||
        config_error "WATCHED entry '$entry': '$cluster' is not a GKE cluster name."
    fi
  done < <(watched_entries)

  valid_resource_id "$NOTIFICATION_TOPIC_ID" || config_error "NOTIFICATION_TOPIC_ID='$NOTIFICATION_TOPIC_ID' is not a valid Pub/Sub topic id."
  valid_resource_id "$SCAN_TOPIC_ID" || config_error "SCAN_TOPIC_ID='$SCAN_TOPIC_ID' is not a valid Pub/Sub topic id."

  for secret in $SLACK_SECRETS; do
    [[ " ${known_secret_vars[*]} " == *" $secret "* ]] ||
      config_error "SLACK_SECRETS names '$secret'; allowed: ${known_secret_vars[*]}."
  done
  if [[ " $SLACK_SECRETS " != *" SLACK_WEBHOOK_URL "* && " $SLACK_SECRETS " != *" SLACK_BOT_TOKEN "* ]]; then
    config_error "SLACK_SECRETS needs SLACK_WEBHOOK_URL or SLACK_BOT_TOKEN, or the functions cannot post to Slack."
  fi
  local pair
  for pair in $ROUTING_SECRETS; do
    [[ "$pair" =~ ^[A-Z][A-Z0-9_]*=[A-Za-z0-9_-]+$ ]] ||
      config_error "ROUTING_SECRETS entry '$pair': write VARIABLE=secret-name, e.g. JIRA_API_TOKEN=jira-api-token."
  done
  if [[ " $SLACK_SECRETS " != *" SLACK_SIGNING_SECRET "* ]]; then
    config_error "SLACK_SECRETS needs SLACK_SIGNING_SECRET: the slash command is public and verifies Slack's signature with it."
  fi
  if [[ " $SLACK_SECRETS " == *" SLACK_BOT_TOKEN "* && -z "$SLACK_CHANNEL" ]]; then
    config_error "SLACK_CHANNEL is empty but SLACK_BOT_TOKEN is used: set the channel id the bot posts to (e.g. C0123456789)."
  fi
  [[ "$SLACK_CHANNEL" != *,* ]] || config_error "SLACK_CHANNEL='$SLACK_CHANNEL' must not contain a comma."
  [[ "$MESSAGE_LANGUAGE" == en || "$MESSAGE_LANGUAGE" == ko ]] ||
    config_error "MESSAGE_LANGUAGE='$MESSAGE_LANGUAGE' must be en or ko."
  for var in NOTIFY_ON_CLEAR FUNCTIONS_DRY_RUN REPLACE_NOTIFICATION_TOPIC; do
    is_bool "${!var}" || config_error "$var='${!var}' must be true or false."
  done
  if ! [[ "$MAX_DELIVERY_ATTEMPTS" =~ ^[0-9]+$ ]] || ((MAX_DELIVERY_ATTEMPTS < 5 || MAX_DELIVERY_ATTEMPTS > 100)); then
    config_error "MAX_DELIVERY_ATTEMPTS='$MAX_DELIVERY_ATTEMPTS' must be a number from 5 to 100 (Pub/Sub's limits)."
  fi
  [[ "$(wc -w <<<"$SWEEP_SCHEDULE")" -eq 5 ]] ||
    config_error "SWEEP_SCHEDULE='$SWEEP_SCHEDULE' must be a cron expression of 5 fields (e.g. '0 7 * * 1')."
  [[ "$SWEEP_MESSAGE_BODY" == \{*\} ]] ||
    config_error "SWEEP_MESSAGE_BODY must be a JSON object, e.g. {\"kind\":\"sweep\",\"projects\":[\"p1\"],\"notify\":true}."
  for entry in ${CHECK_INVOKERS//,/ }; do
    [[ "$entry" =~ ^(user|group|serviceAccount|domain):.+ ]] ||
      config_error "CHECK_INVOKERS entry '$entry' must be a member such as user:alice@example.com or group:sre@example.com."
  done

  ((${#config_errors[@]} == 0))
}

report_config_errors() {
  local message
  echo "The configuration has ${#config_errors[@]} problem(s):" >&2
  for message in "${config_errors[@]}"; do echo "  - $message" >&2; done
  echo "Fix them in ${config_file:-infra/config.env} (see infra/config.env.example) or in the environment." >&2
}

# ---------------------------------------------------------------------------------------------
# Printing and running.

step() { printf '\n== %s\n' "$*" >&2; }
note() { printf '   %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Prints a command the way a user would type it: plain words as they are, others single-quoted.
show_command() {
  local prefix=$1 arg out=""
  shift
  local plain='^[A-Za-z0-9_@%+=:,./-]*$' flag=""
  for arg in "$@"; do
    if [[ "$arg" =~ $plain ]]; then
      out+=" $arg"
    else
      if [[ "$arg" =~ ^(--[a-z-]+=)(.*)$ ]]; then
        flag=${BASH_REMATCH[1]}
        arg=${BASH_REMATCH[2]}
      fi
      out+=" $flag'${arg//\'/\'\\\'\'}'"
      flag=""
    fi
  done
  printf '%s%s\n' "$prefix" "$out" >&2
}

# Runs a command that changes something, after printing it; --dry-run only prints it.
run() {
  show_command "+" "$@"
  [[ "$dry_run" == true ]] || "$@"
}

# Like run, feeding a secret value on standard input; the value is never printed.
run_with_input() {
  local value=$1
  shift
  show_command "+" "$@"
  [[ "$dry_run" == true ]] || printf '%s' "$value" | "$@"
}

# Runs a read-only command (describe, list) and prints its output; prints nothing and fails in a
# dry run, so that a dry run assumes nothing exists and shows every command a first run makes.
query() {
  [[ "$dry_run" != true ]] || return 1
  "$@" 2>/dev/null
}

# True when a describe-like command succeeds.
exists() { query "$@" >/dev/null; }

project_number() {
  local number
  if number=$(query gcloud projects describe "$1" --format='value(projectNumber)') && [[ -n "$number" ]]; then
    printf '%s' "$number"
  elif [[ "$dry_run" == true ]]; then
    printf 'PROJECT_NUMBER_OF_%s' "$1"
  else
    die "cannot read the project number of '$1': does the project exist and can you see it?"
  fi
}

# Adds MEMBER to ROLE on a resource unless it is there already, e.g.
#   ensure_binding "projects" my-project roles/datastore.user serviceAccount:sa@... [--project=...]
# The group ("projects", "pubsub topics", "secrets", "run services", ...) is one string.
ensure_binding() {
  local group=$1 resource=$2 role=$3 member=$4
  shift 4
  local -a words condition=()
  read -r -a words <<<"$group"
  # A project policy may hold conditional bindings; gcloud then refuses to add or remove an
  # unconditional one without --condition=None when it cannot prompt.
  [[ "$group" != projects ]] || condition=(--condition=None)
  if has_binding "$group" "$resource" "$role" "$member" "$@"; then
    note "$member already has $role on $resource."
  else
    run gcloud "${words[@]}" add-iam-policy-binding "$resource" "$@" --member="$member" --role="$role" \
      "${condition[@]}" --format=none
  fi
}

has_binding() {
  local group=$1 resource=$2 role=$3 member=$4
  shift 4
  local -a words
  read -r -a words <<<"$group"
  query gcloud "${words[@]}" get-iam-policy "$resource" "$@" --flatten='bindings[].members' \
    --filter="bindings.role=$role" --format='value(bindings.members)' | grep -qxF -- "$member"
}

remove_binding() {
  local group=$1 resource=$2 role=$3 member=$4
  shift 4
  local -a words condition=()
  read -r -a words <<<"$group"
  # A project policy may hold conditional bindings; gcloud then refuses to add or remove an
  # unconditional one without --condition=None when it cannot prompt.
  [[ "$group" != projects ]] || condition=(--condition=None)
  if [[ "$dry_run" == true ]] || has_binding "$group" "$resource" "$role" "$member" "$@"; then
    run gcloud "${words[@]}" remove-iam-policy-binding "$resource" "$@" --member="$member" --role="$role" \
      "${condition[@]}" --format=none
  fi
}

# Common options of the three scripts that read the config.
config_file=${CONFIG_FILE:-}
parse_config_option() {
  case "$1" in
    --config=*) config_file=${1#--config=}; return 0 ;;
  esac
  return 1
}

require_gcloud() {
  command -v gcloud >/dev/null || die "gcloud is not on PATH: install the Google Cloud CLI (https://cloud.google.com/sdk/docs/install)."
}
