package dev.gatehouse.registry.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class McpHandshakeTest {

    @Test
    void anErrorNamesEveryCauseOnceWithoutObjectIdentities() {
        RuntimeException failure = new RuntimeException(
                "Failed to send message: AggregateResponseEvent[responseInfo=jdk.internal.net.http.ResponseInfoImpl@501c6bb, data=x]",
                new IllegalStateException("connection reset"));
        failure.addSuppressed(new IllegalStateException("Invalid SSE response. Status code: 401"));

        assertThat(McpHandshake.describe(failure)).isEqualTo(
                "Failed to send message: AggregateResponseEvent[data=x]; connection reset; Invalid SSE response. Status code: 401");
    }

    @Test
    void anErrorIsKeptShort() {
        assertThat(McpHandshake.describe(new RuntimeException("x".repeat(2_000)))).hasSize(500);
    }
}
