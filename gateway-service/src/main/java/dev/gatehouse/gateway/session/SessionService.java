package dev.gatehouse.gateway.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.gatehouse.gateway.auth.Principal;
import dev.gatehouse.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Opens, checks and ends client sessions. The session lives in its id ({@link SessionCodec});
 * the only local state is the set of sessions ended here with DELETE (kept until they would
 * have expired anyway).
 */
@ApplicationScoped
public class SessionService {

    private final SessionCodec codec;
    private final GatewayConfig config;
    private final Cache<String, Boolean> ended;
    /**
     * Ids already opened: AES-GCM and a JCA provider lookup per request cost about 5 % of the
     * gateway's CPU per call (issue 14 profile). The same id always decodes to the same session, so
     * caching changes nothing a caller sees; every check below still runs on every request. Only
     * ids that decoded are kept, so forged ids cannot fill it.
     */
    private final Cache<String, McpSession> opened;

    public SessionService(SessionCodec codec, GatewayConfig config) {
        this.codec = codec;
        this.config = config;
        this.ended = Caffeine.newBuilder().expireAfterWrite(config.sessionMaxAge()).maximumSize(1_000_000).build();
        this.opened = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).maximumSize(100_000).build();
    }

    public McpSession open(Principal principal, String protocolVersion) {
        return open(principal, protocolVersion, "{}");
    }

    /** @param clientCapabilities compact JSON of the client capabilities the gateway relays (see {@link McpSession}) */
    public McpSession open(Principal principal, String protocolVersion, String clientCapabilities) {
        return codec.newSession(principal.workspace(), principal.tokenId(), protocolVersion, clientCapabilities);
    }

    public String idOf(McpSession session) {
        return codec.encode(session);
    }

    /**
     * @return the session behind {@code sessionId} when it is ours, alive, of this workspace and
     *         opened by this principal's token; otherwise empty (the caller answers 404: the
     *         session does not exist for this caller)
     */
    public Optional<McpSession> find(String sessionId, String workspace, Principal principal) {
        return decode(sessionId)
                .filter(session -> session.workspace().equals(workspace))
                .filter(session -> sameToken(session.tokenId(), principal.tokenId()))
                .filter(session -> session.createdAt().plus(config.sessionMaxAge()).isAfter(Instant.now()))
                .filter(session -> ended.getIfPresent(session.id()) == null);
    }

    private Optional<McpSession> decode(String sessionId) {
        McpSession known = opened.getIfPresent(sessionId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<McpSession> decoded = codec.decode(sessionId);
        decoded.ifPresent(session -> opened.put(sessionId, session));
        return decoded;
    }

    public void end(McpSession session) {
        ended.put(session.id(), Boolean.TRUE);
    }

    private static boolean sameToken(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
