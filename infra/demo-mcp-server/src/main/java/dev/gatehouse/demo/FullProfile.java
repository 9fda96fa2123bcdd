package dev.gatehouse.demo;

import io.modelcontextprotocol.server.McpRequestHandler;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.ErrorCodes;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.ClientCapabilities;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult.CompleteCompletion;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageResult;
import io.modelcontextprotocol.spec.McpSchema.ElicitRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.ListPromptsResult;
import io.modelcontextprotocol.spec.McpSchema.ListResourceTemplatesResult;
import io.modelcontextprotocol.spec.McpSchema.ListResourcesResult;
import io.modelcontextprotocol.spec.McpSchema.ListToolsResult;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.PromptReference;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceReference;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.Root;
import io.modelcontextprotocol.spec.McpSchema.SamplingMessage;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpStreamableServerSession;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import static dev.gatehouse.demo.Tools.NO_INPUT;
import static dev.gatehouse.demo.Tools.echo;
import static dev.gatehouse.demo.Tools.error;
import static dev.gatehouse.demo.Tools.longArgument;
import static dev.gatehouse.demo.Tools.structured;
import static dev.gatehouse.demo.Tools.text;
import static dev.gatehouse.demo.Tools.tool;

/**
 * The {@code full} profile: every server feature of MCP 2025-11-25 the SDK offers, with content
 * that names its {@code --instance} (so two instances side by side are told apart), plus one
 * resource URI both instances share ({@code demo://shared/about}) for collision tests.
 * See the README's table for what each tool, prompt and resource does.
 */
final class FullProfile {

    static final String SHARED_URI = "demo://shared/about";
    static final List<String> STYLES = List.of("formal", "friendly", "pirate");
    static final List<String> NOTE_IDS = List.of("1", "2", "3", "10", "20");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final byte[] LOGO = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private final String instance;
    private final Supplier<McpSyncServer> server;
    private final ResourceSubscriptions subscriptions;
    private final Function<String, Optional<McpStreamableServerSession>> sessions;
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final int pageSize;

    /**
     * @param sessions finds a live session by id (for resources/updated to subscribers only)
     */
    FullProfile(String instance, int pageSize, Supplier<McpSyncServer> server,
                Function<String, Optional<McpStreamableServerSession>> sessions) {
        this.instance = instance;
        this.pageSize = pageSize;
        this.server = server;
        this.sessions = sessions;
        this.subscriptions = new ResourceSubscriptions(sessions,
                uri -> server.get().listResources().stream().anyMatch(resource -> resource.uri().equals(uri)));
    }

    Profiles.Profile profile() {
        ServerCapabilities capabilities = ServerCapabilities.builder()
                .tools(true)
                .prompts(true)
                .resources(true, true)
                .logging()
                .completions()
                .build();
        Map<String, McpRequestHandler<?>> handlers = new HashMap<>(subscriptions.handlers());
        if (pageSize > 0) {
            handlers.putAll(pagedLists());
        }
        return new Profiles.Profile(capabilities, tools(), prompts(), resources(), List.of(notesTemplate()),
                completions(), handlers);
    }

    private Map<String, McpRequestHandler<?>> pagedLists() {
        return Map.of(
                McpSchema.METHOD_TOOLS_LIST, Pages.handler(pageSize, () -> server.get().listTools(), ListToolsResult::new),
                McpSchema.METHOD_PROMPT_LIST, Pages.handler(pageSize, () -> server.get().listPrompts(), ListPromptsResult::new),
                McpSchema.METHOD_RESOURCES_LIST, Pages.handler(pageSize, () -> server.get().listResources(),
                        ListResourcesResult::new),
                McpSchema.METHOD_RESOURCES_TEMPLATES_LIST, Pages.handler(pageSize,
                        () -> server.get().listResourceTemplates(), ListResourceTemplatesResult::new));
    }

    // ---- tools ----

    private List<SyncToolSpecification> tools() {
        return List.of(echo("echo"), logSteps(), logLater(), askModel(), askUser(), askModelThenUser(), listRoots(), touch(),
                addPrompt(), addResource());
    }

