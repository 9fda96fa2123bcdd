package dev.gatehouse.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Ties processes that cannot watch us themselves (npm, node, PostgreSQL's postmaster, which
 * {@code pg_ctl} detaches) to this JVM. A small {@code sh} keeps the read end of a pipe whose write
 * end only this JVM holds; when the JVM dies, however it dies ({@code kill -9} included), the
 * kernel closes that end, {@code read} sees end-of-input, and the shell stops what it guards.
 * Java's {@link ProcessBuilder} gives every child such a pipe as its standard input.
 */
public final class ParentBound {

    /** Kills {@code $1} and all its descendants: SIGTERM, then SIGKILL for what is left after 10 s. */
    private static final String KILL_TREE = """
            kill_tree() {
              pids=$(ps -A -o pid= -o ppid= | awk -v root="$1" '
                { parent[$1] = $2 }
                END { for (p in parent) { q = p; while ((q in parent) && q != root && q > 1) q = parent[q]; if (q == root) print p } }')
              [ -n "$pids" ] || return 0
              kill -TERM $pids 2>/dev/null
              for _ in 1 2 3 4 5 6 7 8 9 10; do
                alive=""
                for p in $pids; do kill -0 "$p" 2>/dev/null && alive="$alive $p"; done
                [ -n "$alive" ] || return 0
                sleep 1
              done
              kill -KILL $alive 2>/dev/null
              return 0
            }
            """;

    /**
     * Runs {@code "$@"} in the background; when our standard input ends, kills its whole process
     * tree. Exits with the command's status. Fd 3 carries our standard input to the watcher,
     * because an asynchronous list in a non-interactive shell reads from /dev/null.
     */
    private static final String RUN_BOUND = KILL_TREE + """
            exec 3<&0
            "$@" </dev/null 3<&- &
            child=$!
            ( while read -r _; do :; done; kill_tree "$child" ) <&3 &
            watcher=$!
            exec 3<&-
            wait "$child"
            status=$?
            kill "$watcher" 2>/dev/null
            wait "$watcher" 2>/dev/null
            exit "$status"
            """;

    /**
     * Waits for end-of-input, then stops the postmaster named in {@code $1/postmaster.pid}, if it
     * runs: SIGINT (PostgreSQL's fast shutdown), then SIGKILL after 20 s. A clean stop removes the
     * file, so a watcher that outlives its server stops nothing.
     */
    private static final String WATCH_POSTMASTER = """
            while read -r _; do :; done
            pid=$(head -n 1 "$1/postmaster.pid" 2>/dev/null) || exit 0
            case $(ps -p "$pid" -o comm= 2>/dev/null) in *postgres*) ;; *) exit 0 ;; esac
            kill -INT "$pid" 2>/dev/null || exit 0
            for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 1; done
            kill -KILL "$pid" 2>/dev/null
            exit 0
            """;

    private ParentBound() {
    }

    /**
     * {@code command} wrapped so that it and every process it starts die with this JVM; destroying
     * the returned command's process (which closes its standard input) stops the whole tree too.
     * The command's standard input is /dev/null.
     */
    public static List<String> command(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", RUN_BOUND, "parent-bound"));
        wrapped.addAll(command);
        return wrapped;
    }

    /**
     * Starts a watcher that stops the PostgreSQL server of {@code dataDir} when this JVM dies.
     * Destroy it after a clean stop of the server (it then has nothing to stop anyway).
     */
    static Process watchPostmaster(Path dataDir) {
        try {
            return new ProcessBuilder("sh", "-c", WATCH_POSTMASTER, "postmaster-watcher", dataDir.toAbsolutePath().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the PostgreSQL watcher", e);
        }
    }
}
