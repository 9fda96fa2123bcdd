package dev.gatehouse.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

/**
 * A test class that runs against its own {@link SecurityStack}: started before its first test
 * (named after the class, for the kept logs), stopped after its last, each within a limit that
 * really interrupts.
 */
abstract class SecurityStackTest {

    protected static volatile SecurityStack stack;

    @BeforeAll
    @Timeout(value = 8, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    static void startStack(TestInfo test) throws Exception {
        stack = SecurityStack.start(test.getTestClass().orElseThrow().getSimpleName());
    }

    @AfterAll
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.stop();
            stack = null;
        }
    }
}
