/**
 * What every layer shares and nothing of ours is needed for: {@link
 * dev.upgradesentinel.base.TransientFailureException} (a failure a later attempt may cure, so
 * Pub/Sub redelivers), the per-event {@link dev.upgradesentinel.base.Deadline}, and the {@link
 * dev.upgradesentinel.base.Language} of guidance.
 */
package dev.upgradesentinel.base;
