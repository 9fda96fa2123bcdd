package dev.gatehouse.demo;

import io.modelcontextprotocol.server.McpRequestHandler;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.ListToolsResult;
import io.modelcontextprotocol.spec.McpSchema.PaginatedRequest;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import reactor.core.publisher.Mono;

import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Makes the SDK server answer {@code tools/list} in pages with {@code nextCursor}.
 *
 * <p>Why this exists: the MCP Java SDK 1.0.0 server always lists every tool in one page
 * ({@code McpAsyncServer} builds {@code new ListToolsResult(all, null)}) and offers no hook for
 * its request handlers. The one place they pass through is the session factory the server hands
 * to its transport provider, so this wrapper provider swaps that factory's {@code tools/list}
 * handler (a package-private field, hence reflection) for one that slices the same tool list.
 * Everything else (sessions, SSE, initialize, tools/call) stays the SDK's own.
 */
final class PagedToolList implements McpStreamableServerTransportProvider {

    private final McpStreamableServerTransportProvider delegate;
    private final int pageSize;
    private final Supplier<List<Tool>> tools;

    /**
     * @param tools the server's current tools, in listing order
     */
    PagedToolList(McpStreamableServerTransportProvider delegate, int pageSize, Supplier<List<Tool>> tools) {
        this.delegate = delegate;
        this.pageSize = pageSize;
        this.tools = tools;
    }

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory factory) {
        replaceToolsList(factory);
        delegate.setSessionFactory(factory);
    }

    private void replaceToolsList(McpStreamableServerSession.Factory factory) {
        try {
            Field field = factory.getClass().getDeclaredField("requestHandlers");
            field.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<String, McpRequestHandler<?>> handlers = new HashMap<>((Map<String, McpRequestHandler<?>>) field.get(factory));
            handlers.put("tools/list", (McpRequestHandler<ListToolsResult>) (exchange, params) -> page(params));
            field.set(factory, handlers);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this MCP SDK version's session factory cannot be given paging", e);
        }
    }

    private Mono<ListToolsResult> page(Object params) {
        PaginatedRequest request = params == null ? new PaginatedRequest()
                : Tools.JSON.convertValue(params, PaginatedRequest.class);
        List<Tool> all = tools.get();
        int from;
        try {
            from = request.cursor() == null ? 0 : Integer.parseInt(request.cursor());
        } catch (NumberFormatException e) {
            from = -1;
        }
        if (from < 0 || from > all.size()) {
            return Mono.error(McpError.builder(ErrorCodes.INVALID_PARAMS).message("invalid cursor").build());
        }
        int to = Math.min(all.size(), from + pageSize);
        String next = to < all.size() ? Integer.toString(to) : null;
        return Mono.just(new ListToolsResult(all.subList(from, to), next));
    }

    @Override
    public Mono<Void> notifyClients(String method, Object params) {
        return delegate.notifyClients(method, params);
    }

    @Override
    public Mono<Void> closeGracefully() {
        return delegate.closeGracefully();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public List<String> protocolVersions() {
        return delegate.protocolVersions();
    }
}
