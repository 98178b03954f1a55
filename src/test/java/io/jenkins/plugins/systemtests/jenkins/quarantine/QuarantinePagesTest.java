package io.jenkins.plugins.systemtests.jenkins.quarantine;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.model.Item;
import io.jenkins.plugins.systemtests.core.flaky.QuarantineEntry;
import io.jenkins.plugins.systemtests.jenkins.results.BuildRuns;
import io.jenkins.plugins.systemtests.jenkins.support.NoPluginErrors;
import io.jenkins.plugins.systemtests.jenkins.support.Pipelines;
import java.util.Map;
import jenkins.model.Jenkins;
import org.htmlunit.html.HtmlForm;
import org.htmlunit.html.HtmlPage;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.MockAuthorizationStrategy;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The test page's quarantine form (Job/Configure only) and the job page's list of quarantined tests. */
@WithJenkins
@ExtendWith(NoPluginErrors.class)
class QuarantinePagesTest {
    @Test
    void who_may_configure_the_job_quarantines_a_test_from_its_page_and_ends_it_from_the_job_page(JenkinsRule j)
            throws Exception {
        j.jenkins.setSecurityRealm(j.createDummySecurityRealm());
        j.jenkins.setAuthorizationStrategy(new MockAuthorizationStrategy()
                .grant(Jenkins.READ, Item.READ).everywhere().to("viewer", "lead")
                .grant(Item.BUILD, Item.CONFIGURE).everywhere().to("lead"));
        WorkflowJob job = Pipelines.job(j, "lab", Map.of("t/test_door.py", "assert False, 'stuck'\n"),
                "runSystemTests tests: 't/test_door.py'");
        WorkflowRun first = j.buildAndAssertStatus(hudson.model.Result.UNSTABLE, job);
        long runId = first.getAction(BuildRuns.class).getRunIds().get(0);
        String testPage = "job/lab/1/system-tests/" + runId + "/0/";

        HtmlPage asViewer = as(j, "viewer").goTo(testPage);
        assertThat(asViewer.getWebResponse().getContentAsString()).contains("This test is not quarantined in this job");
        assertThat(asViewer.getForms()).noneMatch(f -> "quarantine".equals(f.getNameAttribute()));

        JenkinsRule.WebClient viewer = as(j, "viewer");
        viewer.setThrowExceptionOnFailingStatusCode(false);
        org.htmlunit.WebRequest post = new org.htmlunit.WebRequest(new java.net.URL(j.getURL(),
                testPage + "quarantine/add?owner=eve&reason=mine"), org.htmlunit.HttpMethod.POST);
        org.htmlunit.WebResponse refused = viewer.getPage(viewer.addCrumb(post)).getWebResponse();
        assertThat(refused.getStatusCode()).isEqualTo(403);
        assertThat(refused.getContentAsString()).contains("\"errorCode\":\"FORBIDDEN\"").contains("Job/Configure");
        assertThat(Quarantines.of(job).entries()).isEmpty();

        JenkinsRule.WebClient lead = as(j, "lead");
        HtmlForm form = lead.goTo(testPage).getFormByName("quarantine");
        form.getInputByName("owner").setValue("ana");
        form.getInputByName("reason").setValue("LAB-12: the door sticks");
        form.getInputByName("days").setValue("3");
        HtmlPage after = j.submit(form);

        QuarantineEntry entry = Quarantines.of(job).find("t/test_door.py").orElseThrow();
        assertThat(entry.owner()).isEqualTo("ana");
        assertThat(entry.addedBy()).isEqualTo("lead");
        assertThat(after.getWebResponse().getContentAsString()).contains("Quarantined: it still runs")
                .contains("LAB-12: the door sticks");
        j.buildAndAssertSuccess(job);

        HtmlPage jobPage = lead.goTo("job/lab/system-tests/");
        assertThat(jobPage.querySelector(".system-tests-job-quarantine tbody").getTextContent())
                .contains("t/test_door.py").contains("ana").contains("LAB-12: the door sticks").contains("Applied");
        assertThat(lead.goTo("job/lab/").querySelector(".system-tests-job-quarantine").getTextContent())
                .as("the job's main page lists it too").contains("t/test_door.py").contains("ana");
        assertThat(as(j, "viewer").goTo("job/lab/system-tests/").getForms())
                .noneMatch(f -> "end-quarantine".equals(f.getNameAttribute()));
        j.submit(jobPage.getFormByName("end-quarantine"));

        assertThat(Quarantines.of(job).entries()).isEmpty();
        j.buildAndAssertStatus(hudson.model.Result.UNSTABLE, job);
    }

    /** Logged in, without scripts: the form and the list are plain HTML posted with the crumb. */
    private static JenkinsRule.WebClient as(JenkinsRule j, String user) throws Exception {
        JenkinsRule.WebClient web = j.createWebClient().login(user);
        web.getOptions().setJavaScriptEnabled(false);
        return web;
    }
}
