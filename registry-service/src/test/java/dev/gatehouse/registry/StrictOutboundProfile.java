package dev.gatehouse.registry;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** The production outbound policy: nothing opened, loopback denied like every other internal range. */
public class StrictOutboundProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("gatehouse.outbound.allowed", "");
    }
}
