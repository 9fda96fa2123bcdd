package dev.gatehouse.deploy;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** {@code helm lint --strict} on the chart: warnings fail too. */
class ChartLintTest {

    @Test
    void chartLintsStrictly() {
        LintResult result = GatehouseChart.lintStrict();
        assertFalse(result.isFailed(), () -> String.join("\n", result.getMessages()));
    }
}
