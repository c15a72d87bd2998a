/**
 * The words of the product: a small message model that no chat or ticket system shapes ({@link
 * dev.upgradesentinel.guidance.Message}, {@link dev.upgradesentinel.guidance.Block}, {@link
 * dev.upgradesentinel.guidance.Span}), and {@link dev.upgradesentinel.guidance.GuidanceRenderer},
 * which turns an assessment into that model in English or Korean. Sinks translate the model into
 * their own markup; the model holds text only, never markup, so untrusted values from events and
 * clusters stay literal all the way to the sink.
 */
package dev.upgradesentinel.guidance;
