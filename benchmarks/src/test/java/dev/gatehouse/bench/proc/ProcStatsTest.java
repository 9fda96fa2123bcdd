package dev.gatehouse.bench.proc;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcStatsTest {

    private final long self = ProcessHandle.current().pid();

    @Test
    void readsCpuTimeAndMemoryOfARunningProcess() {
        assertTrue(ProcStats.cpuTicks(self).orElseThrow() > 0);
        long rss = ProcStats.rssKib(self).orElseThrow();
        assertTrue(rss > 1024, "a JVM uses more than 1 MiB: " + rss);
        assertTrue(ProcStats.peakRssKib(self).orElseThrow() >= rss);
        assertTrue(ProcStats.commandLine(self).contains("java"));
    }

    @Test
    void aProcessThatDoesNotExistHasNoFigures() {
        assertTrue(ProcStats.cpuTicks(Long.MAX_VALUE).isEmpty());
        assertTrue(ProcStats.rssKib(Long.MAX_VALUE).isEmpty());
    }

    @Test
    void findsTheProcessListeningOnAPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(self, PortOwner.pidListeningOn(socket.getLocalPort()).orElseThrow());
        }
    }

    @Test
    void aPortNobodyListensOnHasNoOwner() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertTrue(PortOwner.pidListeningOn(port).isEmpty());
    }

    @Test
    void samplerReportsUsageOfEachWatchedProcess() {
        ResourceSampler sampler = ResourceSampler.start(java.util.List.of(new ResourceSampler.Watched("me", self)));
        long spin = System.nanoTime() + 300_000_000L;
        double sink = 0;
        while (System.nanoTime() < spin) {
            sink += Math.sqrt(sink + 1);
        }
        var usage = sampler.stop();
        assertEquals(1, usage.size());
        assertEquals("me", usage.getFirst().name());
        assertTrue(usage.getFirst().peakRssMib() > 1, "peak RSS " + usage.getFirst().peakRssMib() + " (" + sink + ")");
        assertTrue(usage.getFirst().cpuSeconds() >= 0);
    }
}
