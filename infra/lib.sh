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
  BUILD_SERVICE_ACCOUNT INSIGHTS INSIGHTS_DAILY_BUDGET INSIGHTS_CACHE_TTL SWEEP_SCOPE
  END_OF_SUPPORT_WARNING_DAYS
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
  SWEEP_SCOPE=${SWEEP_SCOPE:-}
  SWEEP_MESSAGE_BODY=${SWEEP_MESSAGE_BODY:-$(default_sweep_body)}
  BUILD_SERVICE_ACCOUNT=${BUILD_SERVICE_ACCOUNT:-$NAME_PREFIX-build}
  INSIGHTS=${INSIGHTS:-}
  INSIGHTS_DAILY_BUDGET=${INSIGHTS_DAILY_BUDGET:-}
  END_OF_SUPPORT_WARNING_DAYS=${END_OF_SUPPORT_WARNING_DAYS:-}
  INSIGHTS_CACHE_TTL=${INSIGHTS_CACHE_TTL:-}

  runtime_sa_id=$NAME_PREFIX
  # Custom role ids allow letters, digits, underscores and periods: the prefix with _ for -.
  insights_role_id=${NAME_PREFIX//-/_}_insights
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

# The watched projects one by one, or with SWEEP_SCOPE the whole organization or folder, read from
# Cloud Asset Inventory in a few calls.
default_sweep_body() {
  local projects
  if [[ -n "${SWEEP_SCOPE:-}" ]]; then
    printf '{"kind":"sweep","scope":"%s","notify":true}' "$SWEEP_SCOPE"
    return
  fi
  projects=$(watched_projects | sed 's/.*/"&"/' | paste -sd, -)
  printf '{"kind":"sweep","projects":[%s],"notify":true}' "$projects"
}

runtime_sa() { printf '%s@%s.iam.gserviceaccount.com' "$runtime_sa_id" "$1"; }

# The custom role that lists GKE diagnosis insights in a project.
insights_role() { printf 'projects/%s/roles/%s' "$1" "$insights_role_id"; }

# The account Cloud Build runs the functions' builds as in a project; nothing with
# BUILD_SERVICE_ACCOUNT=default, where the project's default build service account builds them.
build_sa() {
  [[ "$BUILD_SERVICE_ACCOUNT" == default ]] || printf '%s@%s.iam.gserviceaccount.com' "$BUILD_SERVICE_ACCOUNT" "$1"
}

# What a function's build needs, from Google's "Custom Service Account for Cloud Build" (Cloud Run
# functions): write the build log, push the image to Artifact Registry (gcf-artifacts), and read
# the uploaded source from Cloud Storage. Granted on each project that hosts a function.
build_roles=(roles/logging.logWriter roles/artifactregistry.writer roles/storage.objectViewer)
secret_name() { printf '%s-%s' "$NAME_PREFIX" "$(tr 'A-Z_' 'a-z-' <<<"$1")"; }
dead_letter_topic() { printf '%s-dead-letter' "$1"; }

# ---------------------------------------------------------------------------------------------
# Validation. Collects every problem, then reports them all at once.

config_errors=()
config_error() { config_errors+=("$*"); }

is_bool() { [[ "$1" == true || "$1" == false ]]; }
valid_project() { [[ "$1" =~ ^[a-z][a-z0-9-]{4,28}[a-z0-9]$ ]]; }
valid_account_id() { [[ "$1" =~ ^[a-z][a-z0-9-]{4,28}[a-z0-9]$ ]]; }
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
  if [[ -n "$END_OF_SUPPORT_WARNING_DAYS" ]] && { ! [[ "$END_OF_SUPPORT_WARNING_DAYS" =~ ^[0-9]{1,3}$ ]] || ((10#$END_OF_SUPPORT_WARNING_DAYS > 366)); }; then
    config_error "END_OF_SUPPORT_WARNING_DAYS='$END_OF_SUPPORT_WARNING_DAYS' must be a number of days from 0 to 366."
  fi
  [[ -z "$SWEEP_SCOPE" || "$SWEEP_SCOPE" =~ ^(organizations|folders)/[0-9]{1,20}$ ]] ||
    config_error "SWEEP_SCOPE='$SWEEP_SCOPE' must be organizations/NUMBER or folders/NUMBER (gcloud organizations list, gcloud resource-manager folders list --organization=NUMBER)."
  [[ "$SWEEP_MESSAGE_BODY" == \{*\} ]] ||
    config_error "SWEEP_MESSAGE_BODY must be a JSON object, e.g. {\"kind\":\"sweep\",\"projects\":[\"p1\"],\"notify\":true}."
  if [[ "$BUILD_SERVICE_ACCOUNT" == *@* ]]; then
    config_error "BUILD_SERVICE_ACCOUNT='$BUILD_SERVICE_ACCOUNT' is an email: give the account id only (the part before @); deploy.sh creates it in each project that hosts a function."
  elif [[ "$BUILD_SERVICE_ACCOUNT" != default ]] && ! valid_account_id "$BUILD_SERVICE_ACCOUNT"; then
    config_error "BUILD_SERVICE_ACCOUNT='$BUILD_SERVICE_ACCOUNT' is not a service account id: 6-30 lowercase letters, digits or hyphens, starting with a letter (with a NAME_PREFIX over 24 characters, set a shorter one), or 'default'."
  elif [[ "$BUILD_SERVICE_ACCOUNT" == "$runtime_sa_id" ]]; then
    config_error "BUILD_SERVICE_ACCOUNT='$BUILD_SERVICE_ACCOUNT' is the runtime service account (NAME_PREFIX): the build needs an account of its own."
  fi
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

step() { current_step=$*; printf '\n== %s\n' "$*" >&2; }
note() { printf '   %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
current_step="Checks"

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

# ---------------------------------------------------------------------------------------------
# gcloud failures. Each one stops the script with one line: what failed, in which project, what
# gcloud said and the likely fix. The one failure that is not fatal is a read answering that
# something does not exist (yet). gcloud's error text is kept in a file to be read afterwards.

gcloud_stderr=$(mktemp "${TMPDIR:-/tmp}/gcloud-stderr.XXXXXX")
trap 'rm -f "$gcloud_stderr"' EXIT

# The command without its flags, as a name for what failed: "gcloud pubsub topics create T".
command_words() {
  local arg out="" n=0
  for arg in "$@"; do
    [[ "$arg" != -* ]] || continue
    if ((n == 5)); then out+=" ..."; break; fi
    out+="${out:+ }$arg"
    n=$((n + 1))
  done
  printf '%s' "$out"
}

# The project a command acts on: its --project, the project of `gcloud projects VERB P`, else
# PROJECT_ID.
command_project() {
  local arg
  for arg in "$@"; do
    if [[ "$arg" == --project=* ]]; then printf '%s' "${arg#--project=}"; return; fi
  done
  if [[ "${2:-}" == projects && -n "${4:-}" ]]; then printf '%s' "$4"; else printf '%s' "$PROJECT_ID"; fi
}

# gcloud's own words: its last "ERROR:" line (else its last line), without the command prefix.
gcloud_reason() {
  local line
  line=$(grep -E '^ERROR:' "$gcloud_stderr" | tail -n 1 || true)
  [[ -n "$line" ]] || line=$(grep -vE '^[[:space:]]*$' "$gcloud_stderr" | tail -n 1 || true)
  line=${line#ERROR: }
  line=$(sed -E 's/^\(gcloud[^)]*\) //' <<<"$line")
  ((${#line} <= 400)) || line="${line:0:397}..."
  line=${line%.}
  printf '%s' "${line:-gcloud printed no message}"
}

# What gcloud's error text says about the cause: billing, api, build, permission, login, quota,
# unavailable, missing or other. The order matters: a disabled API is also refused with 403.
gcloud_error_kind() {
  local text
  text=$(<"$gcloud_stderr")
  case "$text" in
    *BILLING_DISABLED* | *"illing account"*"disabled"* | *"illing is disabled"* | *"illing must be enabled"* | *"illing to be enabled"*)
      echo billing ;;
    *SERVICE_DISABLED* | *"has not been used in project"* | *"it is disabled"* | *accessNotConfigured* | *"API not enabled"* | *"is not enabled"*)
      echo api ;;
    *"Build failed"* | *"build failed"* | *"Could not build"* | *"build service account"*) echo build ;;
    *PERMISSION_DENIED* | *"code=403"* | *"status=[403]"* | *"403 Forbidden"* | *"HTTPError 403"* | \
      *"does not have permission"* | *"Permission denied"* | *"permission denied"* | *"not authorized"* | *"Permission '"*)
      echo permission ;;
    *UNAUTHENTICATED* | *"gcloud auth login"* | *"Reauthentication"* | *"active account"* | *"credentials"*) echo login ;;
    *RESOURCE_EXHAUSTED* | *"code=429"* | *"Quota exceeded"* | *"quota exceeded"* | *"Too Many Requests"*) echo quota ;;
    *UNAVAILABLE* | *DEADLINE_EXCEEDED* | *"code=503"* | *"timed out"* | *"Connection aborted"* | *"Unable to find the server"*)
      echo unavailable ;;
    *NOT_FOUND* | *"code=404"* | *"status=[404]"* | *"not found"* | *"Not found"* | *"does not exist"* | *"Cannot find"*)
      echo missing ;;
    *) echo other ;;
  esac
}

