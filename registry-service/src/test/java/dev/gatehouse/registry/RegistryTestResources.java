package dev.gatehouse.registry;

import dev.gatehouse.infra.testing.GatehouseTestInfra;

import java.util.HashMap;
import java.util.Map;

/**
 * Everything registry's tests run against: the shared real PostgreSQL, Kafka and test JWT key
 * ({@link GatehouseTestInfra}) plus the {@link IdentityStandIn}. One resource, because Quarkus
 * 3.37 loads the classes of a repeated {@code @QuarkusTestResource} in the wrong class loader.
 */
public class RegistryTestResources extends GatehouseTestInfra {

    private final IdentityStandIn identity = new IdentityStandIn();

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>(super.start());
        config.putAll(identity.start());
        return config;
    }

    @Override
    public void stop() {
        identity.stop();
        super.stop();
    }
}
