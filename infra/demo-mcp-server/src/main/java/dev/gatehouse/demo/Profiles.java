package dev.gatehouse.demo;

import io.modelcontextprotocol.server.McpRequestHandler;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ListToolsResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import io.modelcontextprotocol.spec.McpStreamableServerSession;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static dev.gatehouse.demo.Tools.JSON;
import static dev.gatehouse.demo.Tools.NO_INPUT;
import static dev.gatehouse.demo.Tools.TEXT_INPUT;
import static dev.gatehouse.demo.Tools.echo;
import static dev.gatehouse.demo.Tools.error;
import static dev.gatehouse.demo.Tools.longArgument;
import static dev.gatehouse.demo.Tools.structured;
import static dev.gatehouse.demo.Tools.text;
import static dev.gatehouse.demo.Tools.tool;

/**
 * The tool sets a demo server can offer, chosen by {@code --profile}:
 * <ul>
 * <li>{@code alpha}: echo, add (structured output), list_issues, fail (isError), headers</li>
 * <li>{@code beta}: echo, get_dashboard, progress (notifications/progress), add_tool (tools/list_changed)</li>
 * <li>{@code slow}: sleep</li>
 * <li>{@code paged}: 120 echo tools, tools/list in pages of 50</li>
 * <li>{@code many}: {@code --tools N} echo tools</li>
 * <li>{@code full}: tools, prompts, resources, templates, subscriptions, completions, logging, and
 * tools that use sampling, elicitation and roots ({@link FullProfile})</li>
 * </ul>
 */
final class Profiles {

    /**
     * What a profile serves. {@code handlers}: request handlers that replace or add to the SDK
     * server's own (see {@link HookedTransport}).
     */
    record Profile(ServerCapabilities capabilities, List<SyncToolSpecification> tools,
                   List<SyncPromptSpecification> prompts, List<SyncResourceSpecification> resources,
                   List<SyncResourceTemplateSpecification> resourceTemplates,
                   List<SyncCompletionSpecification> completions, Map<String, McpRequestHandler<?>> handlers) {

        /** A server with tools only, each {@code tools/list} in one page. */
        static Profile toolsOnly(List<SyncToolSpecification> tools) {
            return toolsOnly(tools, Map.of());
        }

        static Profile toolsOnly(List<SyncToolSpecification> tools, Map<String, McpRequestHandler<?>> handlers) {
            return new Profile(ServerCapabilities.builder().tools(true).build(), tools, List.of(), List.of(), List.of(),
                    List.of(), handlers);
        }
    }

    static final int PAGED_TOOLS = 120;
    static final int PAGE_SIZE = 50;

    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Profiles() {
    }

    /**
     * @param server   the server being built; {@code add_tool} and the {@code full} profile need it at call time
     * @param sessions finds a live session by id (the {@code full} profile notifies subscribers only)
     */
    static Profile of(ServerOptions options, Supplier<McpSyncServer> server,
                      Function<String, Optional<McpStreamableServerSession>> sessions) {
        return switch (options.profile()) {
            case "alpha" -> Profile.toolsOnly(List.of(echo("echo"), add(), listIssues(), fail(), headers()));
            case "beta" -> Profile.toolsOnly(List.of(echo("echo"), dashboard(), progress(), addTool(server)));
            case "slow" -> Profile.toolsOnly(List.of(sleep()));
            case "paged" -> Profile.toolsOnly(Tools.numberedEchoes(PAGED_TOOLS), Map.of(McpSchema.METHOD_TOOLS_LIST,
                    Pages.handler(PAGE_SIZE, () -> server.get().listTools(), ListToolsResult::new)));
            case "many" -> Profile.toolsOnly(Tools.numberedEchoes(options.tools()));
            case "full" -> new FullProfile(options.instance(), options.pageSize(), server, sessions).profile();
            default -> throw new IllegalArgumentException("unknown profile " + options.profile()
                    + "; expected alpha, beta, slow, paged, many or full");
        };
    }

    private static SyncToolSpecification add() {
        Tool tool = Tool.builder()
                .name("add")
                .description("Adds two numbers.")
                .inputSchema(JSON, """
                        {"type":"object","properties":{"a":{"type":"number"},"b":{"type":"number"}},
                         "required":["a","b"]}""")
                .outputSchema(JSON, """
                        {"type":"object","properties":{"sum":{"type":"number"}},"required":["sum"]}""")
                .build();
        return tool(tool, (exchange, request) -> {
            Map<String, Object> arguments = Tools.arguments(request);
            if (!(arguments.get("a") instanceof Number a) || !(arguments.get("b") instanceof Number b)) {
                return error("arguments 'a' and 'b' must be numbers");
            }
            boolean whole = isWhole(a) && isWhole(b);
            Number sum = whole ? (Number) (a.longValue() + b.longValue()) : (Number) (a.doubleValue() + b.doubleValue());
            return structured(Map.of("sum", sum));
        });
    }

