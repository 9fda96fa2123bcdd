package dev.gatehouse.gateway.config;

import io.smallrye.config.ConfigMapping;

/** Where registry-service answers the routing view ({@code gatehouse.registry.url}). */
@ConfigMapping(prefix = "gatehouse.registry")
public interface RegistryConfig {

    /** Base URL, e.g. {@code http://127.0.0.1:8081}. */
    String url();
}
