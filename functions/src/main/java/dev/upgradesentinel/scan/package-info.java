/**
 * On-demand and fleet scans: the scan request that travels on the scan topic, the rate-aware fleet
 * scanner, the report, and the fan-out of large scans over Pub/Sub.
 */
package dev.upgradesentinel.scan;
