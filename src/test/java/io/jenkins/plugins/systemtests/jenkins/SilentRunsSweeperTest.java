package io.jenkins.plugins.systemtests.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.ExtensionList;
import io.jenkins.plugins.systemtests.core.model.EndReason;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** A machine that posted its plan and fell silent past the configured timeout has its run ended by the sweeper. */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class SilentRunsSweeperTest {
    @Test
    void a_run_silent_past_the_timeout_is_ended_and_one_within_it_is_not(JenkinsRule j) throws Exception {
        SystemTestsConfiguration.get().setSilenceTimeoutMinutes(1);
        byte[] plan = Files.readAllBytes(Path.of(System.getProperty("project.basedir", "."), "docs/examples/dry-run.json"));
        long silent = ((io.jenkins.plugins.systemtests.core.ingest.Receipt.Created) SystemTestsService.get().ingestion()
                .receive(MessageKind.DRY_RUN, plan)).runId();
        SilentRunsSweeper sweeper = ExtensionList.lookupSingleton(SilentRunsSweeper.class);

        sweeper.doRun();
        assertThat(summary(silent).ongoing()).as("within the timeout").isTrue();

        Thread.sleep(Duration.ofSeconds(61).toMillis()); // the shortest silence timeout there is
        sweeper.doRun();

        assertThat(summary(silent).ongoing()).isFalse();
        assertThat(summary(silent).endReason()).isEqualTo(EndReason.SILENT);
        assertThat(sweeper.getRecurrencePeriod()).isEqualTo(Duration.ofMinutes(1).toMillis());
    }

    private static RunSummary summary(long runId) throws Exception {
        return SystemTestsService.get().reader().summary(runId).orElseThrow();
    }
}
