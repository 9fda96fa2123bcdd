package dev.gatehouse.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.gatehouse.console.ConsoleConfig;
import dev.gatehouse.shared.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * One HTTP call to a service's public API with the signed-in person's JWT (or, to sign in, the
 * credential being exchanged). Answers JSON; turns every refusal into an {@link ApiException}
 * with the service's problem+json ({@link Problem}) detail and field errors. Bounded: 5 s to connect, the
 * configured call timeout for the answer. Never logs a body (they carry tokens).
 */
@ApplicationScoped
public class ServiceCall {

    /** Longest problem+json body read to explain a refusal. */
    private static final int MAX_PROBLEM_BYTES = 64 * 1024;

    // HTTP/1.1: the JDK client's h2c upgrade attempt is of no use on loopback or in a cluster
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final ObjectMapper json;
    private final Duration timeout;

    public ServiceCall(ObjectMapper json, ConsoleConfig config) {
        this.json = json;
        this.timeout = config.callTimeout();
    }

    /** A service's JSON answer and the headers it came with. */
    public record Answer(JsonNode body, HttpHeaders headers) {
    }

    /** A call to {@code service} (its name, for messages) at {@code url}. */
    public JsonNode send(String service, String method, URI url, String bearer, Object body) {
        return sendWithHeaders(service, method, url, bearer, body).body();
    }

    /** {@link #send}, with the answer's headers (paging links). */
    public Answer sendWithHeaders(String service, String method, URI url, String bearer, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + bearer);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
        }
        HttpResponse<byte[]> response = exchange(service, request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw refusal(service, response.statusCode(), response.body());
        }
        try {
            byte[] answer = response.body();
            return new Answer(answer.length == 0 ? NullNode.getInstance() : json.readTree(answer), response.headers());
        } catch (IOException e) {
            throw new ApiException(service, 502, "The " + service + " service sent an answer the console cannot read.", List.of());
        }
    }

    /** A streamed GET (exports): the open body; the caller closes it. */
    public InputStream stream(String service, URI url, String bearer, String accept) {
        HttpRequest request = HttpRequest.newBuilder(url).GET()
                .header("Accept", accept)
                .header("Authorization", "Bearer " + bearer)
                .build();
        HttpResponse<InputStream> response = exchange(service, request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() / 100 != 2) {
            try (InputStream body = response.body()) {
                throw refusal(service, response.statusCode(), body.readNBytes(MAX_PROBLEM_BYTES));
            } catch (IOException e) {
                throw new ApiException(service, response.statusCode(), null, List.of());
            }
        }
        return response.body();
    }

    private <T> HttpResponse<T> exchange(String service, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new ApiException(service, 0, null, List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(service, 0, null, List.of());
        }
    }

    private ApiException refusal(String service, int status, byte[] body) {
        try {
            Problem problem = json.readValue(body, 0, Math.min(body.length, MAX_PROBLEM_BYTES), Problem.class);
            return new ApiException(service, status, problem.detail(), problem.errors());
        } catch (IOException | RuntimeException e) {
            // not problem+json: the status alone explains it
            return new ApiException(service, status, null, List.of());
        }
    }

    private byte[] bytes(Object body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
