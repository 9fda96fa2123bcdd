package dev.gatehouse.console.web;

import dev.gatehouse.console.session.Session;
import io.quarkus.qute.TemplateData;

import java.time.Instant;

/**
 * What the layout around every page needs: the title, the active tab, the workspace, who is signed
 * in and until when, the CSRF field of its forms, and a notice or error to show on top.
 */
@TemplateData
public record Frame(String title, String tab, String workspace, String role, boolean operator, Instant expiresAt,
                   String csrf, String notice, String error) {

    public static Frame signedOut(String title, String csrf, String notice, String error) {
        return new Frame(title, "signin", null, null, false, null, csrf, notice, error);
    }

    public static Frame of(Session session, String csrf, String title, String tab, String workspace) {
        return new Frame(title, tab, workspace, session.role(), session.operator(), session.expiresAt(), csrf, null, null);
    }

    public Frame notice(String text) {
        return new Frame(title, tab, workspace, role, operator, expiresAt, csrf, text, error);
    }

    public Frame error(String text) {
        return new Frame(title, tab, workspace, role, operator, expiresAt, csrf, notice, text);
    }

    public boolean signedIn() {
        return role != null;
    }

    public String roleName() {
        return role == null ? "" : switch (role) {
            case Session.OPERATOR -> "platform operator";
            case Session.ADMIN -> "workspace admin";
            case Session.AUDITOR -> "auditor";
            default -> role;
        };
    }
}
