package io.jenkins.plugins.systemtests.core.secrets;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A credential the tests see as environment variables: secret text as {@code VARIABLE}; a username and password as
 * {@code VARIABLE_USR}, {@code VARIABLE_PSW} and {@code VARIABLE} ({@code user:password}), as Declarative Pipeline's
 * {@code credentials()} does.
 */
public record SecretVariable(String credentialsId, String variable) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");
    /** Variables the runner, the interpreter or the agent depend on: a credential must not replace them. */
    private static final Set<String> RESERVED = Set.of("PATH", "HOME", "USER", "SHELL", "TMP", "TEMP", "TMPDIR",
            "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "LD_PRELOAD", "LD_LIBRARY_PATH", "WORKSPACE", "NODE_NAME",
            "BUILD_URL", "JENKINS_URL", "SYSTEMROOT", "COMSPEC", "PATHEXT");

    /** @throws IllegalArgumentException with a message for the user when the id or the name is not usable */
    public SecretVariable {
        if (credentialsId == null || credentialsId.isBlank()) {
            throw new IllegalArgumentException("Choose the credentials to expose to the tests");
        }
        credentialsId = credentialsId.trim();
        variable = checkName(variable);
    }

    public static String checkName(String variable) {
        String name = variable == null ? "" : variable.trim();
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not an environment variable name: use letters, digits "
                    + "and _, not starting with a digit");
        }
        String upper = name.toUpperCase(Locale.ROOT);
        if (RESERVED.contains(upper) || upper.startsWith("SYSTEM_TESTS_")) {
            throw new IllegalArgumentException("The environment variable " + name + " is needed by the runner or the "
                    + "agent; choose another name for the credentials");
        }
        return name;
    }

    /** Where a username with password puts the username. */
    public String usernameVariable() {
        return variable + "_USR";
    }

    /** Where a username with password puts the password. */
    public String passwordVariable() {
        return variable + "_PSW";
    }

    /** Every variable this credential may set (a username with password sets the most). */
    List<String> variablesSet() {
        return List.of(variable, usernameVariable(), passwordVariable());
    }

    /** @throws IllegalArgumentException when two credentials would set the same variable */
    public static List<SecretVariable> checkDistinct(List<SecretVariable> variables) {
        Set<String> seen = new HashSet<>();
        for (SecretVariable variable : variables) {
            for (String name : variable.variablesSet()) {
                if (!seen.add(name.toUpperCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("Two credentials would set the environment variable " + name);
                }
            }
        }
        return List.copyOf(variables);
    }
}
