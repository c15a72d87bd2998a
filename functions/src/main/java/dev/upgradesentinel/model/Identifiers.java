package dev.upgradesentinel.model;

import java.util.regex.Pattern;

/**
 * The shapes of the identifiers that name a cluster, as Google Cloud and GKE allow them. Every
 * entry point checks what it is given against these before a name reaches a command, a link or an
 * API call.
 */
public final class Identifiers {

  /** Project ids, optionally domain-scoped ({@code example.com:my-project}), or project numbers. */
  public static final Pattern PROJECT =
      Pattern.compile("(?:[a-z][a-z0-9.-]{0,62}:)?[a-z][a-z0-9-]{4,28}[a-z0-9]|[0-9]{1,20}");

  /** Project ids without a domain, or project numbers: what people type into a check. */
  public static final Pattern UNSCOPED_PROJECT =
      Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]|[0-9]{1,20}");

  /** Regions ({@code us-central1}) and zones ({@code us-central1-c}). */
  public static final Pattern LOCATION =
      Pattern.compile("[a-z]{2,20}-[a-z]{2,20}[0-9]{1,2}(-[a-z])?");

  /** GKE cluster names: lower-case letters, digits and hyphens, at most 40 characters. */
  public static final Pattern CLUSTER_NAME = Pattern.compile("[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?");

  /**
   * A scope Cloud Asset Inventory lists: {@code organizations/N}, {@code folders/N} or {@code
   * projects/P} (an id or a number).
   */
  public static final Pattern ASSET_SCOPE =
      Pattern.compile(
          "(organizations|folders)/[0-9]{1,20}|projects/([a-z][-a-z0-9]{4,28}[a-z0-9]|[0-9]{1,20})");

  private static final Pattern PROJECT_NUMBER = Pattern.compile("[0-9]{1,20}");

  private Identifiers() {}

  /** Whether a project is named by its number rather than its id. */
  public static boolean isProjectNumber(String project) {
    return PROJECT_NUMBER.matcher(project).matches();
  }
}
