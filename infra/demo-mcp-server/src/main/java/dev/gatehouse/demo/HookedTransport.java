package dev.gatehouse.demo;

import io.modelcontextprotocol.server.McpRequestHandler;
import io.modelcontextprotocol.spec.McpStreamableServerSession;
import io.modelcontextprotocol.spec.McpStreamableServerTransportProvider;
import reactor.core.publisher.Mono;

import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SDK's Streamable HTTP transport with two additions the MCP Java SDK 1.0.0 server has no hook
 * for: request handlers of our own (paged lists, {@code resources/subscribe}), and a way to reach
 * one session later (to send {@code notifications/resources/updated} to its subscribers only).
 *
 * <p>Why reflection: the SDK server registers its request handlers in the session factory it hands
 * to the transport provider (a package-private {@code requestHandlers} field of the factory), and
 * offers no API to add or replace one ({@code tools/list} always answers one page with
 * {@code nextCursor: null}; {@code resources/subscribe} is not handled at all). This wrapper is
 * the one place the factory passes through, so it swaps those entries there. Everything else
 * (sessions, SSE, initialize, the other methods) stays the SDK's own. If a later SDK version
 * renames that field, the server fails at start with a clear message (and the demo server tests fail).
 */
final class HookedTransport implements McpStreamableServerTransportProvider {

    private final McpStreamableServerTransportProvider delegate;
    private final Map<String, McpRequestHandler<?>> handlers;
    // weak: the SDK's own session map decides how long a session lives (it drops it on DELETE)
    private final Map<String, WeakReference<McpStreamableServerSession>> sessions = new ConcurrentHashMap<>();

    /**
     * @param handlers request handlers (by method) that replace or add to the SDK server's own
     */
    HookedTransport(McpStreamableServerTransportProvider delegate, Map<String, McpRequestHandler<?>> handlers) {
        this.delegate = delegate;
        this.handlers = Map.copyOf(handlers);
    }

    @Override
    public void setSessionFactory(McpStreamableServerSession.Factory factory) {
        if (!handlers.isEmpty()) {
            replaceHandlers(factory);
        }
        delegate.setSessionFactory(initialize -> {
            McpStreamableServerSession.McpStreamableServerSessionInit started = factory.startSession(initialize);
            sessions.values().removeIf(reference -> reference.get() == null);
            sessions.put(started.session().getId(), new WeakReference<>(started.session()));
            return started;
        });
    }

    private void replaceHandlers(McpStreamableServerSession.Factory factory) {
        try {
            Field field = factory.getClass().getDeclaredField("requestHandlers");
            field.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<String, McpRequestHandler<?>> all = new HashMap<>((Map<String, McpRequestHandler<?>>) field.get(factory));
            all.putAll(handlers);
            field.set(factory, all);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("this MCP SDK version's session factory cannot be given request handlers", e);
        }
    }

    /** The live session with this id (its GET stream carries notifications sent to it). */
    Optional<McpStreamableServerSession> session(String id) {
        WeakReference<McpStreamableServerSession> reference = sessions.get(id);
        return Optional.ofNullable(reference == null ? null : reference.get());
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
