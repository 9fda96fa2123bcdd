package dev.gatehouse.bench.report;

import dev.gatehouse.bench.load.Latency;
import dev.gatehouse.bench.load.Phase;
import dev.gatehouse.bench.proc.ResourceSampler.Usage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SideBySideTest {

    private static Phase phase(String name, double throughput, double p50, double p99, List<Usage> usage) {
        return new Phase(name, "closed x4", 10, (long) (throughput * 10), 0, throughput,
                new Latency((long) (throughput * 10), p50, p50, p50, p99, p99, p99), List.of(), usage);
    }

    @Test
    void throughputRowsGiveGatehouseRatiosToDirectAndToTheHub() {
        String md = SideBySide.throughput(List.of(new SideBySide.Row("server-everything", "closed x4",
                phase("direct", 1500, 1.5, 8), phase("gatehouse", 1350, 2.0, 9.5), phase("hub", 600, 4.4, 16)),
                new SideBySide.Row("demo", "closed x4", phase("direct", 4000, 0.8, 4), phase("gatehouse", 2000, 1.6, 12), null)));
        String[] lines = md.split("\n");
        assertEquals(4, lines.length, md);
        assertEquals("| server-everything | closed x4 | 1500 | 1350 | 600 | 0.90 | 2.25 | 0.40 | 1.50 / 2.00 / 4.40 | 8.00 / 9.50 / 16.0 |", lines[2]);
        assertEquals("| demo | closed x4 | 4000 | 2000 | - | 0.50 | - | - | 0.80 / 1.60 / - | 4.00 / 12.0 / - |", lines[3]);
    }

    @Test
    void addedLatencyIsEachPathMinusDirect() {
        String md = SideBySide.addedLatency(List.of(new SideBySide.Row("demo", "open @ 500/s",
                phase("direct", 500, 0.7, 5), phase("gatehouse", 500, 1.2, 8.5), null)));
        assertTrue(md.contains("| demo | open @ 500/s | 0.70 / 1.20 / - | 5.00 / 8.50 / - | 0.50 / 3.50 | - |"), md);
    }

    @Test
    void pinnedRowsShowThePinnedProcessCpuPerCallAndEachCoreBusy() {
        Phase pinned = phase("gatehouse pinned", 1000, 1.5, 20, List.of(new Usage("gateway-service", 1, 4.0, 200),
                new Usage("upstream alpha", 2, 3.0, 100), new Usage("load generator", 3, 5.0, 200)));
        String md = SideBySide.pinned(List.of(new SideBySide.Pinned("demo: Gatehouse", pinned, "gateway-service")));
        // 4 s of CPU for 10,000 calls = 0.4 ms per call; 4 s in 10 s = 40 % of its core; the rest 80 %
        assertTrue(md.contains("| demo: Gatehouse | gateway-service | 1000 | 1.500 | 20.000 | 0.400 | 40 % | 80 % |"), md);
        assertEquals(Double.NaN, SideBySide.ratio(1, 0));
    }

    private static Phase phase(String name, double throughput, double p50, double p99) {
        return phase(name, throughput, p50, p99, List.of());
    }
}
