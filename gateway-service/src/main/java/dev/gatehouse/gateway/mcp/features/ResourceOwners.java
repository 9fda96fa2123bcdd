package dev.gatehouse.gateway.mcp.features;

import dev.gatehouse.gateway.mcp.Caller;
import dev.gatehouse.gateway.routing.UpstreamServer;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Which server a resource URI (or a template) belongs to, by the collision rule: the first
 * server, in the workspace's routing order, that lists the URI in {@code resources/list}; when no
 * server lists it, the first whose template's literal start ({@code demo://notes/} of
 * {@code demo://notes/{id}}) begins the URI. Resource URIs are not prefixed, so this is how
 * {@code resources/read} and {@code completion/complete} find their server.
 */
@ApplicationScoped
public class ResourceOwners {

    private final UpstreamLists lists;

    ResourceOwners(UpstreamLists lists) {
        this.lists = lists;
    }

    public Future<Optional<UpstreamServer>> ofUri(Caller caller, String uri) {
        return lists.all(caller, "resources/list", "resources").compose(resources -> {
            Optional<UpstreamServer> listed = resources.stream()
                    .filter(resource -> uri.equals(resource.item().path("uri").asText(null)))
                    .map(UpstreamLists.Listed::server).findFirst();
            if (listed.isPresent()) {
                return Future.succeededFuture(listed);
            }
            return lists.all(caller, "resources/templates/list", "resourceTemplates").map(templates -> templates.stream()
                    .filter(template -> {
                        String literal = literalStart(template.item().path("uriTemplate").asText(""));
                        return !literal.isEmpty() && uri.startsWith(literal);
                    })
                    .map(UpstreamLists.Listed::server).findFirst());
        });
    }

    /** The owner of a template, named by its exact {@code uriTemplate} (completion of template arguments). */
    public Future<Optional<UpstreamServer>> ofTemplate(Caller caller, String uriTemplate) {
        return lists.all(caller, "resources/templates/list", "resourceTemplates").compose(templates -> {
            Optional<UpstreamServer> owner = templates.stream()
                    .filter(template -> uriTemplate.equals(template.item().path("uriTemplate").asText(null)))
                    .map(UpstreamLists.Listed::server).findFirst();
            return owner.isPresent() ? Future.succeededFuture(owner) : ofUri(caller, uriTemplate);
        });
    }

    static String literalStart(String uriTemplate) {
        int brace = uriTemplate.indexOf('{');
        return brace < 0 ? uriTemplate : uriTemplate.substring(0, brace);
    }
}
