package dev.upgradesentinel.check;

/** A check request that cannot be answered as asked; the message tells the caller what to fix. */
final class BadRequestException extends RuntimeException {
  private final int status;

  BadRequestException(String message) {
    this(400, message);
  }

  BadRequestException(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }
}
