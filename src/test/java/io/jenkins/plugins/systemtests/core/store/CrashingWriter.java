package io.jenkins.plugins.systemtests.core.store;

import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.support.Plans.File;
import io.jenkins.plugins.systemtests.core.support.Plans;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The process that {@link StoreCrashTest} kills with {@code kill -9}: several machines report concurrently, and a
 * line {@code ACK <machine> <kind> <index> <runId>} is printed for every answer only after it arrived.
 */
public final class CrashingWriter {
    static final int TESTS_PER_RUN = 40;

    private CrashingWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        int machines = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(System.out, true, "UTF-8");
        RunStore store = RunStore.open(home, RunLocator.STANDALONE);
        IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS,
                id -> "/runs/" + id);
        ExecutorService pool = Executors.newFixedThreadPool(machines);
        for (int m = 0; m < machines; m++) {
            String machine = "crash-" + m;
            pool.submit(() -> report(service, machine, out));
        }
        out.println("READY");
        Thread.sleep(Long.MAX_VALUE);
    }

    static List<File> files() {
        List<File> files = new ArrayList<>();
        for (int i = 0; i < TESTS_PER_RUN; i++) {
            files.add(new File("/crash", "test_" + i + ".py"));
        }
        return files;
    }

    private static void report(IngestionService service, String machine, PrintStream out) {
        List<File> files = files();
        for (int round = 0; ; round++) {
            ApiResponse created = ApiResponse.of(service.receive(MessageKind.DRY_RUN, Plans.dryRun(machine, List.of(files))));
            long runId = ((Number) ((java.util.Map<?, ?>) created.body()).get("runId")).longValue();
            out.println("ACK " + machine + " dry-run 0 " + runId);
            for (int i = 0; i < files.size(); i++) {
                ack(out, machine, "start", i, runId,
                        ApiResponse.of(service.receive(MessageKind.TEST_START,
                                Plans.start(machine, files.get(i), Plans.timestamp(2 * i)))));
                ack(out, machine, "stop", i, runId, ApiResponse.of(service.receive(MessageKind.TEST_STOP,
                        Plans.stop(machine, files.get(i), i % 3 == 0 ? "failed" : "passed", Plans.timestamp(2 * i + 1)))));
            }
        }
    }

    private static void ack(PrintStream out, String machine, String kind, int index, long runId, ApiResponse answer) {
        if (answer.status() != 202) {
            throw new IllegalStateException(answer.status() + " " + answer.body());
        }
        out.println("ACK " + machine + " " + kind + " " + index + " " + runId);
    }
}
