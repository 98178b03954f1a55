package io.jenkins.plugins.systemtests.jenkins.steps;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.systemtests.core.secrets.SecretVariable;
import java.io.Serializable;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;

/**
 * Credentials exposed to the tests as environment variables: {@code [credentialsId: 'lab-db', variable: 'DB']}.
 * Secret text sets {@code DB}; a username with password sets {@code DB_USR}, {@code DB_PSW} and {@code DB}.
 */
public class TestCredentials extends AbstractDescribableImpl<TestCredentials> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String credentialsId;
    private final String variable;

    @DataBoundConstructor
    public TestCredentials(String credentialsId, String variable) {
        this.credentialsId = credentialsId;
        this.variable = variable;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    public String getVariable() {
        return variable;
    }

    /** @throws IllegalArgumentException with a message for the user */
    SecretVariable toSecretVariable() {
        return new SecretVariable(credentialsId, variable);
    }

    /** The run's settings check that no two of them set the same variable. */
    static List<SecretVariable> toSecretVariables(List<TestCredentials> credentials) {
        return credentials == null ? List.of() : credentials.stream().map(TestCredentials::toSecretVariable).toList();
    }

    @Extension
    public static final class DescriptorImpl extends Descriptor<TestCredentials> {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Credentials for the tests";
        }

        /** The secret texts and usernames with passwords the job may use; nothing for who may not configure it. */
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            StandardListBoxModel model = new StandardListBoxModel();
            boolean allowed = item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                    : item.hasPermission(Item.EXTENDED_READ);
            if (!allowed) {
                model.includeCurrentValue(credentialsId == null ? "" : credentialsId);
                return model;
            }
            model.includeEmptyValue();
            model.includeMatching(item, StandardCredentials.class, List.of(), CredentialsMatchers.anyOf(
                    CredentialsMatchers.instanceOf(StringCredentials.class),
                    CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class)));
            model.includeCurrentValue(credentialsId == null ? "" : credentialsId);
            return model;
        }

        public FormValidation doCheckVariable(@QueryParameter String value) {
            return FieldChecks.variable(value);
        }
    }
}
