package dev.gatehouse.gateway.testsupport;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.TypeFactory;

import java.net.URL;
import java.time.Duration;
import java.util.function.Consumer;

/** The official MCP Java SDK client of the tests, speaking to the gateway under test as one token. */
public final class SdkClients {

    /**
     * Why not the SDK's default mapper: it resolves the subtype of a deduced type ({@code
     * ResourceContents} of {@code resources/read}) by class name through the thread's context class
     * loader, and on the SDK's HTTP threads in a Quarkus test that loader is not the one that loaded
     * the SDK ("Not a subtype", the same directly against the upstream). Pinned to the SDK's loader.
     */
    private static final JacksonMcpJsonMapper JSON = new JacksonMcpJsonMapper(JsonMapper.builder()
            .typeFactory(TypeFactory.createDefaultInstance().withClassLoader(McpSchema.class.getClassLoader()))
            .build());

    private SdkClients() {
    }

    /** A client of workspace {@code workspace} (not yet initialized), 30 s per request. */
    public static McpSyncClient client(URL gateway, String workspace, String token) {
        return client(gateway, workspace, token, spec -> { });
    }

    /** The same, with client features ({@code sampling}, consumers, capabilities) set by {@code customize}. */
    public static McpSyncClient client(URL gateway, String workspace, String token, Consumer<McpClient.SyncSpec> customize) {
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
                .builder(gateway.toString().replaceAll("/$", ""))
                .endpoint(McpHttp.path(workspace))
                .jsonMapper(JSON)
                .customizeRequest(request -> request.header("Authorization", "Bearer " + token))
                .build();
        McpClient.SyncSpec spec = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30));
        customize.accept(spec);
        return spec.build();
    }
}
