package dev.gatehouse.identity.service;

import dev.gatehouse.shared.problem.ProblemException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The management services a JWT may be meant for ({@code aud}): the {@code audience} values of
 * {@code POST /api/v1/token} and the {@code aud} each service requires
 * ({@code mp.jwt.verify.audiences}). Without a choice, a JWT is meant for all three.
 */
public final class JwtAudiences {

    public static final Map<String, String> BY_NAME = Map.of(
            "registry", "gatehouse-registry",
            "identity", "gatehouse-identity",
            "audit", "gatehouse-audit");

    private static final List<String> ALL = List.of("gatehouse-registry", "gatehouse-identity", "gatehouse-audit");

    private JwtAudiences() {
    }

    /**
     * The {@code aud} values for the requested names ({@code audience=registry&audience=audit} or
     * {@code audience=registry,audit}); all three when none is given.
     *
     * @throws ProblemException 400 naming {@code audience} for an unknown name
     */
    public static Set<String> of(Collection<String> requested) {
        Set<String> audiences = new LinkedHashSet<>();
        if (requested != null) {
            for (String value : requested) {
                for (String name : value.split(",")) {
                    String audience = BY_NAME.get(name.strip());
                    if (audience == null) {
                        throw ProblemException.invalidField("audience", "must be registry, identity or audit");
                    }
                    audiences.add(audience);
                }
            }
        }
        return audiences.isEmpty() ? new LinkedHashSet<>(ALL) : audiences;
    }
}
