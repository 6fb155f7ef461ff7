package dev.decomcam.ops.cli;

/** An error caused by the user's input, printed as one line without a stack trace. */
final class UserError extends RuntimeException {
  UserError(String message) {
    super(message);
  }
}