    private SyncToolSpecification logSteps() {
        return tool("log_steps", "Sends 'steps' log messages (notifications/message, level info, plus one debug) "
                        + "during the call, then answers.", """
                {"type":"object","properties":{"steps":{"type":"integer","minimum":1,"maximum":100,"default":3}}}""",
                (exchange, request) -> {
                    Long steps = longArgument(request, "steps", 3);
                    if (steps == null || steps < 1 || steps > 100) {
                        return error("'steps' must be 1..100");
                    }
                    // the debug message shows whether logging/setLevel reached this server (default: info)
                    log(exchange, LoggingLevel.DEBUG, "debug detail from " + instance);
                    for (int step = 1; step <= steps; step++) {
                        log(exchange, LoggingLevel.INFO, "step " + step + " of " + steps + " on " + instance);
                    }
                    return text("logged " + steps + " steps");
                });
    }

    private SyncToolSpecification logLater() {
        return tool("log_later", "Sends one info log message on this session's GET stream (outside the request, "
                        + "as a server logs on its own), then answers whether a GET stream took it.", """
                {"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}""",
                (exchange, request) -> {
                    if (!(Tools.arguments(request).get("text") instanceof String text)) {
                        return error("argument 'text' must be a string");
                    }
                    Optional<McpStreamableServerSession> session = sessions.apply(exchange.sessionId());
                    if (session.isEmpty()) {
                        return text("no stream");
                    }
                    try {
                        session.get().sendNotification(McpSchema.METHOD_NOTIFICATION_MESSAGE,
                                LoggingMessageNotification.builder().level(LoggingLevel.INFO)
                                        .logger("demo-" + instance).data(text).build()).block(Duration.ofSeconds(5));
                        return text("sent");
                    } catch (RuntimeException e) {
                        return text("no stream");
                    }
                });
    }

    private void log(McpSyncServerExchange exchange, LoggingLevel level, String message) {
        exchange.loggingNotification(LoggingMessageNotification.builder()
                .level(level).logger("demo-" + instance).data(message).build());
    }

    private SyncToolSpecification askModel() {
        return tool("ask_model", "Asks the client's model (sampling/createMessage) and returns its answer.", """
                {"type":"object","properties":{"question":{"type":"string"}},"required":["question"]}""",
                (exchange, request) -> {
                    if (!(Tools.arguments(request).get("question") instanceof String question)) {
                        return error("argument 'question' must be a string");
                    }
                    if (capabilities(exchange).sampling() == null) {
                        return error("the client does not offer sampling");
                    }
                    CreateMessageResult answer = exchange.createMessage(CreateMessageRequest.builder()
                            .messages(List.of(new SamplingMessage(Role.USER, new TextContent(question))))
                            .systemPrompt("Answer in one sentence.")
                            .maxTokens(100)
                            .build());
                    String said = answer.content() instanceof TextContent content ? content.text() : String.valueOf(answer.content());
                    return text("model " + answer.model() + " answered: " + said);
                });
    }

    private SyncToolSpecification askUser() {
        return tool("ask_user", "Asks the user for their name (elicitation/create, form mode) and reports the answer.", """
                {"type":"object","properties":{"message":{"type":"string"}}}""",
                (exchange, request) -> {
                    if (capabilities(exchange).elicitation() == null) {
                        return error("the client does not offer elicitation");
                    }
                    Object message = Tools.arguments(request).getOrDefault("message", "What is your name?");
                    ElicitResult answer = exchange.createElicitation(new ElicitRequest(String.valueOf(message), Map.of(
                            "type", "object",
                            "properties", Map.of("name", Map.of("type", "string", "description", "Your name")),
                            "required", List.of("name"))));
                    Map<String, Object> reported = new LinkedHashMap<>();
                    reported.put("action", answer.action().name().toLowerCase(Locale.ROOT));
                    reported.put("content", answer.content() == null ? Map.of() : answer.content());
                    return structured(reported);
                });
    }

