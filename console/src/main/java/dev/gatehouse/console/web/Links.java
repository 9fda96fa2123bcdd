package dev.gatehouse.console.web;

import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Redirects after a change (POST, redirect, GET), with every path segment encoded. */
final class Links {

    private Links() {
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** {@code /w/{workspace}/{path}?done={notice}}; {@code path} is already encoded. */
    static Response seeOther(String workspace, String path, String notice) {
        String target = "/w/" + segment(workspace) + (path.isEmpty() ? "" : "/" + path);
        return Response.seeOther(URI.create(notice == null ? target : target + "?done=" + notice)).build();
    }
}
