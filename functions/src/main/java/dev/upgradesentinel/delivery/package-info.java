/** Delivery concerns shared by every entry point: failure kinds and redelivery bookkeeping. */
package dev.upgradesentinel.delivery;
