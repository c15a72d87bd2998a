/** The seam between guidance and the places it is delivered to; one sub-package per sink. */
package dev.upgradesentinel.sinks;
