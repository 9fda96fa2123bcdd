package dev.gatehouse.gateway.config;

import io.smallrye.config.ConfigMapping;

/** Where registry-service answers the routing view ({@code gatehouse.registry.url}: its internal listener). */
@ConfigMapping(prefix = "gatehouse.registry")
public interface RegistryConfig {

    /** Base URL of registry's internal listener, e.g. {@code http://127.0.0.1:9081}. */
    String url();
}
