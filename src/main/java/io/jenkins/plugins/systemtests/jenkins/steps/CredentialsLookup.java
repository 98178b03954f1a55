package io.jenkins.plugins.systemtests.jenkins.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import io.jenkins.plugins.systemtests.core.secrets.SecretEnvironment;
import io.jenkins.plugins.systemtests.core.secrets.SecretVariable;
import java.util.List;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/** Looks up the credentials a run exposes to its tests, as the build (and whoever started it) may use them. */
final class CredentialsLookup {
    private CredentialsLookup() {
    }

    static SecretEnvironment resolve(List<SecretVariable> variables, Run<?, ?> build) throws AbortException {
        SecretEnvironment environment = new SecretEnvironment();
        for (SecretVariable variable : variables) {
            StandardCredentials credentials = CredentialsProvider.findCredentialById(variable.credentialsId(),
                    StandardCredentials.class, build);
            if (credentials == null) {
                throw new AbortException("System Tests: no credentials '" + variable.credentialsId() + "' that this "
                        + "build may use (for " + variable.variable() + ")");
            }
            if (credentials instanceof StringCredentials text) {
                environment.addSecretText(variable, text.getSecret().getPlainText());
            } else if (credentials instanceof StandardUsernamePasswordCredentials user) {
                environment.addUsernamePassword(variable, user.getUsername(), user.getPassword().getPlainText());
            } else {
                throw new AbortException("System Tests: credentials '" + variable.credentialsId() + "' are neither "
                        + "secret text nor a username with password, so they cannot be given to the tests as "
                        + variable.variable());
            }
            CredentialsProvider.track(build, credentials);
        }
        return environment;
    }
}
