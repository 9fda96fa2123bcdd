package dev.gatehouse.console.web;

import dev.gatehouse.console.api.ApiException;
import dev.gatehouse.console.session.Cookies;
import dev.gatehouse.console.session.Session;
import io.quarkus.logging.Log;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.net.URI;
import java.util.Optional;

/**
 * Every refusal as a page in plain words (never a stack trace): an ended sign-in goes back to the
 * sign-in page (the cookie cleared), a stale form or another workspace gets a page saying so, and
 * a service's refusal is explained with its own sentence.
 */
public class ErrorPages {

    private final CurrentSession current;
    private final Cookies cookies;

    public ErrorPages(CurrentSession current, Cookies cookies) {
        this.current = current;
        this.cookies = cookies;
    }

    @ServerExceptionMapper
    public Response refusal(Refusal refusal, @Context UriInfo uri) {
        return switch (refusal.kind()) {
            case SIGN_IN -> signInAgain(uri);
            case CSRF -> page(403, "This form had expired or did not come from this console, so nothing was changed. Go back, reload the page and try again.");
            case NOT_YOURS -> page(404, "There is no such workspace for your sign-in.");
        };
    }

    @ServerExceptionMapper
    public Response api(ApiException e, @Context UriInfo uri) {
        if (e.sessionEnded()) {
            return signInAgain(uri);
        }
        int status = switch (e.status()) {
            case 0, 503 -> 503;
            case 404, 403, 409 -> e.status();
            default -> e.status() >= 500 ? 502 : 400;
        };
        return page(status, e.plainMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        return page(status, status == 404 ? "There is no such page." : status == 405
                ? "This address does not take that kind of request." : "The console could not read this request.");
    }

    /**
     * RESTEasy Reactive fails a form or query with a malformed %-escape ({@code %ZZ}) this way: the
     * request is wrong, not the console. Any other IllegalArgumentException is unexpected.
     */
    @ServerExceptionMapper
    public Response malformed(IllegalArgumentException e) {
        if (e.getMessage() == null || !e.getMessage().startsWith("Failed to decode URL")) {
            return unexpected(e);
        }
        return page(400, "The console could not read this request: it has a malformed %-escape. Nothing was changed.");
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        Log.errorf(e, "Unexpected failure");
        return page(500, "Something went wrong in the console. Nothing you typed was lost on the services' side; try again.");
    }

    private Response signInAgain(UriInfo uri) {
        return Response.seeOther(URI.create("/signin?done=ended")).cookie(cookies.clearSession(uri)).build();
    }

    private Response page(int status, String message) {
        Optional<Session> session = current.find();
        Frame frame = session.map(s -> current.frame(s, "Problem", "", s.workspace()))
                .orElseGet(() -> Frame.signedOut("Problem", "", null, null)).error(message);
        return Response.status(status).entity(Pages.problem(frame)).build();
    }
}
