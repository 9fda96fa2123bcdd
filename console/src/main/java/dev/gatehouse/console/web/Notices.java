package dev.gatehouse.console.web;

import java.util.Map;

/**
 * The sentences shown after a change, named by a code in the redirect's {@code ?done=} (POST,
 * redirect, GET). Only these fixed sentences exist: nothing from the URL is ever echoed.
 */
final class Notices {

    private static final Map<String, String> TEXT = Map.ofEntries(
            Map.entry("server-added", "Server added. Its health is checked now and every 30 seconds."),
            Map.entry("server-saved", "Server saved."),
            Map.entry("server-enabled", "Server enabled: the gateway routes to it again."),
            Map.entry("server-disabled", "Server disabled: the gateway no longer lists or calls its tools."),
            Map.entry("server-removed", "Server removed."),
            Map.entry("server-checked", "Health checked just now."),
            Map.entry("token-revoked", "Token revoked. Every gateway refuses it within a second."),
            Map.entry("rules-saved", "Allowlist saved."),
            Map.entry("enforcement-on", "Enforcement is on: members may call only the tools their allowlist names."),
            Map.entry("enforcement-off", "Enforcement is off: members may call every tool; their rules are kept."),
            Map.entry("signed-out", "You are signed out."),
            Map.entry("ended", "Your sign-in has ended (sign-ins last 5 minutes). Sign in again."));

    private Notices() {
    }

    static String text(String code) {
        return code == null ? null : TEXT.get(code);
    }
}
