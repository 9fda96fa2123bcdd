package dev.gatehouse.gateway.testsupport;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** Raw MCP Streamable HTTP requests to the gateway under test, for the cases an SDK client never sends. */
public final class McpHttp {

    public static final String ACCEPT = "application/json, text/event-stream";

    private McpHttp() {
    }

    public static String path(String workspace) {
        return "/api/gw/" + workspace;
    }

    /** A request with the headers a well-behaved client sends. */
    public static RequestSpecification request(String token) {
        return given().header("Authorization", "Bearer " + token).header("Accept", ACCEPT).contentType("application/json");
    }

    public static Response initialize(String workspace, String token, String protocolVersion) {
        return request(token)
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\""
                        + protocolVersion + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}")
                .post(path(workspace));
    }

    /** Opens a session and returns its id. */
    public static String session(String workspace, String token, String protocolVersion) {
        Response response = initialize(workspace, token, protocolVersion);
        response.then().statusCode(200);
        return response.header("Mcp-Session-Id");
    }

    /** POST within a session (2025-06-18 headers). */
    public static Response post(String workspace, String token, String session, String body) {
        return request(token).header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-06-18")
                .body(body).post(path(workspace));
    }

    /** A {@code tools/call} request body. */
    public static String call(int id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool
                + "\",\"arguments\":" + arguments + "}}";
    }
}