# The likely fix for an error of that kind in a project.
gcloud_fix() {
  local project=$2
  case "$1" in
    billing) printf 'Link project %s to a billing account (gcloud billing projects link %s --billing-account=ID), then run again.' "$project" "$project" ;;
    api) printf 'Enable the API it names (infra/deploy.sh --only apis, or gcloud services enable API --project=%s); an API enabled in the last minutes may answer like this for a while, so wait a minute and run again.' "$project" ;;
    build)
      if [[ "$BUILD_SERVICE_ACCOUNT" == default ]]; then
        printf 'Read the build log linked above. On a project created since mid-2024 the default build service account may lack what a build needs: leave BUILD_SERVICE_ACCOUNT unset, so that deploy.sh makes a build account of its own (docs/deploy.md: "Build service account").'
      else
        printf 'Read the build log linked above. The build runs as %s: infra/deploy.sh --only service-accounts grants it the build roles (docs/deploy.md: "Build service account").' "$(build_sa "$project")"
      fi ;;
    permission) printf 'Have your account (gcloud auth list) granted the roles docs/deploy.md "Prerequisites" lists on project %s (gcloud projects add-iam-policy-binding %s --member=user:YOU --role=ROLE); right after an API was enabled, wait a minute and run again.' "$project" "$project" ;;
    login) printf 'Log in again with gcloud auth login, then run again.' ;;
    quota) printf 'A quota of project %s was reached: wait a minute and run again.' "$project" ;;
    unavailable) printf 'Google Cloud did not answer in time: run again (every step is safe to repeat).' ;;
    missing) printf 'Check that project %s exists and that the names in the config are right (infra/check-config.sh).' "$project" ;;
    *) printf 'Read gcloud'"'"'s message above, fix its cause and run again: every step is safe to repeat.' ;;
  esac
}

