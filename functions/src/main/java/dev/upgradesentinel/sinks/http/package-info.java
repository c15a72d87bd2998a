/** HTTP for sinks: the one timeout, rate-limit and retry policy every sink's API calls follow. */
package dev.upgradesentinel.sinks.http;
