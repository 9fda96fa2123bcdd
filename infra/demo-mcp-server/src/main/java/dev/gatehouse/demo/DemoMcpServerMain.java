package dev.gatehouse.demo;

import dev.gatehouse.infra.ParentWatcher;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * A real MCP server (official MCP Java SDK, Streamable HTTP with sessions) at
 * {@code http://127.0.0.1:PORT/mcp} on embedded Tomcat.
 *
 * <p>Usage: {@code --port N --profile alpha|beta|slow|paged|many|full [--tools N] [--instance NAME]
 * [--page-size N] [--require-auth VALUE]};
 * see {@link Profiles} for the tools of each profile. The process exits when its standard input
 * ends: the parent keeps it open, so end-of-input means the parent is gone.
 */
public final class DemoMcpServerMain {

    static final String ENDPOINT = "/mcp";

    private DemoMcpServerMain() {
    }

    public static void main(String[] args) throws Exception {
        ServerOptions options;
        try {
            options = ServerOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        ParentWatcher.start();

        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint(ENDPOINT)
                .contextExtractor(new RequestHeaders())
                .build();
        McpSyncServer server = mcpServer(options, transport);
        Path workDir = Files.createTempDirectory("demo-mcp-tomcat");
        Tomcat tomcat = tomcat(options, transport, workDir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, tomcat, workDir), "shutdown"));
        tomcat.start();
        System.out.println("MCP server '" + options.profile() + "' listening on http://127.0.0.1:"
                + options.port() + ENDPOINT);
        tomcat.getServer().await();
    }

    private static McpSyncServer mcpServer(ServerOptions options,
                                           HttpServletStreamableServerTransportProvider transport) {
        AtomicReference<McpSyncServer> server = new AtomicReference<>();
        AtomicReference<HookedTransport> hooked = new AtomicReference<>();
        Profiles.Profile profile = Profiles.of(options, server::get, id -> hooked.get().session(id));
        hooked.set(new HookedTransport(transport, profile.handlers()));
        String name = "gatehouse-demo-" + options.profile() + ("full".equals(options.profile()) ? "-" + options.instance() : "");
        server.set(McpServer.sync(hooked.get())
                .serverInfo(name, "1.0.0")
                .capabilities(profile.capabilities())
                .tools(profile.tools())
                .prompts(profile.prompts())
                .resources(profile.resources())
                .resourceTemplates(profile.resourceTemplates())
                .completions(profile.completions())
                .build());
        return server.get();
    }

    /** Tomcat serving the SDK's servlet (the server talks to it through {@link HookedTransport}). */
    private static Tomcat tomcat(ServerOptions options, HttpServletStreamableServerTransportProvider servlet,
                                 Path workDir) {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(workDir.toString());
        Connector connector = new Connector();
        connector.setPort(options.port());
        connector.setProperty("address", "127.0.0.1");
        // Tomcat closes a keep-alive connection after 100 requests by default; a client that just
        // picked that connection from its pool then sees "connection closed" for a call the server
        // never read. Real upstreams behind proxies keep connections open, so the demo does too.
        connector.setProperty("maxKeepAliveRequests", "-1");
        tomcat.setConnector(connector);

        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "mcp", servlet).setAsyncSupported(true);
        context.addServletMappingDecoded(ENDPOINT, "mcp");
        options.requireAuth().ifPresent(value -> requireAuthorization(context, value));
        return tomcat;
    }

    private static void requireAuthorization(Context context, String value) {
        FilterDef definition = new FilterDef();
        definition.setFilterName("require-auth");
        definition.setFilter(new RequireAuthorizationFilter(value));
        definition.setAsyncSupported("true");
        context.addFilterDef(definition);
        FilterMap mapping = new FilterMap();
        mapping.setFilterName("require-auth");
        mapping.addURLPattern("/*");
        context.addFilterMap(mapping);
    }

    private static void stop(McpSyncServer server, Tomcat tomcat, Path workDir) {
        server.closeGracefully();
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            System.err.println("Tomcat did not stop cleanly: " + e.getMessage());
        }
        // Tomcat's scratch folder; many servers start per test run, so leave nothing behind
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + workDir + ": " + e.getMessage());
        }
    }
}
