package dev.autoship.predictor.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RequestClockTest {

    private static final long MS = 1_000_000;
    private final RequestClock clock = new RequestClock(Duration.ofMillis(100));

    @Test
    void aNewConnectionMustBringItsFirstRequestWithinTheRequestTimeout() {
        clock.accepted(0);
        clock.waiting(10 * MS);

        assertThat(clock.expired(99 * MS)).isFalse();
        assertThat(clock.expired(101 * MS)).isTrue();
    }

    @Test
    void aKeptAliveConnectionBetweenRequestsIsLeftToHelidonsIdleTimeout() {
        clock.waiting(0);

        assertThat(clock.expired(3_600_000 * MS)).isFalse();
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

        // idle again: what was left of the first request's time no longer applies, and a new first byte starts anew
        assertThat(clock.expired(500 * MS)).isFalse();
        clock.received(600 * MS);
        clock.waiting(650 * MS);
        assertThat(clock.expired(699 * MS)).isFalse();
        assertThat(clock.expired(701 * MS)).isTrue();
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
