/**
 * Google's REST APIs read over the JDK's HTTP client: {@link
 * dev.upgradesentinel.googleapis.GoogleRest} (a GET with Application Default Credentials, retries
 * of the answers worth retrying, and Google's error answers read into {@link
 * dev.upgradesentinel.googleapis.GoogleApiException}). The first notification of a cold instance
 * reads the GKE API this way rather than through a client library, whose generated messages and
 * stubs it would have to load first.
 */
package dev.upgradesentinel.googleapis;
