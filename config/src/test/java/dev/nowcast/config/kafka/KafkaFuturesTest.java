package dev.nowcast.config.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.Test;

class KafkaFuturesTest {

    @Test
    void aCompletedFutureGivesItsValue() {
        assertThat(KafkaFutures.await(KafkaFuture.completedFuture("ok"), Duration.ofSeconds(1))).isEqualTo("ok");
    }

    @Test
    void aFailureCarriesTheClientsOwnExceptionAndMessage() {
        KafkaFuture<Void> failed = KafkaFuture.completedFuture(null).thenApply(v -> {
            throw new TopicExistsException("Topic 'x' already exists.");
        });
        KafkaFutures.CallFailed e = catchThrowableOfType(() -> KafkaFutures.await(failed, Duration.ofSeconds(1)),
                KafkaFutures.CallFailed.class);
        assertThat(e.getCause()).isInstanceOf(TopicExistsException.class);
        assertThat(e.reason()).isEqualTo("Topic 'x' already exists.");
        assertThat(e.timedOut()).isFalse();
        assertThat(e.interrupted()).isFalse();
    }

    @Test
    void aTimeOutSaysHowLongItWaited() {
        KafkaFutures.CallFailed e = catchThrowableOfType(() -> KafkaFutures.await(new CompletableFuture<>(),
                Duration.ofMillis(50)), KafkaFutures.CallFailed.class);
        assertThat(e.getCause()).isInstanceOf(TimeoutException.class);
        assertThat(e.timedOut()).isTrue();
        assertThat(e.reason()).isEqualTo("no answer within 50 ms");
        assertThat(catchThrowableOfType(() -> KafkaFutures.await(new CompletableFuture<>(), Duration.ofSeconds(0)),
                KafkaFutures.CallFailed.class).reason()).isEqualTo("no answer within 0 s");
    }

    @Test
    void anInterruptionKeepsTheThreadsFlag() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> KafkaFutures.await(new CompletableFuture<>(), Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(KafkaFutures.CallFailed.class, e -> {
                        assertThat(e.interrupted()).isTrue();
                        assertThat(e.reason()).isEqualTo("interrupted");
                    });
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
