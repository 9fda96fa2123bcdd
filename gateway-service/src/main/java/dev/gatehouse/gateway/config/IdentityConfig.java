package dev.gatehouse.gateway.config;

import io.smallrye.config.ConfigMapping;

/** Where identity-service answers introspection ({@code gatehouse.identity.url}: its internal listener). */
@ConfigMapping(prefix = "gatehouse.identity")
public interface IdentityConfig {

    /** Base URL of identity's internal listener, e.g. {@code http://127.0.0.1:9082}. */
    String url();
}
