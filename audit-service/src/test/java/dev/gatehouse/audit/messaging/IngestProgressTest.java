package dev.gatehouse.audit.messaging;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngestProgressTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void H5_theSameBatchFailingForLongerThanStuckAfterIsStuckWithItsCause() {
        IngestProgress progress = new IngestProgress(Duration.ofSeconds(60), 1_000, Duration.ofSeconds(120));

        progress.failed("SQL state 08001: connection refused", T0);
        progress.failed("SQL state 08001: connection refused", T0.plusSeconds(50));
        assertTrue(progress.verdict(T0.plusSeconds(60)).healthy(), "a short outage is not stuck");

        assertEquals("stuck: the same batch has been failing for 61 s: SQL state 08001: connection refused",
                progress.verdict(T0.plusSeconds(61)).cause());
        progress.stored();
        assertTrue(progress.verdict(T0.plusSeconds(62)).healthy());
    }

    @Test
    void H5_aLagAboveTheLimitForLongerThanLagForIsBehind() {
        IngestProgress progress = new IngestProgress(Duration.ofSeconds(60), 1_000, Duration.ofSeconds(120));

        progress.lag(5_000, T0);
        progress.lag(4_000, T0.plusSeconds(100));
        assertTrue(progress.verdict(T0.plusSeconds(120)).healthy(), "a burst is not falling behind");
        assertEquals("behind: 4000 records not yet stored (more than 1000 for 121 s)", progress.verdict(T0.plusSeconds(121)).cause());

        progress.lag(900, T0.plusSeconds(130));
        assertTrue(progress.verdict(T0.plusSeconds(131)).healthy());
        progress.lag(2_000, T0.plusSeconds(140));
        assertTrue(progress.verdict(T0.plusSeconds(200)).healthy(), "the clock restarts once the lag was back under the limit");
    }
}
