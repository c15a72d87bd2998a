/**
 * Where one function instance is wired: {@link dev.upgradesentinel.wiring.Instance} builds each
 * component on first use, from the configuration, and the entry classes in {@code functions} ask it
 * for what they need.
 */
package dev.upgradesentinel.wiring;
