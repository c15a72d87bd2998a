package dev.upgradesentinel.guidance;

/** Placeholder: the rendered guidance for one assessment. */
public interface Message {
  /** One line that says what happened, for notifications and log lines. */
  String summary();

  /** The whole guidance as plain text. */
  String plainText();
}
