package io.jenkins.plugins.systemtests.core.secrets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment variables that carry credentials to the tests, and the values that every log must mask. Built from
 * credentials already looked up; the secrets never go on a command line.
 */
public final class SecretEnvironment {
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final List<String> secretNames = new ArrayList<>();

    public SecretEnvironment addSecretText(SecretVariable variable, String secret) {
        putSecret(variable.variable(), secret);
        return this;
    }

    /** The username is shown in logs (it names who the tests act as); the password and the pair are masked. */
    public SecretEnvironment addUsernamePassword(SecretVariable variable, String username, String password) {
        putSecret(variable.variable(), username + ":" + password);
        put(variable.usernameVariable(), username);
        putSecret(variable.passwordVariable(), password);
        return this;
    }

    private void putSecret(String name, String value) {
        put(name, value);
        secretNames.add(name);
    }

    private void put(String name, String value) {
        if (variables.putIfAbsent(name, value) != null) {
            throw new IllegalArgumentException("Two credentials set the environment variable " + name);
        }
    }

    public Map<String, String> variables() {
        return Collections.unmodifiableMap(variables);
    }

    /** The names of the variables holding something secret, for the runner to mask in the tests' output. */
    public List<String> secretNames() {
        return Collections.unmodifiableList(secretNames);
    }

    public SecretMasker masker() {
        return new SecretMasker(secretNames.stream().map(variables::get).toList());
    }
}
