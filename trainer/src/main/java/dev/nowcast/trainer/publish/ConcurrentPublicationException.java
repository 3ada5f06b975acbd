package dev.nowcast.trainer.publish;

import java.io.IOException;

/**
 * Another snapshot of the model was published after this run read the weights topic, so this run's version
 * number and champion comparison are stale. Rerunning compares against the new champion.
 */
public final class ConcurrentPublicationException extends IOException {
    private static final long serialVersionUID = 1L;

    public ConcurrentPublicationException(String message) {
        super(message);
    }
}
