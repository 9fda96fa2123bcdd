package dev.gatehouse.gateway.ratelimit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenBucketRateLimiterTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final TokenBucketRateLimiter limiter = new TokenBucketRateLimiter(200, 200, 1_000, clock::get);

    @Test
    void twoHundredRequestsPassAndTheNextIsRefusedWithRetryAfter() {
        for (int i = 1; i <= 200; i++) {
            RateDecision decision = limiter.tryAcquire("demo", "203.0.113.1");
            assertTrue(decision.allowed(), "request " + i);
            assertEquals(200, decision.limit());
            assertEquals(200 - i, decision.remaining());
        }
        RateDecision refused = limiter.tryAcquire("demo", "203.0.113.1");
        assertFalse(refused.allowed());
        assertEquals(0, refused.remaining());
        // 200 per minute: one token every 300 ms, so a client retrying after one second succeeds
        assertEquals(1, refused.resetSeconds());
    }

    @Test
    void tokensComeBackAtTheConfiguredRate() {
        drain("demo", "203.0.113.2");
        clock.addAndGet(Duration.ofMillis(299).toNanos());
        assertFalse(limiter.tryAcquire("demo", "203.0.113.2").allowed());
        clock.addAndGet(Duration.ofMillis(1).toNanos());
        assertTrue(limiter.tryAcquire("demo", "203.0.113.2").allowed());
        assertFalse(limiter.tryAcquire("demo", "203.0.113.2").allowed());
    }

    @Test
    void aFullMinuteRefillsTheWholeBucketButNeverMore() {
        drain("demo", "203.0.113.3");
        clock.addAndGet(Duration.ofMinutes(5).toNanos());
        RateDecision first = limiter.tryAcquire("demo", "203.0.113.3");
        assertEquals(199, first.remaining());
        // one token short of full: 300 ms, reported as a whole second
        assertEquals(1, first.resetSeconds());
    }

    @Test
    void bucketsAreSeparatePerWorkspaceAndPerIp() {
        drain("demo", "203.0.113.4");
        assertFalse(limiter.tryAcquire("demo", "203.0.113.4").allowed());
        assertTrue(limiter.tryAcquire("demo", "203.0.113.5").allowed());
        assertTrue(limiter.tryAcquire("other", "203.0.113.4").allowed());
    }

    @Test
    void anEmptyBucketReportsTheWholeRefillAsReset() {
        RateDecision last = null;
        for (int i = 0; i < 200; i++) {
            last = limiter.tryAcquire("demo", "203.0.113.6");
        }
        assertEquals(0, last.remaining());
        assertEquals(60, last.resetSeconds());
    }

    @Test
    void aSmallerCapacityLimitsBursts() {
        TokenBucketRateLimiter bursty = new TokenBucketRateLimiter(60, 5, 1_000, clock::get);
        for (int i = 0; i < 5; i++) {
            assertTrue(bursty.tryAcquire("demo", "203.0.113.7").allowed());
        }
        RateDecision refused = bursty.tryAcquire("demo", "203.0.113.7");
        assertFalse(refused.allowed());
        assertEquals(5, refused.limit());
        assertEquals(1, refused.resetSeconds());
    }

    private void drain(String workspace, String ip) {
        for (int i = 0; i < 200; i++) {
            assertTrue(limiter.tryAcquire(workspace, ip).allowed());
        }
    }
}
