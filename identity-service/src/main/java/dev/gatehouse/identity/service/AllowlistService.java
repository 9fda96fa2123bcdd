package dev.gatehouse.identity.service;

import dev.gatehouse.identity.config.IdentityConfig;
import dev.gatehouse.identity.dto.Allowlist;
import dev.gatehouse.identity.messaging.IdentityEvents;
import dev.gatehouse.identity.repository.TokenEntity;
import dev.gatehouse.shared.access.AllowlistRule;
import dev.gatehouse.shared.access.TokenKind;
import dev.gatehouse.shared.problem.FieldError;
import dev.gatehouse.shared.problem.ProblemException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Member allowlists: read, and replaced as a whole. */
@ApplicationScoped
public class AllowlistService {

    private final TokenService tokenService;
    private final IdentityEvents events;
    private final IdentityConfig config;

    public AllowlistService(TokenService tokenService, IdentityEvents events, IdentityConfig config) {
        this.tokenService = tokenService;
        this.events = events;
        this.config = config;
    }

    @Transactional
    public Allowlist get(String workspace, String tokenId) {
        TokenEntity token = tokenService.find(workspace, tokenId);
        return new Allowlist(token.id, List.copyOf(token.allowlist));
    }

    /**
     * Replaces the rules of an active member token. Every rule is checked before anything changes;
     * duplicates are dropped, order is kept.
     */
    @Transactional
    public Allowlist replace(String workspace, String tokenId, List<String> rules, String actor) {
        List<String> valid = validate(rules);
        TokenEntity token = tokenService.find(workspace, tokenId);
        if (token.kind != TokenKind.MEMBER) {
            throw ProblemException.conflict("only member tokens have allowlists");
        }
        if (!token.isActive(Instant.now())) {
            throw ProblemException.conflict("the token is revoked or expired");
        }
        token.allowlist.clear();
        token.allowlist.addAll(valid);
        events.revocation("allowlist.updated", workspace, actor,
                Map.of("tokenId", token.id.toString(), "rules", valid));
        Log.infof("Allowlist of token %s in workspace %s now has %d rules", token.id, workspace, valid.size());
        return new Allowlist(token.id, valid);
    }

    private List<String> validate(List<String> rules) {
        if (rules == null) {
            throw ProblemException.invalidField("rules", "is required (an empty list removes every rule)");
        }
        if (rules.size() > config.maxAllowlistRules()) {
            throw ProblemException.invalidField("rules", "at most " + config.maxAllowlistRules() + " rules");
        }
        List<FieldError> problems = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            String problem = AllowlistRule.problem(rules.get(i));
            if (problem != null) {
                problems.add(new FieldError("rules[" + i + "]", problem));
            }
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalid(problems);
        }
        return List.copyOf(new LinkedHashSet<>(rules));
    }
}
