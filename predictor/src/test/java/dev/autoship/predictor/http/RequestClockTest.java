package dev.autoship.predictor.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RequestClockTest {

    private static final long MS = 1_000_000;
    private final RequestClock clock = new RequestClock(Duration.ofMillis(100), Duration.ofMillis(1000));

    @Test
    void anIdleConnectionExpiresAfterTheIdleTimeout() {
        clock.waiting(0);

        assertThat(clock.expired(999 * MS)).isFalse();
        assertThat(clock.expired(1001 * MS)).isTrue();
    }

    @Test
    void aRequestMustArriveWithinTheRequestTimeoutOfItsFirstByte() {
        clock.waiting(0);
        clock.received(500 * MS);
        clock.waiting(550 * MS);

        assertThat(clock.expired(599 * MS)).isFalse();
        assertThat(clock.expired(601 * MS)).isTrue();
    }

    @Test
    void timeSpentAnsweringIsNeverCounted() {
        clock.received(0);
        clock.stoppedWaiting();

        assertThat(clock.expired(10_000 * MS)).isFalse();
    }

    @Test
    void anAnswerStartsTheNextRequestsClockAfresh() {
        clock.received(0);
        clock.answered();
        clock.waiting(50 * MS);

        // idle again: the idle timeout applies, not what is left of the first request's
        assertThat(clock.expired(500 * MS)).isFalse();
        assertThat(clock.expired(1051 * MS)).isTrue();
    }

    @Test
    void aLingeringConnectionEndsWhenTheClientPauses() {
        clock.lingering(0, Duration.ofMillis(250), Duration.ofSeconds(5));
        clock.waiting(1000 * MS);

        assertThat(clock.expired(1249 * MS)).isFalse();
        assertThat(clock.expired(1251 * MS)).isTrue();
    }

    @Test
    void aLingeringConnectionEndsAtItsLimitEvenWhileBytesKeepArriving() {
        clock.lingering(0, Duration.ofMillis(250), Duration.ofSeconds(5));
        clock.received(4999 * MS);

        assertThat(clock.expired(4999 * MS)).isFalse();
        assertThat(clock.expired(5001 * MS)).isTrue();
    }
}
