package dev.gatehouse.bench.stack;

import dev.gatehouse.bench.report.Check;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AuditTrailTest {

    @Test
    void everyAnsweredCallMustHaveItsEventAndTheChainMustVerify() {
        // 8 management events in the chain besides the 100 tool calls
        assertEquals(Check.Status.MET, new AuditTrail.Completeness(100, 0, 100, 108, true, 108, 0.5).check().status());
        assertEquals(Check.Status.NOT_MET, new AuditTrail.Completeness(100, 0, 99, 107, true, 107, 15).check().status());
        assertEquals(Check.Status.NOT_MET, new AuditTrail.Completeness(100, 0, 100, 108, false, 50, 0.5).check().status());
    }

    @Test
    void aCallThatGotNoAnswerMayOrMayNotHaveReachedTheGateway() {
        assertEquals(Check.Status.MET, new AuditTrail.Completeness(100, 3, 102, 110, true, 110, 1).check().status());
        assertEquals(Check.Status.NOT_MET, new AuditTrail.Completeness(100, 3, 104, 112, true, 112, 1).check().status());
        assertEquals("100 answered (+3 without an answer), 102 tool.called events, chain of 110 ok (110 checked)",
                new AuditTrail.Completeness(100, 3, 102, 110, true, 110, 1).check().measured());
    }
}
