package dev.gatehouse.bench.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.bench.mcp.McpSession;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The management calls a benchmark needs to set a workspace up (registry and identity REST APIs,
 * with JWTs from identity), and to revoke a token (scenario 6). One method per call, so that an
 * API change touches one place.
 */
public final class ManagementApi {

    private final HttpClient http;
    private final String registryUrl;
    private final String identityUrl;

    public ManagementApi(HttpClient http, String registryUrl, String identityUrl) {
        this.http = http;
        this.registryUrl = registryUrl;
        this.identityUrl = identityUrl;
    }

    /** A management JWT for an {@code mng_} token, or the operator JWT for the operator credential. */
    public String jwt(String credential) {
        return send("POST", identityUrl + "/api/v1/token", credential, null, 200).path("access_token").asText();
    }

    /** Creates a workspace and answers its admin token ({@code mng_...}). */
    public String createWorkspace(String operatorJwt, String slug) {
        ObjectNode body = McpSession.JSON.createObjectNode().put("slug", slug).put("name", "Benchmark " + slug);
        return send("POST", registryUrl + "/api/v1/workspaces", operatorJwt, body, 201).path("adminToken").asText();
    }

    public void deleteWorkspace(String operatorJwt, String slug) {
        send("DELETE", registryUrl + "/api/v1/workspaces/" + slug, operatorJwt, null, 204);
    }

    public void addServer(String adminJwt, String workspace, String slug, String url, String prefix) {
        ObjectNode body = McpSession.JSON.createObjectNode().put("slug", slug).put("name", slug).put("url", url)
                .put("prefix", prefix);
        send("POST", registryUrl + "/api/v1/workspaces/" + workspace + "/servers", adminJwt, body, 201);
    }

    /** Creates a member token; answers its id and raw value. */
    public Token createMember(String adminJwt, String workspace, String memberId) {
        ObjectNode body = McpSession.JSON.createObjectNode().put("kind", "member").put("memberId", memberId)
                .put("displayName", "Bench " + memberId);
        JsonNode created = send("POST", identityUrl + "/api/v1/workspaces/" + workspace + "/tokens", adminJwt, body, 201);
        // the token's details come flattened next to the raw token
        return new Token(created.path("id").asText(), created.path("token").asText());
    }

    public void setAllowlist(String adminJwt, String workspace, String tokenId, List<String> rules) {
        ObjectNode body = McpSession.JSON.createObjectNode();
        rules.forEach(body.putArray("rules")::add);
        send("PUT", identityUrl + "/api/v1/workspaces/" + workspace + "/tokens/" + tokenId + "/allowlist", adminJwt, body, 200);
    }

    public void setEnforcement(String adminJwt, String workspace, boolean enabled) {
        ObjectNode body = McpSession.JSON.createObjectNode().put("enforcement", enabled);
        send("PUT", identityUrl + "/api/v1/workspaces/" + workspace + "/security", adminJwt, body, 200);
    }

    public void revoke(String adminJwt, String workspace, String tokenId) {
        send("DELETE", identityUrl + "/api/v1/workspaces/" + workspace + "/tokens/" + tokenId, adminJwt, null, 204);
    }

    /** A token's id and its raw value. */
    public record Token(String id, String value) {
    }

    /** @param bearer a JWT, or (token exchange only) the credential to exchange */
    private JsonNode send(String method, String url, String bearer, JsonNode body, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                // the body is a problem+json; it never carries a secret, so it may be shown
                throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? McpSession.JSON.nullNode() : McpSession.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + url + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
