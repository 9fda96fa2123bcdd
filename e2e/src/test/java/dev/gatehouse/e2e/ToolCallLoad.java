package dev.gatehouse.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A paced load of {@code alpha_echo} calls through the gateway: one thread per fresh member (its
 * own token, session and rate-limit bucket), each making its share of the calls evenly over the
 * run. Counts the calls that got a result; anything else is kept as a failure with its reason.
 */
final class ToolCallLoad {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

    private final List<SecurityStack.Member> members;
    private final ExecutorService threads;
    private final List<Future<?>> running = new ArrayList<>();
    private final AtomicInteger succeeded = new AtomicInteger();
    private final AtomicInteger attempted = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    private ToolCallLoad(List<SecurityStack.Member> members) {
        this.members = members;
        this.threads = Executors.newFixedThreadPool(members.size(), runnable -> {
            Thread thread = new Thread(runnable, "tool-call-load");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts {@code callsPerMember} calls for each member, spread over {@code duration}; member i
     * connects from loopback address {@code 127.0.0.<firstHost + i>}, a client of its own for the
     * gateway's per-address rate limit (200 a minute by default).
     */
    static ToolCallLoad start(SecurityStack stack, List<SecurityStack.Member> members, int callsPerMember, Duration duration,
                              int firstHost) throws UnknownHostException {
        ToolCallLoad load = new ToolCallLoad(members);
        long interval = duration.toNanos() / callsPerMember;
        for (int i = 0; i < members.size(); i++) {
            SecurityStack.Member member = members.get(i);
            InetAddress from = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (firstHost + i)});
            GatewaySession session = stack.openDemoSession(member, from);
            load.running.add(load.threads.submit(() -> load.run(session, member, callsPerMember, interval)));
        }
        return load;
    }

    private void run(GatewaySession session, SecurityStack.Member member, int calls, long intervalNanos) {
        long next = System.nanoTime();
        for (int i = 0; i < calls && !Thread.currentThread().isInterrupted(); i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
            next += intervalNanos;
            attempted.incrementAndGet();
            try {
                JsonNode response = session.call("alpha_echo", Map.of("text", member.id() + "-" + i), CALL_TIMEOUT);
                if (response.has("result") && !response.path("result").path("isError").asBoolean(false)) {
                    succeeded.incrementAndGet();
                } else {
                    failures.add(member.id() + " call " + i + ": " + JsonHttp.abbreviated(response.toString()));
                }
            } catch (RuntimeException | AssertionError e) {
                failures.add(member.id() + " call " + i + ": " + e.getMessage());
            }
        }
    }

    int attempted() {
        return attempted.get();
    }

    /** Waits for every call to finish; fails after {@code timeout}, stopping the threads. */
    void await(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (Future<?> thread : running) {
                thread.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(20, TimeUnit.SECONDS);
        }
    }

    int succeeded() {
        return succeeded.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    List<SecurityStack.Member> members() {
        return members;
    }
}