# gcloud_failed WHAT PROJECT: stops the script after a gcloud command failed.
gcloud_failed() {
  die "$1 failed in project $2: $(gcloud_reason). $(gcloud_fix "$(gcloud_error_kind)" "$2")"
}

# Runs a command that changes something, after printing it; --dry-run only prints it. gcloud's
# messages still reach the terminal as they come; the resource it prints on success does not
# (commands that print one are given --format=none).
run() {
  show_command "+" "$@"
  [[ "$dry_run" != true ]] || return 0
  local status=0
  { "$@" 2>&1 >&3 3>&- | tee "$gcloud_stderr" >&2; } 3>&1 || status=$?
  ((status == 0)) || gcloud_failed "$current_step: $(command_words "$@")" "$(command_project "$@")"
}

# Like run, feeding a secret value on standard input; the value is never printed.
run_with_input() {
  local value=$1 status=0
  shift
  show_command "+" "$@"
  [[ "$dry_run" != true ]] || return 0
  { printf '%s' "$value" | "$@" 2>&1 >&3 3>&- | tee "$gcloud_stderr" >&2; } 3>&1 || status=$?
  ((status == 0)) || gcloud_failed "$current_step: $(command_words "$@")" "$(command_project "$@")"
}

# lookup VAR COMMAND...: a read (describe, get-iam-policy) whose output goes to VAR. Fails when the
# thing is not there; stops the script when the read itself could not be made (API disabled, no
# permission, not logged in, quota, no answer), since going on would act on a wrong picture. A
# dry run reads nothing and fails, so that it shows every command a first run makes. Call it in a
# condition (if, ||), and not in $(...), where stopping would only end the subshell.
lookup() {
  local __var=$1 __out __status=0
  shift
  printf -v "$__var" '%s' ""
  [[ "$dry_run" != true ]] || return 1
  __out=$("$@" 2>"$gcloud_stderr") || __status=$?
  if ((__status == 0)); then
    printf -v "$__var" '%s' "$__out"
    return 0
  fi
  case "$(gcloud_error_kind)" in
    billing | api | permission | login | quota | unavailable)
      gcloud_failed "$current_step: reading with $(command_words "$@")" "$(command_project "$@")" ;;
  esac
  return 1
}

# must_read VAR WHAT COMMAND...: a read that has to work (a list); any failure stops the script,
# named by WHAT. A dry run reads nothing and leaves VAR empty.
must_read() {
  local __var=$1 __what=$2 __out __status=0
  shift 2
  printf -v "$__var" '%s' ""
  [[ "$dry_run" != true ]] || return 0
  __out=$("$@" 2>"$gcloud_stderr") || __status=$?
  ((__status == 0)) || gcloud_failed "$__what" "$(command_project "$@")"
  printf -v "$__var" '%s' "$__out"
}

# True when a describe-like command finds its resource.
exists() {
  local found
  lookup found "$@"
}

project_number() {
  local number
  if lookup number gcloud projects describe "$1" --format='value(projectNumber)' && [[ -n "$number" ]]; then
    printf '%s' "$number"
  elif [[ "$dry_run" == true ]]; then
    printf 'PROJECT_NUMBER_OF_%s' "$1"
  else
    die "cannot read the project number of '$1' ($(gcloud_reason)): check that the project exists and that your account can see it (gcloud projects describe $1)."
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
  local policy
  lookup policy gcloud "${words[@]}" get-iam-policy "$resource" "$@" --flatten='bindings[].members' \
    --filter="bindings.role=$role" --format='value(bindings.members)' || return 1
  grep -qxF -- "$member" <<<"$policy"
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
