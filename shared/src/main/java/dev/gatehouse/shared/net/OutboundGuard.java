package dev.gatehouse.shared.net;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * The outbound request policy ({@link OutboundConfig}) as a bean, for every service that connects
 * to URLs an admin gave: the registry applies it when a server URL is registered or changed (a
 * refused URL is a 400) and when its health check connects; the gateway on every upstream connect.
 * Each checks the address it then connects to, so DNS that changed since registration cannot lead
 * anywhere forbidden. Resolving blocks: call it off the event loop.
 */
@ApplicationScoped
public class OutboundGuard {

    private final OutboundPolicy policy;
    private final HostResolver resolver;

    public OutboundGuard(OutboundConfig config, HostResolver resolver) {
        this.policy = OutboundPolicy.of(config.allowed().orElse(List.of()), config.denied().orElse(List.of()));
        this.resolver = resolver;
    }

    /** The JVM's resolver, unless a test supplies another {@link HostResolver} bean. */
    @Produces
    @DefaultBean
    @ApplicationScoped
    static HostResolver systemResolver() {
        return HostResolver.SYSTEM::resolve;
    }

    /**
     * Resolves the URL's host once and checks every address; connect to the answer's address.
     *
     * @throws UnknownHostException     the host does not resolve
     * @throws OutboundRefusedException an address is forbidden
     */
    public Destination destination(URI url) throws UnknownHostException, OutboundRefusedException {
        return policy.resolve(url.getHost(), port(url), resolver);
    }

    /** The URL's port, or its scheme's default. */
    public static int port(URI url) {
        if (url.getPort() > 0) {
            return url.getPort();
        }
        return "https".equals(url.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
    }
}
