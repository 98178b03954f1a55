package io.jenkins.plugins.systemtests.jenkins.retention;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.ExtensionList;
import hudson.model.TaskListener;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsConfiguration;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import io.jenkins.plugins.systemtests.jenkins.support.Pipelines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** A build's runs go with the build; runs of no build go by the retention settings; no list shows a dangling run. */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class RetentionOnJenkinsTest {
    @Test
    void a_deleted_builds_runs_leave_every_list_at_once(JenkinsRule j) throws Exception {
        WorkflowJob job = Pipelines.job(j, "deleted", Map.of("t/test_ok.py", "print('ok')\n"),
                "runSystemTests tests: 't/test_ok.py'");
        WorkflowRun first = j.buildAndAssertSuccess(job);
        WorkflowRun second = j.buildAndAssertSuccess(job);
        assertThat(SystemTestsService.get().reader().summaries()).hasSize(2);

        first.delete();

        assertThat(SystemTestsService.get().reader().summaries()).singleElement()
                .extracting(RunSummary::buildUrl).asString().endsWith(second.getUrl());
        String runs = j.createWebClient().goTo("system-tests/api/v1/runs", "application/json").getWebResponse()
                .getContentAsString();
        assertThat(runs).contains("\"total\":1");
    }

    @Test
    void runs_of_no_build_beyond_the_kept_count_are_removed_by_the_hourly_work(JenkinsRule j) throws Exception {
        SystemTestsConfiguration.get().setKeepRunsPerMachine(2);
        for (int n = 0; n < 4; n++) {
            String plan = """
                    {"machine_name": "rig-9", "timestamp": "2026-11-26 10:00:0%d.000000", "master_scenario":
                     {"file_path": "/t", "file_name": "m.py", "script": "", "scenarios": [{"file_path": "/t",
                      "file_name": "s.py", "script": "", "tests": [{"file_path": "/t", "file_name": "test_a.py"}]}]}}
                    """.formatted(n);
            SystemTestsService.get().ingestion().receive(MessageKind.DRY_RUN, plan.getBytes(StandardCharsets.UTF_8));
        }
        // A new plan supersedes the machine's previous run: three are finished, the newest is ongoing.
        assertThat(SystemTestsService.get().reader().summaries()).hasSize(4);

        ExtensionList.lookupSingleton(RunRetention.class).execute(TaskListener.NULL);

        assertThat(SystemTestsService.get().reader().summaries()).extracting(RunSummary::id)
                .containsExactly(2L, 3L, 4L); // the two newest finished ones, and the ongoing one
        assertThat(j.jenkins.getRootDir().toPath().resolve("system-tests/runs/0/1")).doesNotExist();
    }
}
