package dev.gatehouse.gateway.auth;

/**
 * A revocation event this replica just applied to its principal cache, for whatever else holds on
 * to a token's access (open notification streams).
 *
 * @param workspace the workspace concerned
 * @param tokenId   the token concerned; null for every token of the workspace
 * @param revoked   true when the token (or every token) no longer works; false when only what it may
 *                  call changed (allowlist, enforcement)
 */
public record AccessChanged(String workspace, String tokenId, boolean revoked) {

    public boolean concerns(String workspace, String tokenId) {
        return this.workspace.equals(workspace) && (this.tokenId == null || this.tokenId.equals(tokenId));
    }
}
