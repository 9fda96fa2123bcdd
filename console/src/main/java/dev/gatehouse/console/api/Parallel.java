package dev.gatehouse.console.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * Several service calls for one page at once (a page of members' allowlists, each server's live
 * tools, the overview's time buckets), at most {@value #MAX_AT_ONCE} at a time; each call is
 * bounded by {@link ServiceCall}'s timeout. The first failure is thrown as it was.
 */
public final class Parallel {

    static final int MAX_AT_ONCE = 16;

    private Parallel() {
    }

    public static <T, R> List<R> map(List<T> items, Function<T, R> call) {
        Semaphore slots = new Semaphore(MAX_AT_ONCE);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<R>> results = new ArrayList<>();
            for (T item : items) {
                results.add(executor.submit(() -> {
                    slots.acquire();
                    try {
                        return call.apply(item);
                    } finally {
                        slots.release();
                    }
                }));
            }
            List<R> answers = new ArrayList<>(items.size());
            for (Future<R> result : results) {
                answers.add(result.get());
            }
            return answers;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the services", e);
        }
    }
}
