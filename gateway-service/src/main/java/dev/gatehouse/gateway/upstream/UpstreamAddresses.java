package dev.gatehouse.gateway.upstream;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.gateway.upstream.UpstreamException.Kind;
import dev.gatehouse.shared.net.Destination;
import dev.gatehouse.shared.net.OutboundGuard;
import dev.gatehouse.shared.net.OutboundRefusedException;
import io.quarkus.logging.Log;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

/**
 * Where to connect for an upstream URL, decided at connect time: the host is resolved once (off
 * the event loop), every address is checked by the {@link OutboundGuard}, and the caller connects
 * to the checked address (the URL's host stays in Host and SNI). So a name that re-resolves to a
 * forbidden address after registration (DNS rebinding) is refused here, whatever the registry saw.
 * Checked answers are kept for a few seconds: the connection still goes to the address that was
 * checked.
 */
@ApplicationScoped
public class UpstreamAddresses {

    private static final Duration KEEP_CHECKED = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final OutboundGuard guard;
    private final Cache<String, Destination> checked = Caffeine.newBuilder()
            .expireAfterWrite(KEEP_CHECKED).maximumSize(10_000).build();

    public UpstreamAddresses(Vertx vertx, OutboundGuard guard) {
        this.vertx = vertx;
        this.guard = guard;
    }

    /**
     * The checked destination of {@code url}; fails with an {@link UpstreamException} (UNREACHABLE)
     * when the policy refuses it, the host does not resolve, or a credential would go over plain
     * HTTP to an address no operator entry opened.
     */
    public Future<Destination> destination(String serverSlug, String url, boolean sendsCredential) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new UpstreamException(Kind.UNREACHABLE, serverSlug + ": the URL is not valid"));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            return Future.failedFuture(new UpstreamException(Kind.UNREACHABLE, serverSlug + ": the URL is not http(s)"));
        }
        String key = uri.getHost() + "\n" + OutboundGuard.port(uri);
        Destination known = checked.getIfPresent(key);
        Future<Destination> destination = known != null ? Future.succeededFuture(known)
                : vertx.<Destination>executeBlocking(() -> guard.destination(uri), false)
                        .andThen(done -> {
                            if (done.succeeded()) {
                                checked.put(key, done.result());
                            }
                        });
        return destination.transform(done -> {
            if (done.failed()) {
                return Future.failedFuture(refusal(serverSlug, done.cause()));
            }
            if (sendsCredential && scheme.equals("http") && !done.result().openedByAllow()) {
                Log.warnf("upstream %s: not sending its credential over plain HTTP to %s", serverSlug,
                        done.result().address().getHostAddress());
                return Future.failedFuture(new UpstreamException(Kind.UNREACHABLE, serverSlug
                        + ": a credential is sent only over https, or to an address gatehouse.outbound.allowed opens"));
            }
            return Future.succeededFuture(done.result());
        });
    }

    private static UpstreamException refusal(String serverSlug, Throwable cause) {
        if (cause instanceof OutboundRefusedException refused) {
            Log.warnf("upstream %s refused by the outbound policy: %s", serverSlug, refused.getMessage());
            return new UpstreamException(Kind.UNREACHABLE, serverSlug + " refused by the outbound policy: " + refused.getMessage());
        }
        if (cause instanceof UnknownHostException) {
            return new UpstreamException(Kind.UNREACHABLE, serverSlug + ": the host does not resolve");
        }
        return new UpstreamException(Kind.UNREACHABLE, serverSlug + ": the host could not be resolved ("
                + cause.getClass().getSimpleName() + ")");
    }
}
