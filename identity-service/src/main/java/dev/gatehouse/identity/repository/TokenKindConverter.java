package dev.gatehouse.identity.repository;

import dev.gatehouse.shared.access.TokenKind;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a {@link TokenKind} by its wire name ({@code workspace-admin}, {@code member}, {@code auditor}). */
@Converter
public class TokenKindConverter implements AttributeConverter<TokenKind, String> {

    @Override
    public String convertToDatabaseColumn(TokenKind kind) {
        return kind == null ? null : kind.role();
    }

    @Override
    public TokenKind convertToEntityAttribute(String role) {
        return role == null ? null : TokenKind.fromRole(role)
                .orElseThrow(() -> new IllegalStateException("unknown token kind in database: " + role));
    }
}
