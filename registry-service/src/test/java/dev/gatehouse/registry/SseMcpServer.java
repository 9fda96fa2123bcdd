package dev.gatehouse.registry;

import dev.gatehouse.infra.Ports;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletSseServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A real MCP server speaking the legacy HTTP+SSE transport: the official MCP Java SDK's servlet
 * transport on embedded Tomcat, in the test JVM (the shared demo server speaks Streamable HTTP only).
 */
final class SseMcpServer implements AutoCloseable {

    private final McpSyncServer server;
    private final Tomcat tomcat;
    private final int port;

    private SseMcpServer(McpSyncServer server, Tomcat tomcat, int port) {
        this.server = server;
        this.tomcat = tomcat;
        this.port = port;
    }

    /** Starts a server with {@code tools} trivial tools on a free loopback port. */
    static SseMcpServer start(int tools, Path workDir) {
        HttpServletSseServerTransportProvider transport = HttpServletSseServerTransportProvider.builder()
                .sseEndpoint("/sse").messageEndpoint("/message").build();
        McpSyncServer server = McpServer.sync(transport)
                .serverInfo("registry-test-sse", "1.0.0")
                .capabilities(ServerCapabilities.builder().tools(true).build())
                .tools(IntStream.range(0, tools).mapToObj(SseMcpServer::tool).toList())
                .build();
        int port = Ports.free();
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(workDir.toString());
        Connector connector = new Connector();
        connector.setPort(port);
        connector.setProperty("address", "127.0.0.1");
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "mcp", transport).setAsyncSupported(true);
        context.addServletMappingDecoded("/*", "mcp");
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not start", e);
        }
        return new SseMcpServer(server, tomcat, port);
    }

    private static SyncToolSpecification tool(int i) {
        Tool tool = Tool.builder().name("tool_" + i).description("does nothing")
                .inputSchema(McpJsonDefaults.getMapper(), "{\"type\":\"object\",\"properties\":{}}").build();
        return SyncToolSpecification.builder().tool(tool)
                .callHandler((exchange, request) -> CallToolResult.builder().content(List.of(new TextContent("ok"))).build())
                .build();
    }

    /** The SSE endpoint, which is what a registry entry with transport {@code sse} names. */
    String url() {
        return "http://127.0.0.1:" + port + "/sse";
    }

    @Override
    public void close() {
        server.closeGracefully();
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException(e);
        }
    }
}
