package dev.gatehouse.bench.proc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Pins processes (every thread, and their child processes) to CPUs with util-linux {@code taskset},
 * so one process can have a core to itself while everything else shares the other.
 */
public final class CpuAffinity {

    private CpuAffinity() {
    }

    /** Whether {@code taskset} is installed and the machine has at least two CPUs. */
    public static boolean available() {
        return Runtime.getRuntime().availableProcessors() >= 2 && run(List.of("taskset", "-p", Long.toString(ProcessHandle.current().pid())));
    }

    /** Every CPU of the machine, as a taskset list ({@code 0-1}). */
    public static String allCpus() {
        return "0-" + (Runtime.getRuntime().availableProcessors() - 1);
    }

    /** Pins {@code pid}, all its threads and its descendants to {@code cpus} (e.g. {@code 0}); false when taskset refused. */
    public static boolean pin(long pid, String cpus) {
        boolean ok = true;
        for (long each : ProcStats.tree(pid)) {
            ok &= run(List.of("taskset", "-a", "-p", "-c", cpus, Long.toString(each)));
        }
        return ok;
    }

    private static boolean run(List<String> command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
