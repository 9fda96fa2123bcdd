package dev.gatehouse.console.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.TemplateData;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Ready-to-paste client settings for a new member token: Claude Desktop (through the
 * {@code mcp-remote} bridge), Cursor and VS Code. Shown once, with the token, and never again.
 */
@TemplateData
public record ClientConfigs(String claudeDesktop, String cursor, String vscode) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static ClientConfigs of(String endpoint, String token, String name) {
        Map<String, Object> claude = Map.of("mcpServers", Map.of(name, ordered(
                "command", "npx",
                "args", List.of("-y", "mcp-remote", endpoint, "--header", "Authorization:${GATEHOUSE_AUTH}"),
                "env", Map.of("GATEHOUSE_AUTH", "Bearer " + token))));
        Map<String, Object> cursor = Map.of("mcpServers", Map.of(name, ordered(
                "url", endpoint,
                "headers", Map.of("Authorization", "Bearer " + token))));
        Map<String, Object> vscode = Map.of("servers", Map.of(name, ordered(
                "type", "http",
                "url", endpoint,
                "headers", Map.of("Authorization", "Bearer " + token))));
        return new ClientConfigs(pretty(claude), pretty(cursor), pretty(vscode));
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String pretty(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ClientConfigs[***]";
    }
}
