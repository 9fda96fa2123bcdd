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

    @Test
    void H8_anIpv6Slash64SharesOneBucketAndAnotherSlash64HasItsOwn() {
        for (int i = 0; i < 200; i++) {
            // a client rotating through its /64 is still one client
            assertTrue(limiter.tryAcquire("demo", "2001:db8:1:2:0:0:0:" + Integer.toHexString(i + 1)).allowed());
        }
        assertFalse(limiter.tryAcquire("demo", "2001:db8:1:2:ffff:ffff:ffff:ffff").allowed());
        assertTrue(limiter.tryAcquire("demo", "2001:db8:1:3:0:0:0:1").allowed());
        assertEquals("20010db800010002::/64", ClientGroups.of("2001:db8:1:2:0:0:0:1"));
        assertEquals("203.0.113.9", ClientGroups.of("203.0.113.9"));
    }

    @Test
    void H8_bucketStateIsBoundedWhateverAddressesClientsInvent() {
        TokenBucketRateLimiter small = new TokenBucketRateLimiter(200, 200, 100, clock::get);
        for (int i = 0; i < 10_000; i++) {
            small.tryAcquire("demo", "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        }
        assertTrue(small.size() <= 100, small.size() + " buckets");
        UnauthenticatedRateLimiter unauthenticated = new UnauthenticatedRateLimiter(60, 100, clock::get);
        for (int i = 0; i < 10_000; i++) {
            unauthenticated.failedIntrospection("2001:db8:" + Integer.toHexString(i) + ":1:0:0:0:1");
        }
        assertTrue(unauthenticated.size() <= 100, unauthenticated.size() + " buckets");
    }

    @Test
    void H8_invalidTokensAreCountedPerClientAndRefillAtTheirOwnRate() {
        UnauthenticatedRateLimiter unauthenticated = new UnauthenticatedRateLimiter(60, 1_000, clock::get);
        for (int i = 0; i < 60; i++) {
            assertTrue(unauthenticated.mayIntrospect("203.0.113.20"), "failure " + i);
            unauthenticated.failedIntrospection("203.0.113.20");
        }
        assertFalse(unauthenticated.mayIntrospect("203.0.113.20"));
        assertTrue(unauthenticated.mayIntrospect("203.0.113.21"), "another client is not affected");
        clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertTrue(unauthenticated.mayIntrospect("203.0.113.20"), "one a second comes back");
    }

    @Test
    void H8_requestsInProgressAreCappedPerClientAndLeaveNoStateBehind() {
        ConcurrentRequests concurrent = new ConcurrentRequests(2);
        ConcurrentRequests.Slot first = concurrent.tryEnter("203.0.113.30");
        ConcurrentRequests.Slot second = concurrent.tryEnter("203.0.113.30");
        assertTrue(first != null && second != null);
        assertEquals(null, concurrent.tryEnter("203.0.113.30"));
        assertTrue(concurrent.tryEnter("203.0.113.31") != null);
        first.release();
        first.release();
        ConcurrentRequests.Slot third = concurrent.tryEnter("203.0.113.30");
        assertTrue(third != null);
        assertEquals(null, concurrent.tryEnter("203.0.113.30"), "a double release counts once");
        second.release();
        third.release();
        assertEquals(1, concurrent.groups(), "only the client with a request in progress is held");
    }

    @Test
    void H6_aBatchIsTakenWholeOrNotAtAll() {
        for (int i = 0; i < 6; i++) {
            assertTrue(limiter.tryAcquire("demo", "203.0.113.40", 32).allowed());
        }
        RateDecision refused = limiter.tryAcquire("demo", "203.0.113.40", 32);
        assertFalse(refused.allowed());
        assertEquals(8, refused.remaining(), "nothing taken by the refused batch");
        assertTrue(limiter.tryAcquire("demo", "203.0.113.40").allowed());
    }
}
