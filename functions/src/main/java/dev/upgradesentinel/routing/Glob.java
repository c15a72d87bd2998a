package dev.upgradesentinel.routing;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A shell-style pattern for project ids, locations and label values: {@code *} matches any run of
 * characters, {@code ?} exactly one, everything else itself (case-sensitive, as GCP names are lower
 * case).
 */
record Glob(String pattern, Pattern regex) {
  Glob {
    Objects.requireNonNull(pattern, "pattern == null");
    Objects.requireNonNull(regex, "regex == null");
  }

  static Glob of(String pattern) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      regex.append(Pattern.quote(literal.toString()));
    }
    return new Glob(pattern, Pattern.compile(regex.toString(), Pattern.DOTALL));
  }

  boolean matches(String text) {
    return regex.matcher(text).matches();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
