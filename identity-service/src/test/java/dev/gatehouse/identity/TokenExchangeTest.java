package dev.gatehouse.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.infra.testing.GatehouseTestInfra;
import dev.gatehouse.infra.testing.TestJwts;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

import static dev.gatehouse.identity.Identity.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = GatehouseTestInfra.class, restrictToAnnotatedClass = false)
class TokenExchangeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aMemberTokenBecomesAShortLivedJwtWithTheContractClaims() throws Exception {
        Identity.Issued ws = Identity.newWorkspace();
        Identity.Issued alice = Identity.createMember(ws, "alice");

        var response = given().header("Authorization", "Bearer " + alice.token()).post("/api/v1/token")
                .then().statusCode(200)
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(300))
                .extract().jsonPath();
        String jwt = response.getString("access_token");

        JsonNode header = part(jwt, 0);
        assertEquals("RS256", header.get("alg").asText());
        assertEquals(TestJwts.KEY_ID, header.get("kid").asText());
        JsonNode claims = part(jwt, 1);
        assertEquals("gatehouse-identity", claims.get("iss").asText());
        assertEquals(alice.id(), claims.get("sub").asText());
        assertEquals(alice.id(), claims.get("tid").asText());
        assertEquals(ws.workspace(), claims.get("workspace").asText());
        assertEquals("member", claims.get("groups").get(0).asText());
        assertEquals(300, claims.get("exp").asLong() - claims.get("iat").asLong());
        assertTrue(claims.hasNonNull("jti"));
        assertFalse(jwt.contains(alice.token()));
    }

    @Test
    void theOperatorCredentialGivesAnOperatorJwt() throws Exception {
        JsonNode claims = part(Identity.operatorJwt(), 1);
        assertEquals("operator", claims.get("sub").asText());
        assertEquals("platform-operator", claims.get("groups").get(0).asText());
        assertFalse(claims.has("workspace"));
        assertFalse(claims.has("tid"));
    }

    @Test
    void jwtsIssuedHereAreAcceptedByTheManagementApi() {
        Identity.Issued ws = Identity.newWorkspace();
        as(Identity.exchange(ws.token())).get("/api/v1/workspaces/{slug}/security", ws.workspace())
                .then().statusCode(200);
    }

    @Test
    void anythingElseIs401WithTheSameProblem() {
        Identity.Issued ws = Identity.newWorkspace();
        Identity.Issued bob = Identity.createMember(ws, "bob");
        as(Identity.exchange(ws.token())).delete("/api/v1/workspaces/{slug}/tokens/{id}", ws.workspace(), bob.id())
                .then().statusCode(204);
        List<String> headers = List.of("Bearer " + bob.token(), "Bearer " + RawToken.generate().value(),
                "Bearer test-operator-credential-x", "Bearer test-operator-credentia", "Bearer ",
                "Basic dGVzdDp0ZXN0", "Bearer mng_' OR 1=1 --", "Bearer ünïcödé", "Bearer " + "x".repeat(6000));
        for (String header : headers) {
            given().header("Authorization", header).post("/api/v1/token")
                    .then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer")
                    .body("detail", equalTo("present an active mng_ token or the operator credential as a Bearer token"));
        }
        given().post("/api/v1/token").then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void jwksPublishesTheSigningKeyWithItsKid() throws Exception {
        var keys = given().get("/.well-known/jwks.json").then().statusCode(200)
                .header("Cache-Control", containsString("max-age=300"))
                .body("keys.size()", greaterThan(0))
                .extract().jsonPath();
        assertEquals(TestJwts.KEY_ID, keys.getString("keys[0].kid"));
        assertEquals("RSA", keys.getString("keys[0].kty"));
        assertEquals("RS256", keys.getString("keys[0].alg"));
        assertEquals("sig", keys.getString("keys[0].use"));

        // the previous key configured for rotation is still published
        assertEquals(List.of(TestJwts.KEY_ID, "gatehouse-dev"), keys.getList("keys.kid"));

        RSAPublicKey testKey = testPublicKey();
        assertEquals(testKey.getModulus(), unsigned(keys.getString("keys[0].n")));
        assertEquals(testKey.getPublicExponent(), unsigned(keys.getString("keys[0].e")));
    }

    private static BigInteger unsigned(String base64Url) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(base64Url));
    }

    private static RSAPublicKey testPublicKey() throws Exception {
        try (InputStream in = TestJwts.class.getClassLoader().getResourceAsStream(TestJwts.PUBLIC_KEY_RESOURCE)) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return (RSAPublicKey) KeyFactory.getInstance("RSA")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        }
    }

    private static JsonNode part(String jwt, int index) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
    }
}
