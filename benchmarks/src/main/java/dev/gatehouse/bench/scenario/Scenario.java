package dev.gatehouse.bench.scenario;

import dev.gatehouse.bench.BenchContext;
import dev.gatehouse.bench.report.ScenarioResult;

/** One benchmark scenario of issue 7: runs its phases and checks its targets. */
public interface Scenario {

    /** The scenario's number in the issue, e.g. {@code 1}. */
    String id();

    String title();

    /** Runs against {@code context}; a failure to set up throws, and the run goes on with the next scenario. */
    ScenarioResult run(BenchContext context) throws Exception;
}
