package dev.nowcast.stream.state;

/** Stored state bytes that the codec cannot read (a bug or a foreign writer, never a user's input). */
public final class CorruptStateException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CorruptStateException(String message) {
        super(message);
    }
}
