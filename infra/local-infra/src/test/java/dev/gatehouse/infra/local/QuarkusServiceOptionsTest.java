package dev.gatehouse.infra.local;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class QuarkusServiceOptionsTest {

    @Test
    void optionsForEveryServiceComeFirstThenTheServicesOwn() {
        Map<String, String> env = Map.of("GATEHOUSE_JVM_OPTIONS", " -Xmx256m  -XX:+UseSerialGC ",
                "GATEHOUSE_JVM_OPTIONS_GATEWAY", "-XX:TieredStopAtLevel=1");
        assertEquals(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                QuarkusService.extraJvmOptions("gateway", env));
        assertEquals(List.of("-Xmx256m", "-XX:+UseSerialGC"), QuarkusService.extraJvmOptions("audit", env));
        assertEquals(List.of(), QuarkusService.extraJvmOptions("audit", Map.of("GATEHOUSE_JVM_OPTIONS", " ")));
    }
}
