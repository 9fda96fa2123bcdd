package dev.gatehouse.gateway.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatehouse.gateway.http.RequestGate.Admitted;
import dev.gatehouse.gateway.mcp.Reply;
import dev.gatehouse.gateway.mcp.Subscription;
import dev.gatehouse.gateway.mcp.Transport;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;
import java.util.stream.IntStream;

/** One admitted POST as message intake sees it: the HTTP answer behind {@link Transport}. */
final class PostTransport implements Transport {

    private final HttpServerResponse response;
    private final Admitted admitted;
    private final RequestGate gate;
    private final ClientStreams streams;

    PostTransport(HttpServerResponse response, Admitted admitted, RequestGate gate, ClientStreams streams) {
        this.response = response;
        this.admitted = admitted;
        this.gate = gate;
        this.streams = streams;
    }

    @Override
    public Reply single() {
        return new HttpReply(response);
    }

    @Override
    public List<Reply> batch(int requests) {
        BatchReply batch = new BatchReply(response, requests);
        return IntStream.range(0, requests).mapToObj(i -> batch.member()).toList();
    }

    @Override
    public void accepted() {
        response.setStatusCode(202).end();
    }

    @Override
    public void refuse(ObjectNode error) {
        McpRoutes.jsonRpcError(response, 400, error);
    }

    @Override
    public void methodNotFound(ObjectNode error) {
        McpRoutes.jsonRpcError(response, 404, error);
    }

    @Override
    public boolean chargeBatch(int members) {
        return gate.chargeBatch(response, admitted, members);
    }

    @Override
    public void sessionOpened(String sessionId) {
        response.putHeader(McpRoutes.SESSION_HEADER, sessionId);
    }

    @Override
    public void listen(Subscription subscription) {
        streams.listen(subscription, admitted.clientIp(), response);
    }
}
