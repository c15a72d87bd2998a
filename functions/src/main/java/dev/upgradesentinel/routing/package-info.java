/**
 * Routing of messages to sinks: the routing config ({@code ROUTING_CONFIG}, JSON) names the sinks
 * and maps messages to them by project, resource labels, location, verdict and {@link
 * dev.upgradesentinel.routing.Subject kind}, each route in its own language; {@link
 * dev.upgradesentinel.routing.RoutingTable} applies it, and {@link
 * dev.upgradesentinel.routing.RoutingCheck} validates a config file before deployment.
 */
package dev.upgradesentinel.routing;
