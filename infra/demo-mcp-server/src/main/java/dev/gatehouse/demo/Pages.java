package dev.gatehouse.demo;

import io.modelcontextprotocol.server.McpRequestHandler;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.PaginatedRequest;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * A list method ({@code tools/list}, {@code prompts/list}, ...) answered in pages of {@code size}
 * with a numeric {@code nextCursor}; an invalid cursor is JSON-RPC error -32602 {@code invalid cursor}.
 * The SDK 1.0.0 server always answers in one page (see {@link HookedTransport} for how this is plugged in).
 */
final class Pages {

    private Pages() {
    }

    /**
     * @param items  the server's current items, in listing order (read at every request, so items
     *               added at run time are paged too)
     * @param result builds the method's result from one page and the next cursor (null on the last page)
     */
    static <T, R> McpRequestHandler<R> handler(int size, Supplier<List<T>> items, BiFunction<List<T>, String, R> result) {
        return (exchange, params) -> {
            PaginatedRequest request = params == null ? new PaginatedRequest()
                    : Tools.JSON.convertValue(params, PaginatedRequest.class);
            List<T> all = items.get();
            int from;
            try {
                from = request.cursor() == null ? 0 : Integer.parseInt(request.cursor());
            } catch (NumberFormatException e) {
                from = -1;
            }
            if (from < 0 || from > all.size()) {
                return Mono.error(McpError.builder(ErrorCodes.INVALID_PARAMS).message("invalid cursor").build());
            }
            int to = Math.min(all.size(), from + size);
            String next = to < all.size() ? Integer.toString(to) : null;
            return Mono.just(result.apply(all.subList(from, to), next));
        };
    }
}
