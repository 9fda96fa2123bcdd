package dev.gatehouse.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Where the services are, and how the console's cookies are set. */
@ConfigMapping(prefix = "gatehouse.console")
public interface ConsoleConfig {

    /** identity-service's public API, e.g. {@code http://127.0.0.1:8082}. */
    String identityUrl();

    /** registry-service's public API. */
    String registryUrl();

    /** audit-service's API. */
    String auditUrl();

    /** The gateway as MCP clients reach it; shown as each workspace's endpoint. */
    String gatewayPublicUrl();

    /** Mark cookies Secure even when the request came over plain http (TLS ends at an ingress). */
    @WithDefault("false")
    boolean secureCookies();

    /** Longest wait for one call to a service. */
    @WithDefault("15s")
    Duration callTimeout();
}
