package dev.nowcast.trainer.cli;

/** Options that do not fit together or a missing input; exit code 2, the message says what to change. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
