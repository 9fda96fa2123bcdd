package dev.gatehouse.console.session;

import dev.gatehouse.console.ConsoleConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.UriInfo;

import java.time.Duration;

/**
 * The console's two cookies, both HttpOnly and SameSite=Strict, Secure over TLS (or when
 * configured): the session (the JWT, for as long as it is valid) and the sign-in form's nonce.
 */
@ApplicationScoped
public class Cookies {

    public static final String SESSION = "gatehouse_session";
    public static final String NONCE = "gatehouse_nonce";

    private final boolean alwaysSecure;

    public Cookies(ConsoleConfig config) {
        this.alwaysSecure = config.secureCookies();
    }

    public NewCookie session(Session session, Duration lifetime, UriInfo uri) {
        return cookie(SESSION, session.jwt(), (int) Math.max(1, lifetime.toSeconds()), uri);
    }

    public NewCookie clearSession(UriInfo uri) {
        return cookie(SESSION, "", 0, uri);
    }

    public NewCookie nonce(String value, UriInfo uri) {
        return cookie(NONCE, value, 3600, uri);
    }

    public NewCookie clearNonce(UriInfo uri) {
        return cookie(NONCE, "", 0, uri);
    }

    private NewCookie cookie(String name, String value, int maxAge, UriInfo uri) {
        return new NewCookie.Builder(name).value(value).path("/").maxAge(maxAge)
                .httpOnly(true).sameSite(NewCookie.SameSite.STRICT)
                .secure(alwaysSecure || "https".equalsIgnoreCase(uri.getBaseUri().getScheme()))
                .build();
    }
}
