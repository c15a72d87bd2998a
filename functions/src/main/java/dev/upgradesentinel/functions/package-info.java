/**
 * The Functions Framework entry points. Each class only wires configuration to the packages that do
 * the work, and decides what the platform does with a failure: acknowledge or redeliver.
 */
package dev.upgradesentinel.functions;
