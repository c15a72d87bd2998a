/**
 * The on-demand HTTP check: validating a request before any API call, scanning small scopes at
 * once, fanning large ones out over the scan topic, and answering in JSON or as a table.
 */
package dev.upgradesentinel.check;
