/**
 * Routing of findings to sinks: the routing config ({@code ROUTING_CONFIG}, JSON) names the sinks
 * and maps findings to them by project, resource labels, location and verdict, each route in its
 * own language; {@link dev.upgradesentinel.routing.RoutingTable} applies it, and {@link
 * dev.upgradesentinel.routing.RoutingCheck} validates a config file before deployment.
 */
package dev.upgradesentinel.routing;
