# Turns the function's log into the demo's report: for each notification one line saying what
# happened, then the message as a chat reader sees it (the first in full up to a line budget, the
# others abridged), and at the end the number of notifications per outcome and verdict.
#
#   awk -v messages=FILE -f demo-report.awk INDEX LOG
#
# INDEX has one line per notification posted to the function: the number of the first line of LOG
# written after it, the HTTP status the function answered and the notification's file name. LOG is
# the invoker's output: java.util.logging records, each a date line and a "LEVEL: text" line, the
# text going on over the lines that follow. Every message is written in full to FILE. POSIX awk
# only, so that Debian's mawk runs it.

BEGIN {
  # Lines of the first message shown before it is cut at a paragraph; lines of text shown of the
  # others after their title.
  FIRST_LINES = 40
  LEAD_LINES = 3
  GUTTER = "  |"
  MONTH_DATE = "^[A-Z][a-z][a-z] [0-9][0-9]?, [0-9][0-9][0-9][0-9] "
  ISO_DATE = "^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] "
  FIELD = "^[^ -][^:]*: [^ ]"
  HEADING = "^== .* ==$"
  notifications = 0
  segment = 0
  messages_written = 0
  after_blank = 1
}

FILENAME == ARGV[1] {
  notifications++
  start[notifications] = $1 + 0
  status[notifications] = $2
  name[notifications] = $0
  sub(/^[^ ]+ [^ ]+ /, "", name[notifications])
  next
}

{
  while (segment < notifications && FNR >= start[segment + 1]) {
    if (segment > 0) finish()
    segment++
    reset()
  }
  if (segment == 0) next
  if ($0 ~ MONTH_DATE || $0 ~ ISO_DATE) {
    capturing = 0
    expect_record = ($0 ~ MONTH_DATE)
    next
  }
  if (expect_record && match($0, /^[A-Z]+: /)) {
    expect_record = 0
    capturing = 0
    record(substr($0, 1, RLENGTH - 2), substr($0, RLENGTH + 1))
    next
  }
  expect_record = 0
  if (capturing) body[++body_lines] = $0
}

END {
  if (segment > 0) finish()
  while (segment < notifications) {
    segment++
    reset()
    finish()
  }
  summary()
}

function reset() {
  event = cluster = verdict = blockers = insights = cause = drain = upgrade = ""
  outcome = detail = kind = problem = ""
  sent = 0
  body_lines = 0
  capturing = 0
  expect_record = 0
}

# value(TEXT, KEY): the value of KEY=value in a log line, up to the next space.
function value(text, key,    rest) {
  if (!match(text, "(^| )" key "=")) return ""
  rest = substr(text, RSTART + RLENGTH)
  if (match(rest, / /)) rest = substr(rest, 1, RSTART - 1)
  return rest
}

# after(TEXT, KEY): everything after KEY= (a reason, which may hold spaces).
function after(text, key) {
  if (!match(text, "(^| )" key "=")) return ""
  return substr(text, RSTART + RLENGTH)
}

function record(level, text) {
  if (text ~ /^Assessed: /) {
    event = value(text, "event")
    cluster = value(text, "cluster")
    verdict = value(text, "verdict")
    insights = value(text, "insights")
    cause = value(text, "cause")
    if (match(text, /blockers=\[[^]]*\]/)) blockers = substr(text, RSTART + 9, RLENGTH - 9)
  } else if (text ~ /^Drain reported: /) {
    event = value(text, "event")
    cluster = value(text, "cluster")
    drain = "disruptionType=" value(text, "disruptionType") " pods=" value(text, "pods")
  } else if (text ~ /^Upgrade scheduled: /) {
    upgrade = "upgrade scheduled: held by " value(text, "stoppers") ", stalled by " value(text, "stallers")
  } else if (text ~ /^Upgrade failed: /) {
    upgrade = "upgrade failed: cause=" value(text, "cause")
  } else if (text ~ /^DRY_RUN: would post to /) {
    # The text that follows is the message; only the first sink's copy is kept.
    if (body_lines == 0) capturing = 1
  } else if (text ~ /^Sent: /) {
    sent++
    kind = value(text, "kind")
  } else if (text ~ /^Nothing to send: /) {
    outcome = "not posted"
    detail = verdict ~ /^(BLOCKED|AT_RISK)$/ ? "already posted, not due again" : "nothing to act on"
  } else if (text ~ /^No sink is routed /) {
    outcome = "not posted"
    detail = "no sink is routed it"
  } else if (text ~ /^Already (handled|sent): /) {
    outcome = "not posted"
    detail = "already handled"
  } else if (text ~ /^Ignoring message: /) {
    outcome = "ignored"
    detail = after(text, "reason")
  } else if (text ~ /^Dropping message that cannot be understood: /) {
    outcome = "dropped as malformed"
    detail = after(text, "reason")
  } else if (text ~ /^Cluster of the notification no longer exists: /) {
    cluster = value(text, "cluster")
    outcome = "dropped"
    detail = "the cluster no longer exists"
  } else if ((level == "WARNING" || level == "SEVERE") && problem == "") {
    problem = text
  }
}

