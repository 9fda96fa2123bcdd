package dev.gatehouse.demo;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpTransportContextExtractor;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Copies what the {@code headers} tool reports from each HTTP request into the SDK's transport
 * context, which the SDK hands to the tool with the request: the header names, and the value of
 * {@code Authorization}. Tests use it to see exactly what a gateway forwarded upstream.
 */
final class RequestHeaders implements McpTransportContextExtractor<HttpServletRequest> {

    private static final String NAMES = "gatehouse.demo.header-names";
    private static final String AUTHORIZATION = "gatehouse.demo.authorization";

    @Override
    public McpTransportContext extract(HttpServletRequest request) {
        Map<String, Object> values = new HashMap<>();
        values.put(NAMES, Collections.list(request.getHeaderNames()).stream()
                .map(name -> name.toLowerCase(Locale.ROOT))
                .distinct()
                .sorted()
                .toList());
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            values.put(AUTHORIZATION, authorization);
        }
        return McpTransportContext.create(values);
    }

    /** Lower-cased, sorted header names of the request that carried the tool call. */
    @SuppressWarnings("unchecked")
    static List<String> names(McpTransportContext context) {
        Object names = context.get(NAMES);
        return names == null ? List.of() : (List<String>) names;
    }

    /** The {@code Authorization} header of the request that carried the tool call, or null. */
    static String authorization(McpTransportContext context) {
        return (String) context.get(AUTHORIZATION);
    }
}
