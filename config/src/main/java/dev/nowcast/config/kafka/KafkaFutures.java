package dev.nowcast.config.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting for a Kafka client's future ({@code KafkaFuture}, a producer's send) without the checked-exception
 * ladder at every call: a failure, a time-out and an interruption all become one {@link CallFailed}, whose cause
 * says which and whose {@link CallFailed#reason()} says it in words; an interruption keeps the thread's flag.
 */
public final class KafkaFutures {

    private KafkaFutures() {
    }

    /**
     * The future's value, waiting at most {@code timeout}.
     *
     * @throws CallFailed with the client's exception as cause (unwrapped from {@link ExecutionException}), a
     *                    {@link TimeoutException}, or an {@link InterruptedException}
     */
    public static <T> T await(Future<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new CallFailed(String.valueOf(cause.getMessage()), cause);
        } catch (TimeoutException e) {
            throw new CallFailed("no answer within " + seconds(timeout), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallFailed("interrupted", e);
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** A Kafka call that did not complete: failed, timed out, or interrupted (see the cause). */
    public static final class CallFailed extends RuntimeException {

        CallFailed(String reason, Throwable cause) {
            super(reason, cause);
        }

        /** The client's message, {@code "no answer within 30 s"} or {@code "interrupted"}. */
        public String reason() {
            return getMessage();
        }

        public boolean timedOut() {
            return getCause() instanceof TimeoutException;
        }

        public boolean interrupted() {
            return getCause() instanceof InterruptedException;
        }
    }
}
