package dev.gatehouse.bench.mcp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A few MCP sessions to one target, handed out in turn, as several clients of a team would be. */
public final class SessionPool implements AutoCloseable {

    private final List<McpConnection> sessions;
    private final AtomicInteger next = new AtomicInteger();

    public SessionPool(McpClients clients, Target target, int size) {
        List<McpConnection> opened = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            opened.add(clients.connect(target));
        }
        this.sessions = List.copyOf(opened);
    }

    public McpConnection next() {
        return sessions.get(Math.floorMod(next.getAndIncrement(), sessions.size()));
    }

    @Override
    public void close() {
        sessions.forEach(McpConnection::close);
    }
}
