/**
 * The generic webhook sink: the finding as versioned JSON ({@link
 * dev.upgradesentinel.sinks.webhook.WebhookPayload}), signed with HMAC-SHA256 ({@link
 * dev.upgradesentinel.sinks.webhook.WebhookSignature}) and posted by {@link
 * dev.upgradesentinel.sinks.webhook.WebhookSink}, for ServiceNow or any other receiver.
 */
package dev.upgradesentinel.sinks.webhook;
