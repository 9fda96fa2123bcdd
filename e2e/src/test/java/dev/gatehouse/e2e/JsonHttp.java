package dev.gatehouse.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The plain HTTP the security end-to-end tests speak: JSON in and out, a bearer, and a hard
 * deadline on every request (the client's own timeout plus a future that is cancelled), so no
 * test ever waits on a socket without end.
 */
final class JsonHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private static final HttpClient CLIENT = client(null);

    /** An answer: status, the headers we look at, and the body as text. */
    record Answer(int status, String contentType, String sessionId, String body) {

        JsonNode json() {
            try {
                return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (HTTP " + status + "): " + abbreviated(body), e);
            }
        }

        /** The body cut to a length fit for an assertion message. */
        String brief() {
            return "HTTP " + status + " " + abbreviated(body);
        }
    }

    private JsonHttp() {
    }

    /**
     * A client whose connections leave from {@code localAddress} (null: any). The gateway limits
     * requests per (workspace, client address); a load of several clients uses one loopback
     * address each (127.0.0.0/8 is all loopback on Linux), as several machines would.
     */
    static HttpClient client(InetAddress localAddress) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3))
                .followRedirects(HttpClient.Redirect.NEVER);
        if (localAddress != null) {
            builder.localAddress(localAddress);
        }
        return builder.build();
    }

    static Answer send(String method, String url, String bearer, Object body) {
        return send(method, url, bearer, body, DEFAULT_TIMEOUT, null);
    }

    /**
     * Sends one request. {@code body} is a JSON-serialisable object, a ready JSON string, or null.
     * {@code sessionId} adds the MCP session headers.
     */
    static Answer send(String method, String url, String bearer, Object body, Duration timeout, String sessionId) {
        return send(CLIENT, method, url, bearer, body, timeout, sessionId);
    }

    static Answer send(HttpClient client, String method, String url, String bearer, Object body, Duration timeout,
                       String sessionId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Accept", "application/json, text/event-stream");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (sessionId != null) {
            request.header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", GatewaySession.PROTOCOL);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body instanceof String text ? text : write(body)));
        }
        CompletableFuture<HttpResponse<String>> future = client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = future.get(timeout.toMillis() + 2_000, TimeUnit.MILLISECONDS);
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Mcp-Session-Id").orElse(null), response.body());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError(method + " " + URI.create(url).getPath() + " did not answer within " + timeout.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new UncheckedIOException(method + " " + URI.create(url).getPath() + " failed",
                    e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A GET of a text resource such as {@code /q/metrics} (Prometheus text format). */
    static Answer getText(String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(DEFAULT_TIMEOUT).header("Accept", "text/plain").GET().build();
        CompletableFuture<HttpResponse<String>> future = CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        try {
            HttpResponse<String> response = future.get(DEFAULT_TIMEOUT.toMillis() + 2_000, TimeUnit.MILLISECONDS);
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), null, response.body());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new AssertionError("GET " + url + " did not answer within " + DEFAULT_TIMEOUT.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new UncheckedIOException("GET " + url + " failed", e.getCause() instanceof IOException io ? io : new IOException(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String abbreviated(String text) {
        return text == null ? "" : text.length() <= 300 ? text : text.substring(0, 300) + "... (" + text.length() + " chars)";
    }
}
