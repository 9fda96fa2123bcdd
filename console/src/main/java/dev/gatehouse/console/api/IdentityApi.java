package dev.gatehouse.console.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.console.ConsoleConfig;
import dev.gatehouse.console.session.Session;
import dev.gatehouse.console.view.Paged;
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

    /**
     * Which tokens to list: every token, or the active members (with their rules when
     * {@code rules}); a page of {@code limit} from {@code cursor} (null: the first page).
     */
    public record TokenQuery(boolean activeMembers, boolean rules, String cursor, int limit) {

        public static TokenQuery all(String cursor, int limit) {
            return new TokenQuery(false, false, cursor, limit);
        }

        public static TokenQuery activeMembers(String cursor, int limit) {
            return new TokenQuery(true, true, cursor, limit);
        }
    }

    /** One page of the workspace's tokens, newest first (identity pages by keyset; 200 at most). */
    public Paged<TokenRow> tokens(Session session, String workspace, TokenQuery query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("limit", Integer.toString(query.limit()));
        if (query.activeMembers()) {
            parameters.put("kind", "member");
            parameters.put("active", "true");
        }
        if (query.rules()) {
            parameters.put("include", "rules");
        }
        if (query.cursor() != null && !query.cursor().isBlank()) {
            parameters.put("cursor", query.cursor());
        }
        ServiceCall.Answer answer = call.sendWithHeaders(SERVICE, "GET",
                url(workspace, "/tokens?" + AuditQuery.encode(parameters)), session.jwt(), null);
        return PagedAnswer.of(answer, token -> json.convertValue(token, TokenRow.class));
    }

    /** How many members have an active token (one row asked for; the count comes with it). */
    public long activeMembers(Session session, String workspace) {
        return tokens(session, workspace, new TokenQuery(true, false, null, 1)).total();
    }

    /** One token of the workspace (404 when it has none with this id). */
    public TokenRow token(Session session, String workspace, String tokenId) {
        return json.convertValue(call.send(SERVICE, "GET", url(workspace, "/tokens/" + segment(tokenId)), session.jwt(), null),
                TokenRow.class);
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
