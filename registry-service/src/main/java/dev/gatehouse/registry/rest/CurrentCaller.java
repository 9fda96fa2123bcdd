package dev.gatehouse.registry.rest;

import dev.gatehouse.registry.service.Caller;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Turns the verified JWT of the current request into a {@link Caller}. */
@ApplicationScoped
public class CurrentCaller {

    private static final String WORKSPACE_CLAIM = "workspace";

    private final JsonWebToken jwt;

    public CurrentCaller(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    /** The caller; a token without a subject is refused like a missing one (fail closed). */
    public Caller get() {
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new UnauthorizedException();
        }
        return new Caller(subject, jwt.getGroups(), jwt.getClaim(WORKSPACE_CLAIM));
    }
}