    private SyncToolSpecification askModelThenUser() {
        return tool("ask_model_then_user", "Asks the client's model (sampling), then the user to confirm its answer "
                        + "(elicitation): two requests to the client, one after the other, within one call.", NO_INPUT,
                (exchange, request) -> {
                    if (capabilities(exchange).sampling() == null || capabilities(exchange).elicitation() == null) {
                        return error("the client does not offer sampling and elicitation");
                    }
                    CreateMessageResult answer = exchange.createMessage(CreateMessageRequest.builder()
                            .messages(List.of(new SamplingMessage(Role.USER, new TextContent("Pick a colour."))))
                            .maxTokens(10)
                            .build());
                    String said = answer.content() instanceof TextContent content ? content.text() : String.valueOf(answer.content());
                    ElicitResult confirmed = exchange.createElicitation(new ElicitRequest("The model said " + said + ". Agreed?",
                            Map.of("type", "object", "properties", Map.of("agreed", Map.of("type", "boolean")),
                                    "required", List.of("agreed"))));
                    Object agreed = confirmed.content() == null ? null : confirmed.content().get("agreed");
                    return structured(Map.<String, Object>of("model", said, "agreed", String.valueOf(agreed)));
                });
    }

    private SyncToolSpecification listRoots() {
        return tool("list_roots", "Asks the client for its roots (roots/list) and returns their URIs.", NO_INPUT,
                (exchange, request) -> {
                    if (capabilities(exchange).roots() == null) {
                        return error("the client does not offer roots");
                    }
                    List<String> uris = exchange.listRoots().roots().stream().map(Root::uri).toList();
                    return structured(Map.of("roots", uris));
                });
    }

    private SyncToolSpecification touch() {
        return tool("touch", "Changes one of this server's resources (its counter goes up) and sends "
                        + "notifications/resources/updated to the sessions subscribed to it.", """
                {"type":"object","properties":{"uri":{"type":"string"}},"required":["uri"]}""",
                (exchange, request) -> {
                    Object uri = Tools.arguments(request).get("uri");
                    if (!(uri instanceof String value)
                            || server.get().listResources().stream().noneMatch(resource -> resource.uri().equals(value))) {
                        return error("'uri' must be one of this server's resources");
                    }
                    long count = counters.computeIfAbsent(value, key -> new AtomicLong()).incrementAndGet();
                    int reached = subscriptions.notifyUpdated(value);
                    return structured(Map.of("uri", value, "count", count, "notified", reached));
                });
    }

    private SyncToolSpecification addPrompt() {
        return tool("add_prompt", "Adds a prompt at run time; clients get prompts/list_changed.", """
                {"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}""",
                (exchange, request) -> {
                    Object name = Tools.arguments(request).get("name");
                    if (!(name instanceof String value) || !NAME.matcher(value).matches()) {
                        return error("'name' must match [A-Za-z0-9_-]{1,64}");
                    }
                    if (server.get().listPrompts().stream().anyMatch(prompt -> prompt.name().equals(value))) {
                        return error("a prompt named " + value + " exists already");
                    }
                    server.get().addPrompt(new SyncPromptSpecification(
                            new Prompt(value, "Added at run time on " + instance, List.of()),
                            (ex, get) -> promptResult("added prompt " + value + " of " + instance)));
                    return text("added prompt " + value);
                });
    }

    private SyncToolSpecification addResource() {
        return tool("add_resource", "Adds resource demo://<instance>/added/<name> at run time; clients get "
                        + "resources/list_changed.", """
                {"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}""",
                (exchange, request) -> {
                    Object name = Tools.arguments(request).get("name");
                    if (!(name instanceof String value) || !NAME.matcher(value).matches()) {
                        return error("'name' must match [A-Za-z0-9_-]{1,64}");
                    }
                    String uri = "demo://" + instance + "/added/" + value;
                    if (server.get().listResources().stream().anyMatch(resource -> resource.uri().equals(uri))) {
                        return error(uri + " exists already");
                    }
                    server.get().addResource(textResource(uri, "added-" + value, "text/plain",
                            () -> "added at run time on " + instance));
                    return text("added " + uri);
                });
    }

