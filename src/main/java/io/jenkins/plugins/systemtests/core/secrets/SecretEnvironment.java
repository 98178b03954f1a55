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
    private final List<String> secrets = new ArrayList<>();

    public SecretEnvironment addSecretText(SecretVariable variable, String secret) {
        put(variable.variable(), secret);
        secrets.add(secret);
        return this;
    }

    /** The username is shown in logs (it names who the tests act as); the password and the pair are masked. */
    public SecretEnvironment addUsernamePassword(SecretVariable variable, String username, String password) {
        String pair = username + ":" + password;
        put(variable.variable(), pair);
        put(variable.variable() + "_USR", username);
        put(variable.variable() + "_PSW", password);
        secrets.add(password);
        secrets.add(pair);
        return this;
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
        List<String> names = new ArrayList<>();
        variables.forEach((name, value) -> {
            if (secrets.contains(value)) {
                names.add(name);
            }
        });
        return names;
    }

    public SecretMasker masker() {
        return new SecretMasker(secrets);
    }
}
