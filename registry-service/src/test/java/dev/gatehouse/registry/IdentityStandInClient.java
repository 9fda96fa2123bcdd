package dev.gatehouse.registry;

import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Arrays;
import java.util.List;

import static io.restassured.RestAssured.given;

/** Talks to {@link IdentityStandIn} from a test. */
final class IdentityStandInClient {

    private IdentityStandInClient() {
    }

    static String url() {
        return ConfigProvider.getConfig().getValue("gatehouse.identity.url", String.class);
    }

    /** The next admin-token request for {@code slug} answers 500. */
    static void failNextAdminToken(String slug) {
        given().post(url() + "/_standin/fail/" + slug).then().statusCode(204);
    }

    /** The token {@code tokenId} is no longer active (as after a rotation or revocation at identity). */
    static void revoke(String tokenId) {
        given().post(url() + "/_standin/revoke/" + tokenId).then().statusCode(204);
    }

    /** identity holds an active admin token for {@code slug} (an earlier creation was not undone). */
    static void activeAdmin(String slug) {
        given().post(url() + "/_standin/active-admin/" + slug).then().statusCode(204);
    }

    /** While down, token liveness answers 503. */
    static void livenessDown(boolean down) {
        given().post(url() + "/_standin/liveness-down/" + down).then().statusCode(204);
    }

    /** Every call registry made, as {@code METHOD slug}. */
    static List<String> calls() {
        String body = given().get(url() + "/_standin/calls").then().statusCode(200).extract().asString();
        return body.isEmpty() ? List.of() : Arrays.asList(body.split("\n"));
    }
}