    private static ClientCapabilities capabilities(McpSyncServerExchange exchange) {
        ClientCapabilities capabilities = exchange.getClientCapabilities();
        return capabilities == null ? ClientCapabilities.builder().build() : capabilities;
    }

    // ---- prompts ----

    private List<SyncPromptSpecification> prompts() {
        Prompt greet = new Prompt("greet", "Greeting", "A greeting for someone, in a style (completion offers styles).",
                List.of(new PromptArgument("name", "Who to greet", true),
                        new PromptArgument("style", "formal, friendly or pirate", false)));
        Prompt status = new Prompt("status_" + instance, "Status of " + instance, List.of());
        return List.of(
                new SyncPromptSpecification(greet, (exchange, request) -> {
                    Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
                    Object name = arguments.get("name");
                    Object style = arguments.getOrDefault("style", "friendly");
                    if (name == null) {
                        throw McpError.builder(ErrorCodes.INVALID_PARAMS).message("argument 'name' is required").build();
                    }
                    return promptResult("Greet " + name + " in a " + style + " style (from " + instance + ").");
                }),
                new SyncPromptSpecification(status, (exchange, request) -> promptResult("All systems normal on " + instance + ".")));
    }

    private static GetPromptResult promptResult(String text) {
        return new GetPromptResult(null, List.of(new PromptMessage(Role.USER, new TextContent(text))));
    }

    // ---- resources ----

    private List<SyncResourceSpecification> resources() {
        List<SyncResourceSpecification> resources = new ArrayList<>();
        resources.add(textResource("demo://" + instance + "/readme", "readme", "text/markdown",
                () -> "# Demo server " + instance + "\n\nA full-feature MCP server for tests.\n"));
        String counter = "demo://" + instance + "/counter";
        resources.add(textResource(counter, "counter", "text/plain",
                () -> "count=" + counters.computeIfAbsent(counter, key -> new AtomicLong()).get()));
        resources.add(textResource(SHARED_URI, "about", "text/plain", () -> "about, as told by " + instance));
        String logo = "demo://" + instance + "/logo.png";
        resources.add(new SyncResourceSpecification(
                Resource.builder().uri(logo).name("logo").mimeType("image/png").size((long) LOGO.length).build(),
                (exchange, request) -> new ReadResourceResult(List.of(
                        new BlobResourceContents(logo, "image/png", Base64.getEncoder().encodeToString(LOGO))))));
        return resources;
    }

    private static SyncResourceSpecification textResource(String uri, String name, String mimeType, Supplier<String> text) {
        return new SyncResourceSpecification(Resource.builder().uri(uri).name(name).mimeType(mimeType).build(),
                (exchange, request) -> new ReadResourceResult(List.of(new TextResourceContents(uri, mimeType, text.get()))));
    }

    private String notesTemplateUri() {
        return "demo://" + instance + "/notes/{id}";
    }

    private SyncResourceTemplateSpecification notesTemplate() {
        String prefix = "demo://" + instance + "/notes/";
        ResourceTemplate template = ResourceTemplate.builder()
                .uriTemplate(notesTemplateUri()).name("note").description("A note by id (completion offers ids).")
                .mimeType("text/plain").build();
        return new SyncResourceTemplateSpecification(template, (exchange, request) -> {
            String id = request.uri().startsWith(prefix) ? request.uri().substring(prefix.length()) : "?";
            return new ReadResourceResult(List.of(new TextResourceContents(request.uri(), "text/plain",
                    "note " + id + " of " + instance)));
        });
    }

    // ---- completions ----

    private List<SyncCompletionSpecification> completions() {
        return List.of(
                new SyncCompletionSpecification(new PromptReference("greet"),
                        (exchange, request) -> completion(STYLES, request.argument().value())),
                new SyncCompletionSpecification(new ResourceReference(notesTemplateUri()),
                        (exchange, request) -> completion(NOTE_IDS, request.argument().value())));
    }

    private static CompleteResult completion(List<String> values, String prefix) {
        List<String> matching = values.stream().filter(value -> value.startsWith(prefix == null ? "" : prefix)).toList();
        return new CompleteResult(new CompleteCompletion(matching, matching.size(), false));
    }
}
