package dev.gatehouse.audit.rest;

import dev.gatehouse.shared.problem.Problem;
import dev.gatehouse.shared.problem.ProblemMappers;
import io.quarkus.logging.Log;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.sql.SQLException;

/**
 * audit-service's one extra to the shared problem mappers: any SQL failure of a read (plain JDBC
 * here) is the audit store being unavailable, a 503 the caller may retry.
 */
public class AuditProblemMappers {

    @ServerExceptionMapper
    public Response database(SQLException e) {
        Log.warnf("audit store unavailable (%s, SQL state %s)", e.getClass().getName(), e.getSQLState());
        return Response.fromResponse(ProblemMappers.respond(
                        Problem.of(503, "Service Unavailable", "The audit store is unavailable; retry later.")))
                .header(HttpHeaders.RETRY_AFTER, "5").build();
    }
}