function finish(    line, category, label, i) {
  if (sent > 0) {
    outcome = "posted"
    detail = kind == "NEW" ? "new message" : tolower(kind)
  } else if (outcome == "" && problem != "") {
    outcome = "failed"
    detail = problem
  } else if (outcome == "") {
    outcome = "no outcome logged"
  }
  line = name[segment]
  if (event != "" || cluster != "") line = line ":"
  if (event != "") line = line " " event
  if (cluster != "") line = line " cluster=" cluster
  if (verdict != "") {
    line = line " verdict=" verdict
    if (blockers != "[]") line = line " blockers=" blockers " insights=" insights
    else line = line " cause=" cause (insights == "READ" ? "" : " insights=" insights)
  }
  if (drain != "") line = line " drain reported: " drain
  if (upgrade != "") line = line " " upgrade
  line = line " -> " outcome
  if (detail != "") line = line " (" detail ")"
  if (status[segment] != "200") line = line ", HTTP " status[segment]
  while (body_lines > 0 && body[body_lines] == "") body_lines--
  if (body_lines > 0 && !after_blank) print ""
  print line
  after_blank = 0

  category = outcome
  label = detail
  if (outcome == "posted" && drain != "") label = "drain notice"
  else if (outcome == "posted" && upgrade != "") label = substr(upgrade, 1, index(upgrade, ":") - 1) " notice"
  else if (outcome == "posted") label = verdict != "" ? verdict " (" detail ")" : detail
  else if (outcome == "not posted" && verdict != "") label = verdict
  else if (outcome == "dropped as malformed") {
    category = "dropped"
    label = "malformed"
  }
  count(category, label)

  if (body_lines == 0) return
  print "=== " line >messages
  for (i = 1; i <= body_lines; i++) print body[i] >messages
  print "" >messages
  if (messages_written++ == 0) show_first()
  else show_abridged()
  print ""
  after_blank = 1
}

function show(text) {
  print (text == "" ? GUTTER : GUTTER " " text)
}

# The first message as sent, cut at the last paragraph break within FIRST_LINES when longer,
# naming the sections left out.
function show_first(    cut, i, rest) {
  cut = body_lines
  if (body_lines > FIRST_LINES + 5) {
    for (i = FIRST_LINES; i > 1 && body[i] != ""; i--) {}
    cut = i > 1 ? i - 1 : FIRST_LINES
  }
  for (i = 1; i <= cut; i++) show(body[i])
  if (cut == body_lines) return
  rest = ""
  for (i = cut + 1; i <= body_lines; i++) {
    if (body[i] ~ HEADING) rest = rest (rest == "" ? "" : "; ") substr(body[i], 4, length(body[i]) - 6)
  }
  show("[... " (body_lines - cut) " more lines" (rest == "" ? "" : ", sections: " rest) "]")
}

# The title and the first LEAD_LINES lines of text, leaving out blank lines, section headings, the
# block of fields that names the cluster (the notification's line above says it) and other blocks
# of two or more "Label: value" lines.
function show_abridged(    i, j, start_of, fields, skip, lead, n, more) {
  start_of = 1
  for (i = 1; i <= body_lines + 1; i++) {
    if (i <= body_lines && body[i] != "") continue
    # Lines start_of .. i-1 are one paragraph.
    fields = 0
    skip = 0
    for (j = start_of; j < i; j++) {
      if (body[j] ~ FIELD) fields++
      if (index(body[j], "https://console.cloud.google.com/")) skip = 1
    }
    if (i - start_of >= 2 && fields == i - start_of) skip = 1
    for (j = start_of; j < i; j++) drop[j] = skip
    start_of = i + 1
  }
  n = 0
  more = 0
  for (i = 2; i <= body_lines; i++) {
    if (body[i] == "" || drop[i] || body[i] ~ HEADING) continue
    if (n == LEAD_LINES) {
      more = 1
      break
    }
    lead[++n] = body[i]
  }
  show(body[1])
  for (i = 1; i <= n; i++) show(lead[i] (i == n && more ? " [...]" : ""))
}

function count(category, label) {
  if (!(category in total)) order[++categories] = category
  total[category]++
  if (label == "") return
  if (!((category, label) in tally)) labels[category, ++label_count[category]] = label
  tally[category, label]++
}

function summary(    c, l, category, line) {
  if (!after_blank) print ""
  line = "Summary: " notifications " notifications:"
  for (c = 1; c <= categories; c++) line = line (c > 1 ? "," : "") " " total[order[c]] " " order[c]
  print line
  for (c = 1; c <= categories; c++) {
    category = order[c]
    if (!(category in label_count)) continue
    line = sprintf("  %-11s", category ":")
    for (l = 1; l <= label_count[category]; l++) {
      line = line (l > 1 ? ", " : " ") tally[category, labels[category, l]] " " labels[category, l]
    }
    print line
  }
}
