package dev.gatehouse.registry;

import dev.gatehouse.infra.testing.TestServiceKeys;
import dev.gatehouse.registry.rest.InternalApi;
import dev.gatehouse.shared.service.ServiceKeys;
import dev.gatehouse.shared.service.ServiceTokenIssuer;
import io.quarkus.arc.Arc;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** Calls to registry's internal listener, as the gateway does them. */
final class InternalCalls {

    private static ServiceTokenIssuer gateway;

    private InternalCalls() {
    }

    /** The bound internal port (a free one in tests). */
    static int port() {
        return Arc.container().instance(InternalApi.class).get().port();
    }

    static synchronized String gatewayToken() {
        if (gateway == null) {
            gateway = new ServiceTokenIssuer("gateway", ServiceKeys.privateKey(TestServiceKeys.privateKey("gateway"), "gateway"));
        }
        return gateway.token("registry");
    }

    /** A request to the internal port with the gateway's service token. */
    static RequestSpecification asGateway() {
        return given().port(port()).header("Authorization", "Bearer " + gatewayToken());
    }
}
