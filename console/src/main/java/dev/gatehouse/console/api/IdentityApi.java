package dev.gatehouse.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.console.ConsoleConfig;
import dev.gatehouse.console.session.Session;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** identity-service's public API: sign-in (token exchange), tokens, allowlists, enforcement. */
@ApplicationScoped
public class IdentityApi {

    private static final String SERVICE = "identity";

    private final ServiceCall call;
    private final ObjectMapper json;
    private final String base;

    public IdentityApi(ServiceCall call, ObjectMapper json, ConsoleConfig config) {
        this.call = call;
        this.json = json;
        this.base = config.identityUrl().replaceAll("/+$", "");
    }

    /** The management JWT for a workspace token or the operator credential; 401 when neither. */
    public String exchange(String credential) {
        return call.send(SERVICE, "POST", URI.create(base + "/api/v1/token"), credential, null)
                .path("access_token").asText();
    }

    public List<TokenRow> tokens(Session session, String workspace) {
        JsonNode list = call.send(SERVICE, "GET", url(workspace, "/tokens"), session.jwt(), null);
        List<TokenRow> rows = new ArrayList<>();
        for (JsonNode token : list) {
            rows.add(json.convertValue(token, TokenRow.class));
        }
        return rows;
    }

    public CreatedToken create(Session session, String workspace, String kind, String memberId, String displayName,
                               String email) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", kind);
        body.put("memberId", memberId);
        body.put("displayName", displayName);
        if (email != null) {
            body.put("email", email);
        }
        JsonNode created = call.send(SERVICE, "POST", url(workspace, "/tokens"), session.jwt(), body);
        return new CreatedToken(created.path("id").asText(), created.path("memberId").asText(null),
                created.path("displayName").asText(null), created.path("kind").asText(), created.path("token").asText());
    }

    public void revoke(Session session, String workspace, String tokenId) {
        call.send(SERVICE, "DELETE", url(workspace, "/tokens/" + segment(tokenId)), session.jwt(), null);
    }

    public List<String> allowlist(Session session, String workspace, String tokenId) {
        JsonNode answer = call.send(SERVICE, "GET", url(workspace, "/tokens/" + segment(tokenId) + "/allowlist"), session.jwt(), null);
        List<String> rules = new ArrayList<>();
        answer.path("rules").forEach(rule -> rules.add(rule.asText()));
        return rules;
    }

    public void saveAllowlist(Session session, String workspace, String tokenId, List<String> rules) {
        call.send(SERVICE, "PUT", url(workspace, "/tokens/" + segment(tokenId) + "/allowlist"), session.jwt(),
                Map.of("rules", rules));
    }

    public boolean enforcement(Session session, String workspace) {
        return call.send(SERVICE, "GET", url(workspace, "/security"), session.jwt(), null).path("enforcement").asBoolean();
    }

    public void setEnforcement(Session session, String workspace, boolean on) {
        call.send(SERVICE, "PUT", url(workspace, "/security"), session.jwt(), Map.of("enforcement", on));
    }

    private URI url(String workspace, String path) {
        return URI.create(base + "/api/v1/workspaces/" + segment(workspace) + path);
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
