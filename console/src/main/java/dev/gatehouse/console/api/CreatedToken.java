package dev.gatehouse.console.api;

import io.quarkus.qute.TemplateData;

/** A token just created: the only time its value exists outside the person's hands. */
@TemplateData
public record CreatedToken(String id, String memberId, String displayName, String kind, String token) {

    @Override
    public String toString() {
        return "CreatedToken[id=" + id + ", memberId=" + memberId + ", token=***]";
    }
}
