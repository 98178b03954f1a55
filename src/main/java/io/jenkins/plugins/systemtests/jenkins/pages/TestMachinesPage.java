package io.jenkins.plugins.systemtests.jenkins.pages;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernameCredentials;
import hudson.model.Computer;
import hudson.model.ModelObject;
import hudson.model.Node;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.ingest.BoundedBody;
import io.jenkins.plugins.systemtests.core.machines.TestMachines;
import io.jenkins.plugins.systemtests.core.machines.TestMachinesApi;
import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.jenkins.Messages;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsConfiguration;
import io.jenkins.plugins.systemtests.jenkins.SystemTestsService;
import io.jenkins.plugins.systemtests.jenkins.api.JsonResponses;
import io.jenkins.plugins.systemtests.jenkins.results.RunVisibility;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.interceptor.RequirePOST;

/**
 * {@code /system-tests/test-machines/}: agents carrying the test machine label and every machine that reported, with
 * the last run each; users with Computer/Create add a machine as a permanent SSH agent (a JSON POST from the page's
 * script, which sends the crumb).
 */
public class TestMachinesPage implements ModelObject {
    /** The page's name: the breadcrumb after System Tests. */
    @Override
    public String getDisplayName() {
        return Messages.testMachinesDisplayName();
    }

    @Restricted(NoExternalUse.class)
    public String getLabel() {
        return SystemTestsConfiguration.get().getTestMachineLabel();
    }

    @Restricted(NoExternalUse.class)
    public List<TestMachines.Row> getRows() throws IOException {
        List<TestMachines.Agent> agents = new ArrayList<>();
        for (Node node : Jenkins.get().getNodes()) {
            Computer computer = node.toComputer();
            boolean online = computer != null && computer.isOnline();
            agents.add(new TestMachines.Agent(node.getNodeName(), node.getLabelString(), online,
                    computer == null ? "not connected" : computer.getOfflineCauseReason()));
        }
        return TestMachines.list(getLabel(), agents, SystemTestsService.get().reader().summaries().stream()
                .filter(RunVisibility.forCurrentUser()).toList());
    }

    @Restricted(NoExternalUse.class)
    public Map<String, Integer> counts(List<TestMachines.Row> rows) {
        return TestMachines.counts(rows);
    }

    @Restricted(NoExternalUse.class)
    public boolean isCreateAllowed() {
        return Jenkins.get().hasPermission(Computer.CREATE);
    }

    /** The SSH credentials (usernames with a key or password) a new agent may log in with: name and id. */
    @Restricted(NoExternalUse.class)
    public List<Map<String, String>> getSshCredentials() {
        List<Map<String, String>> choices = new ArrayList<>();
        if (!isCreateAllowed()) {
            return choices;
        }
        StandardListBoxModel model = new StandardListBoxModel();
        model.includeMatching((hudson.model.Item) null, StandardCredentials.class, List.of(),
                CredentialsMatchers.instanceOf(StandardUsernameCredentials.class)); // null: Jenkins-wide credentials
        for (ListBoxModel.Option option : model) {
            Map<String, String> choice = new LinkedHashMap<>();
            choice.put("id", option.value);
            choice.put("name", option.name);
            choices.add(choice);
        }
        return choices;
    }

    @RequirePOST
    public void doCreate(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        JsonResponses.write(rsp, create(req));
    }

    private ApiResponse create(StaplerRequest2 req) throws IOException {
        if (!isCreateAllowed()) {
            return ApiResponse.error(ErrorCode.FORBIDDEN, "Adding a test machine needs the Agent/Create permission");
        }
        try {
            BoundedBody.requireJson(req.getContentType());
            byte[] body = BoundedBody.read(req.getInputStream(), req.getContentLengthLong(),
                    TestMachinesApi.MAX_REQUEST_BYTES);
            return new TestMachinesApi(getLabel(), name -> Jenkins.get().getNode(name) != null, SshAgents::add)
                    .create(body);
        } catch (RejectedException e) {
            return ApiResponse.error(e);
        }
    }
}
