package dev.gatehouse.shared.service;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;

import java.time.Duration;

/**
 * A service's {@code /internal/v1} API as a bean: its {@link InternalListener} starts with the HTTP
 * router and closes on shutdown. A service extends it with a {@code @Singleton} class (a normal
 * scope would need a client proxy, hence a no-args constructor) that names its callers table and
 * where its service-token verifier comes from.
 */
public abstract class InternalApiPort {

    private final String host;
    private final int port;
    private final InternalCallers callers;
    private volatile InternalListener listener;

    /**
     * @param port    {@code gatehouse.internal.port} (0: a free one)
     * @param callers who may call what; anything under /internal not listed is refused
     */
    protected InternalApiPort(String host, int port, InternalCallers callers) {
        this.host = host;
        this.port = port;
        this.callers = callers;
    }

    /** Verifies the service tokens of the callers, for this service. */
    protected abstract ServiceTokenVerifier verifier();

    /** Observer (public so CDI can call it on the subclass): binds the port once the router exists. */
    public void start(@Observes Router router, Vertx vertx) {
        listener = InternalListener.start(vertx, router, host, port, verifier(), callers);
    }

    /** Observer: closes the internal listener. */
    public void stop(@Observes ShutdownEvent event) {
        if (listener != null) {
            listener.close(Duration.ofSeconds(5));
        }
    }

    /** The bound internal port (tests ask for a free one). */
    public int port() {
        return listener.port();
    }
}
