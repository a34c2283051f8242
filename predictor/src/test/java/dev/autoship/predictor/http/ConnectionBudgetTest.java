package dev.autoship.predictor.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionBudgetTest {

    private static final long MS = 1_000_000;

    private final List<CloseReason> closed = new ArrayList<>();
    private final ConnectionBudget budget = new ConnectionBudget(3, closed::add);

    private static final class Connection implements ConnectionBudget.Member {
        private final RequestClock clock = new RequestClock(Duration.ofSeconds(10));
        private boolean aborted;

        @Override
        public RequestClock clock() {
            return clock;
        }

        @Override
        public void abort() {
            aborted = true;
        }
    }

    /** Served at {@code at} and waiting for its first request since. */
    private static Connection silentSince(long at) {
        Connection connection = new Connection();
        connection.clock.accepted(at);
        connection.clock.waiting(at);
        return connection;
    }

    /** A request answered, waiting for the next one since {@code at}. */
    private static Connection idleSince(long at) {
        Connection connection = new Connection();
        connection.clock.received(0);
        connection.clock.answered();
        connection.clock.waiting(at);
        return connection;
    }

    /** A request arrived whole and is being answered. */
    private static Connection answering() {
        Connection connection = new Connection();
        connection.clock.received(0);
        connection.clock.stoppedWaiting();
        return connection;
    }

    @Test
    void theConnectionThatWaitedLongestForItsRequestMakesRoom() {
        Connection idle = idleSince(0);
        Connection newer = silentSince(20 * MS);
        Connection older = silentSince(10 * MS);
        for (Connection connection : List.of(idle, newer, older)) {
            assertThat(budget.admit(connection)).isTrue();
        }

        assertThat(budget.admit(silentSince(30 * MS))).isTrue();

        assertThat(older.aborted).isTrue();
        assertThat(newer.aborted || idle.aborted).isFalse();
        assertThat(closed).containsExactly(CloseReason.SHED);
    }

    @Test
    void aRequestTricklingInCountsFromTheStartOfItsRequest() {
        Connection trickling = new Connection();
        trickling.clock.received(0);
        trickling.clock.answered();
        trickling.clock.received(50 * MS);
        trickling.clock.waiting(90 * MS);

        assertThat(shedToMakeRoom(trickling, silentSince(60 * MS))).isSameAs(trickling);
    }

    @Test
    void withoutConnectionsWaitingForARequestTheOneIdleLongestMakesRoom() {
        Connection idleLonger = idleSince(10 * MS);

        assertThat(shedToMakeRoom(idleSince(20 * MS), idleLonger)).isSameAs(idleLonger);
    }

    /** The one of two connections (the budget's third place answering a request) closed for a new connection. */
    private Connection shedToMakeRoom(Connection first, Connection second) {
        budget.admit(first);
        budget.admit(second);
        budget.admit(answering());

        assertThat(budget.admit(silentSince(100 * MS))).isTrue();

        assertThat(first.aborted && second.aborted).as("only one closed").isFalse();
        return first.aborted ? first : second.aborted ? second : null;
    }

    @Test
    void whenEveryConnectionIsAnsweringTheNewOneIsRefused() {
        List<Connection> busy = List.of(answering(), answering(), answering());
        busy.forEach(budget::admit);

        assertThat(budget.admit(silentSince(0))).isFalse();

        assertThat(busy).noneMatch(connection -> connection.aborted);
        assertThat(closed).containsExactly(CloseReason.OVER_LIMIT);
    }

    @Test
    void aShedConnectionsPlaceGoesToTheNewOneAndIsNotFreedTwice() {
        Connection shed = silentSince(0);
        budget.admit(shed);
        budget.admit(answering());
        budget.admit(answering());
        Connection newcomer = answering();
        budget.admit(newcomer);

        budget.leave(shed);
        budget.leave(newcomer);

        // one place free (the newcomer's), not two: the shed connection's end gives nothing back
        assertThat(budget.admit(answering())).isTrue();
        assertThat(budget.admit(answering())).isFalse();
    }
}
