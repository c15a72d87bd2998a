package dev.upgradesentinel.base;

/**
 * A part that builds an API client on first use, and can build it before: a cold instance then
 * creates its clients while the Functions Framework starts and the first request is on its way,
 * instead of one after the other once the request is waiting.
 */
public interface Warmable {

  /**
   * Builds what the first call would, connecting to nothing. Safe to call from any thread, and more
   * than once; a failure is left for the first real call to meet and report.
   */
  void warmUp();
}
