package dev.gatehouse.console.web;

import dev.gatehouse.console.api.ApiException;
import dev.gatehouse.console.api.IdentityApi;
import dev.gatehouse.console.session.Cookies;
import dev.gatehouse.console.session.Csrf;
import dev.gatehouse.console.session.Session;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.RestForm;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Sign in with a workspace token ({@code mng_…}: admin or auditor) or the platform operator
 * credential: identity exchanges it for a short-lived JWT, which becomes the HttpOnly session
 * cookie. The credential itself is never kept, logged or sent back. Sign out clears the cookie.
 */
@Path("/")
@Blocking
public class SignInResource {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_CREDENTIAL = 512;

    private final IdentityApi identity;
    private final Cookies cookies;
    private final CurrentSession current;
    private final HttpServerRequest request;

    public SignInResource(IdentityApi identity, Cookies cookies, CurrentSession current, HttpServerRequest request) {
        this.identity = identity;
        this.cookies = cookies;
        this.current = current;
        this.request = request;
    }

    @GET
    public Response home() {
        return current.find()
                .map(session -> Response.seeOther(URI.create(startPage(session))).build())
                .orElseGet(() -> Response.seeOther(URI.create("/signin")).build());
    }

    @GET
    @Path("signin")
    public Response form(@QueryParam("done") String done, @Context UriInfo uri) {
        Cookie existing = request.getCookie(Cookies.NONCE);
        String nonce = existing != null && existing.getValue().length() >= 32 ? existing.getValue() : nonce();
        return page(Frame.signedOut("Sign in", Csrf.tokenFor(nonce), Notices.text(done), null), nonce, uri, 200);
    }

    @POST
    @Path("signin")
    public Response signIn(@RestForm String credential, @RestForm String csrf, @Context UriInfo uri) {
        Cookie nonceCookie = request.getCookie(Cookies.NONCE);
        String nonce = nonceCookie == null ? null : nonceCookie.getValue();
        if (!Csrf.matches(nonce, csrf)) {
            String fresh = nonce();
            return page(Frame.signedOut("Sign in", Csrf.tokenFor(fresh), null,
                    "This sign-in form had expired. It is fresh now: paste your token again."), fresh, uri, 403);
        }
        String problem = problem(credential);
        if (problem != null) {
            return page(Frame.signedOut("Sign in", csrf, null, problem), nonce, uri, 400);
        }
        Optional<Session> session;
        try {
            session = Session.of(identity.exchange(credential.strip()));
        } catch (ApiException e) {
            String message = e.status() == 401
                    ? "This token was not accepted: it is unknown, revoked or expired. Workspace admins paste their admin token (mng_…); the platform operator pastes the operator credential."
                    : e.plainMessage();
            return page(Frame.signedOut("Sign in", csrf, null, message), nonce, uri, e.status() == 401 ? 401 : 503);
        }
        if (session.isEmpty() || "member".equals(session.get().role())) {
            return page(Frame.signedOut("Sign in", csrf, null,
                    "Member tokens are for MCP clients, not for the console. Sign in with the workspace admin token, an auditor token, or the operator credential."),
                    nonce, uri, 403);
        }
        Duration lifetime = Duration.between(Instant.now(), session.get().expiresAt());
        return Response.seeOther(URI.create(startPage(session.get())))
                .cookie(cookies.session(session.get(), lifetime, uri), cookies.clearNonce(uri))
                .build();
    }

    @POST
    @Path("signout")
    public Response signOut(@RestForm String csrf, @Context UriInfo uri) {
        current.requireForm(csrf);
        return Response.seeOther(URI.create("/signin?done=signed-out")).cookie(cookies.clearSession(uri)).build();
    }

    static String startPage(Session session) {
        return session.operator() ? "/workspaces" : "/w/" + session.workspace();
    }

    private Response page(Frame frame, String nonce, UriInfo uri, int status) {
        TemplateInstance page = Pages.signin(frame);
        return Response.status(status).entity(page).cookie(cookies.nonce(nonce, uri)).build();
    }

    private static String problem(String credential) {
        if (credential == null || credential.isBlank()) {
            return "Paste a token to sign in.";
        }
        String value = credential.strip();
        if (value.length() > MAX_CREDENTIAL || value.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            return "That does not look like a token: a workspace token is mng_ followed by 48 hexadecimal characters, on one line.";
        }
        return null;
    }

    private static String nonce() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
