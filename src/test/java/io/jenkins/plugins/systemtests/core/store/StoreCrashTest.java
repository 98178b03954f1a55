package io.jenkins.plugins.systemtests.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a separate JVM that is writing to the store with {@code kill -9} at random points, several times over the
 * same store, and checks after each recovery that every acknowledged message is there.
 */
class StoreCrashTest {
    private static final int MACHINES = 4;

    @Test
    void every_acknowledged_message_survives_kill_9(@TempDir Path home) throws Exception {
        Random random = new Random(42);
        int totalAcks = 0;
        for (int attempt = 0; attempt < 4; attempt++) {
            List<String> acks = runAndKill(home, 20 + random.nextInt(400));
            totalAcks += acks.size();
            assertThat(acks).isNotEmpty();
            try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
                for (String ack : acks) {
                    String[] parts = ack.split(" ");
                    String kind = parts[2];
                    int index = Integer.parseInt(parts[3]);
                    long runId = Long.parseLong(parts[4]);
                    TestRun run = store.run(runId).orElseThrow(() -> new AssertionError("lost run of " + ack));
                    assertThat(run.machineName()).isEqualTo(parts[1]);
                    TestStatus status = run.status(index);
                    switch (kind) {
                        case "dry-run" -> assertThat(run.testCount()).isEqualTo(CrashingWriter.TESTS_PER_RUN);
                        // a later restart's dry run may have ended the run: unknown then, but never waiting
                        case "start" -> assertThat(status).as(ack).isNotEqualTo(TestStatus.WAITING);
                        case "stop" -> assertThat(status).as(ack)
                                .isEqualTo(index % 3 == 0 ? TestStatus.FAILED : TestStatus.PASSED);
                        default -> throw new AssertionError(ack);
                    }
                }
            }
        }
        assertThat(totalAcks).isGreaterThan(100);
        // Every acknowledged message was checked above; reaching this line means none was lost.
        io.jenkins.plugins.systemtests.core.support.Reliability.report("store-kill-9", "kills", 4, "acknowledged",
                totalAcks, "lost", 0);
    }

    private static List<String> runAndKill(Path home, int acksBeforeKill) throws Exception {
        Process process = new ProcessBuilder(javaExecutable(), "-cp", classpath(), CrashingWriter.class.getName(),
                home.toString(), Integer.toString(MACHINES)).redirectErrorStream(false).start();
        List<String> acks = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("ACK ")) {
                    acks.add(line);
                    if (acks.size() == acksBeforeKill) {
                        process.toHandle().destroyForcibly(); // SIGKILL, keeping our end of the pipe readable
                    }
                }
            }
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(errors).doesNotContain("Exception");
        return acks;
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Test and main classes plus the Jackson jars, wherever this JVM loaded them from. */
    private static String classpath() throws Exception {
        List<String> entries = new ArrayList<>();
        for (Class<?> type : List.of(CrashingWriter.class, RunStore.class, JsonMapper.class, JsonFactory.class,
                JsonProperty.class)) {
            entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        }
        return String.join(File.pathSeparator, entries);
    }
}
