package dev.gatehouse.identity.service;

import dev.gatehouse.identity.RawToken;
import dev.gatehouse.identity.config.OperatorCredential;
import dev.gatehouse.identity.dto.IssuedJwt;
import dev.gatehouse.identity.repository.TokenEntity;
import dev.gatehouse.shared.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.Set;

/**
 * Exchanges a presented credential for a management JWT: an active {@code mng_} token gets a JWT
 * with its workspace and role; the platform operator credential gets an operator JWT.
 */
@ApplicationScoped
public class TokenExchangeService {

    private final TokenVerifier verifier;
    private final OperatorCredential operator;
    private final JwtIssuer issuer;

    public TokenExchangeService(TokenVerifier verifier, OperatorCredential operator, JwtIssuer issuer) {
        this.verifier = verifier;
        this.operator = operator;
        this.issuer = issuer;
    }

    /**
     * @param audiences the JWT's {@code aud} ({@link JwtAudiences#of})
     * @throws ProblemException 401, the same for every credential that is not accepted
     */
    @Transactional
    public IssuedJwt exchange(String credential, Set<String> audiences) {
        if (credential != null && credential.startsWith(RawToken.PREFIX)) {
            TokenEntity token = verifier.verify(credential).orElseThrow(TokenExchangeService::refused);
            return issuer.forToken(token.workspace, token.id, token.kind.role(), audiences);
        }
        if (operator.matches(credential)) {
            return issuer.operator(audiences);
        }
        throw refused();
    }

    private static ProblemException refused() {
        return ProblemException.unauthorized("present an active mng_ token or the operator credential as a Bearer token");
    }
}
