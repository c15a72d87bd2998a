/** Configuration from environment variables, validated when a function starts. */
package dev.upgradesentinel.config;
