package dev.gatehouse.console.web;

import dev.gatehouse.console.session.Cookies;
import dev.gatehouse.console.session.Csrf;
import dev.gatehouse.console.session.Session;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;

import java.time.Instant;
import java.util.Optional;

/** The sign-in of the current request, from its session cookie; every page and form goes through it. */
@RequestScoped
public class CurrentSession {

    private final HttpServerRequest request;

    public CurrentSession(HttpServerRequest request) {
        this.request = request;
    }

    /** The valid, unexpired session, if any. */
    public Optional<Session> find() {
        Cookie cookie = request.getCookie(Cookies.SESSION);
        return cookie == null ? Optional.empty()
                : Session.of(cookie.getValue()).filter(session -> !session.expired(Instant.now()));
    }

    public Session require() {
        return find().orElseThrow(Refusal::signIn);
    }

    /** The session, when it may open {@code workspace}'s pages (the services check again on each call). */
    public Session requireFor(String workspace) {
        Session session = require();
        if (!session.mayOpen(workspace)) {
            throw Refusal.notYours();
        }
        return session;
    }

    /** The same as {@link #requireFor}, for a form: its CSRF field must belong to this session. */
    public Session requireForm(String workspace, String csrf) {
        Session session = requireFor(workspace);
        if (!Csrf.matches(session.jwt(), csrf)) {
            throw Refusal.csrf();
        }
        return session;
    }

    /** A form outside any workspace (sign out): its CSRF field must belong to this session. */
    public Session requireForm(String csrf) {
        Session session = require();
        if (!Csrf.matches(session.jwt(), csrf)) {
            throw Refusal.csrf();
        }
        return session;
    }

    public Frame frame(Session session, String title, String tab, String workspace) {
        return Frame.of(session, Csrf.tokenFor(session.jwt()), title, tab, workspace);
    }
}
