package dev.gatehouse.audit.rest;

import java.util.List;

/** Ends a request with the given problem; thrown by resources and their helpers. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    /** 400 listing every rejected query parameter. */
    public static ProblemException invalid(List<Problem.FieldError> errors) {
        return new ProblemException(new Problem("about:blank", "Invalid request", 400,
                "One or more query parameters are invalid", errors));
    }

    public static ProblemException notFound() {
        return new ProblemException(Problem.of(404, "Not Found", "No such workspace"));
    }

    public static ProblemException forbidden() {
        return new ProblemException(Problem.of(403, "Forbidden",
                "Reading the audit trail needs the workspace-admin or auditor role"));
    }
}
