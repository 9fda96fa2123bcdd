package dev.gatehouse.bench.load;

import java.util.concurrent.CompletableFuture;

/**
 * One unit of load: sends a request and completes when its answer has arrived and been checked;
 * completes exceptionally when the answer is wrong (counted as a failure, not as a latency).
 */
@FunctionalInterface
public interface Call {

    CompletableFuture<?> send();
}
