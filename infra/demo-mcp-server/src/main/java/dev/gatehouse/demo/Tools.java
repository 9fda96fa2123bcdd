package dev.gatehouse.demo;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

/** Small helpers to declare tools and build their results with the SDK's types. */
final class Tools {

    static final McpJsonMapper JSON = McpJsonDefaults.getMapper();

    static final String TEXT_INPUT = """
            {"type":"object","properties":{"text":{"type":"string"}},"required":["text"]}""";
    static final String NO_INPUT = """
            {"type":"object","properties":{}}""";

    private Tools() {
    }

    /** A tool with a JSON Schema for its input, answered by {@code handler}. */
    static SyncToolSpecification tool(String name, String description, String inputSchema,
                                      BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
        return tool(Tool.builder().name(name).description(description).inputSchema(JSON, inputSchema).build(), handler);
    }

    static SyncToolSpecification tool(Tool tool,
                                      BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
        return SyncToolSpecification.builder().tool(tool).callHandler(handler).build();
    }

    /** An {@code echo}-style tool: returns its {@code text} argument. */
    static SyncToolSpecification echo(String name) {
        return tool(name, "Returns the given text unchanged.", TEXT_INPUT, (exchange, request) -> {
            Object text = arguments(request).get("text");
            return text instanceof String value ? text(value) : error("argument 'text' must be a string");
        });
    }

    /**
     * {@code count} echo tools named {@code tool_00}.. (zero-padded to at least two digits, so that
     * they sort by name in their numeric order).
     */
    static List<SyncToolSpecification> numberedEchoes(int count) {
        int width = Math.max(2, Integer.toString(count - 1).length());
        return IntStream.range(0, count)
                .mapToObj(i -> echo("tool_" + String.format("%0" + width + "d", i)))
                .toList();
    }

    static Map<String, Object> arguments(CallToolRequest request) {
        return request.arguments() == null ? Map.of() : request.arguments();
    }

    /** The integer argument {@code name}, or {@code fallback} when absent; null when not a whole number. */
    static Long longArgument(CallToolRequest request, String name, long fallback) {
        Object value = arguments(request).get(name);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            return number.longValue();
        }
        return null;
    }

    static CallToolResult text(String text) {
        return CallToolResult.builder().addTextContent(text).build();
    }

    /** A result carrying {@code value} both as structured content and as its JSON text. */
    static CallToolResult structured(Map<String, Object> value) {
        return CallToolResult.builder().addTextContent(toJson(value)).structuredContent(value).build();
    }

    /** A tool-level failure: a result with {@code isError: true}, not a protocol error. */
    static CallToolResult error(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }

    static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