    private static boolean isWhole(Number number) {
        return number instanceof Integer || number instanceof Long || number instanceof Short;
    }

    private static SyncToolSpecification listIssues() {
        List<Map<String, Object>> issues = List.of(
                Map.of("id", 1, "title", "Login page is slow", "state", "open"),
                Map.of("id", 2, "title", "Typo on the pricing page", "state", "closed"),
                Map.of("id", 3, "title", "Export to CSV", "state", "open"));
        return tool("list_issues", "Lists the project's issues.", NO_INPUT,
                (exchange, request) -> structured(Map.of("issues", issues)));
    }

    private static SyncToolSpecification fail() {
        return tool("fail", "Always fails (a tool error, not a protocol error).", NO_INPUT,
                (exchange, request) -> error("this tool always fails"));
    }

    private static SyncToolSpecification headers() {
        return tool("headers", "Reports the HTTP header names this server received, and the Authorization value.",
                NO_INPUT, (exchange, request) -> {
                    Map<String, Object> seen = new HashMap<>();
                    seen.put("headers", RequestHeaders.names(exchange.transportContext()));
                    seen.put("authorization", RequestHeaders.authorization(exchange.transportContext()));
                    return structured(seen);
                });
    }

    private static SyncToolSpecification dashboard() {
        Map<String, Object> dashboard = Map.of(
                "name", "Engineering",
                "widgets", List.of(
                        Map.of("title", "Open issues", "value", 2),
                        Map.of("title", "Deploys this week", "value", 7),
                        Map.of("title", "Error rate", "value", "0.4%")));
        return tool("get_dashboard", "Returns the engineering dashboard.", NO_INPUT,
                (exchange, request) -> structured(dashboard));
    }

    private static SyncToolSpecification progress() {
        return tool("progress", "Sends 'steps' progress notifications, 'delayMs' apart, then answers.", """
                {"type":"object","properties":{
                  "steps":{"type":"integer","minimum":1,"maximum":1000,"default":10},
                  "delayMs":{"type":"integer","minimum":0,"maximum":10000,"default":20}}}""",
                (exchange, request) -> {
                    Long steps = longArgument(request, "steps", 10);
                    Long delay = longArgument(request, "delayMs", 20);
                    if (steps == null || steps < 1 || steps > 1000 || delay == null || delay < 0 || delay > 10_000) {
                        return error("'steps' must be 1..1000 and 'delayMs' 0..10000");
                    }
                    Object token = request.progressToken();
                    for (int step = 1; step <= steps; step++) {
                        pause(delay);
                        if (token != null) {
                            // the sync exchange blocks until each notification is written: they arrive in order
                            exchange.progressNotification(new ProgressNotification(token, step, (double) steps,
                                    "step " + step + " of " + steps));
                        }
                    }
                    return text("done after " + steps + " steps");
                });
    }

    private static SyncToolSpecification addTool(Supplier<McpSyncServer> server) {
        AtomicInteger added = new AtomicInteger();
        return tool("add_tool", "Adds an echo tool at run time (default name added_N); clients get tools/list_changed.",
                """
                {"type":"object","properties":{"name":{"type":"string","pattern":"^[A-Za-z0-9_-]{1,64}$"}}}""",
                (exchange, request) -> {
                    Object given = Tools.arguments(request).get("name");
                    String name = given == null ? "added_" + added.incrementAndGet() : given.toString();
                    if (!TOOL_NAME.matcher(name).matches()) {
                        return error("'name' must match [A-Za-z0-9_-]{1,64}");
                    }
                    if (server.get().listTools().stream().anyMatch(tool -> tool.name().equals(name))) {
                        return error("a tool named " + name + " exists already");
                    }
                    // the SDK sends notifications/tools/list_changed itself (listChanged capability)
                    server.get().addTool(echo(name));
                    return text("added " + name);
                });
    }

    private static SyncToolSpecification sleep() {
        return tool("sleep", "Answers after 'ms' milliseconds.", """
                {"type":"object","properties":{"ms":{"type":"integer","minimum":0,"maximum":600000}},
                 "required":["ms"]}""",
                (exchange, request) -> {
                    Long ms = longArgument(request, "ms", -1);
                    if (ms == null || ms < 0 || ms > 600_000) {
                        return error("'ms' must be 0..600000");
                    }
                    pause(ms);
                    return text("slept " + ms + " ms");
                });
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
