package dev.gatehouse.console;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A member's MCP client over plain Streamable HTTP, as Cursor or Claude would talk to the gateway:
 * {@code initialize}, {@code notifications/initialized}, then one {@code tools/call}.
 */
final class MemberClient {

    /** The HTTP status and body of the {@code tools/call} (or of the refused {@code initialize}). */
    record Answer(int status, String body) {
        boolean blocked() {
            return body.contains("-32003");
        }

        boolean ok() {
            return status == 200 && body.contains("\"result\"") && !body.contains("\"isError\":true");
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String VERSION = "2025-11-25";

    private MemberClient() {
    }

    static Answer call(String endpoint, String token, String tool) throws IOException, InterruptedException {
        HttpResponse<String> init = post(endpoint, token, null,
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + VERSION
                        + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"console-test\",\"version\":\"1\"}}}");
        String session = init.headers().firstValue("Mcp-Session-Id").orElse(null);
        if (init.statusCode() != 200 || session == null) {
            return new Answer(init.statusCode(), init.body());
        }
        post(endpoint, token, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        HttpResponse<String> call = post(endpoint, token, session,
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                        + "\",\"arguments\":{\"text\":\"console test\"}}}");
        return new Answer(call.statusCode(), call.body());
    }

    private static HttpResponse<String> post(String endpoint, String token, String session, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (session != null) {
            request.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", VERSION);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
