package dev.upgradesentinel.base;

/**
 * A configuration variable is missing or malformed. Thrown while a function is constructed, so the
 * deployment fails at start with the variable's name instead of at the first event.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
