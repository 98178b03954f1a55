package io.jenkins.plugins.systemtests.core.machines;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A test machine to add as a permanent SSH agent, checked: every problem is reported at once, each naming its field.
 *
 * @param labels the agent's labels, always including the test machine label and the OS ({@code linux}/{@code windows})
 */
public record NewTestMachine(String name, String host, int port, String credentialsId, String os, String remoteRoot,
        int executors, List<String> labels) {
    public static final int DEFAULT_PORT = 22;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\]|[0-9A-Fa-f:.]+");

    /** A field and what is wrong with it. */
    public record Problem(String field, String message) {
    }

    /** Thrown with every problem found. */
    public static final class InvalidMachineException extends IllegalArgumentException {
        private final List<Problem> problems;

        InvalidMachineException(List<Problem> problems) {
            super(String.join("; ", problems.stream().map(p -> p.field() + ": " + p.message()).toList()));
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    /**
     * Checks a form's values. Blank port, executors and remote root take defaults ({@code 22}, {@code 1},
     * {@code /home/jenkins/agent} or {@code C:\jenkins\agent}).
     *
     * @throws InvalidMachineException listing every problem
     */
    public static NewTestMachine of(String name, String host, String port, String credentialsId, String os,
            String remoteRoot, String executors, String extraLabels, String testMachineLabel) {
        List<Problem> problems = new ArrayList<>();
        String cleanName = trim(name);
        if (!NAME.matcher(cleanName).matches()) {
            problems.add(new Problem("name", "use letters, digits, '.', '-' or '_', starting with a letter or digit "
                    + "(at most 63)"));
        }
        String cleanHost = trim(host);
        if (!HOST.matcher(cleanHost).matches()) {
            problems.add(new Problem("host", "enter a host name or IP address"));
        }
        int portNumber = number(port, DEFAULT_PORT, 1, 65535, "port", "a port from 1 to 65535", problems);
        String cleanCredentials = trim(credentialsId);
        if (cleanCredentials.isEmpty()) {
            problems.add(new Problem("credentialsId", "choose the SSH credentials (a username with a private key or a "
                    + "password)"));
        }
        String cleanOs = trim(os).toLowerCase(Locale.ROOT);
        if (cleanOs.isEmpty()) {
            cleanOs = "linux";
        }
        if (!cleanOs.equals("linux") && !cleanOs.equals("windows")) {
            problems.add(new Problem("os", "choose linux or windows"));
        }
        String root = trim(remoteRoot);
        if (root.isEmpty()) {
            root = cleanOs.equals("windows") ? "C:\\jenkins\\agent" : "/home/jenkins/agent";
        }
        boolean absolute = root.startsWith("/") || root.matches("^[A-Za-z]:[\\\\/].*");
        if (!absolute || root.chars().anyMatch(Character::isISOControl)) {
            problems.add(new Problem("remoteRoot", "enter an absolute folder on the machine"));
        }
        int executorCount = number(executors, 1, 1, 64, "executors", "a number of executors from 1 to 64", problems);
        Set<String> labels = new LinkedHashSet<>();
        labels.add(trim(testMachineLabel));
        labels.add(cleanOs);
        for (String label : trim(extraLabels).split("[\\s,]+")) {
            if (label.isEmpty()) {
                continue;
            }
            if (!TestMachines.LABEL.matcher(label).matches()) {
                problems.add(new Problem("labels", "'" + label + "' is not a label: use letters, digits, '.', '-' or '_'"));
            } else {
                labels.add(label);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidMachineException(problems);
        }
        return new NewTestMachine(cleanName, cleanHost, portNumber, cleanCredentials, cleanOs, root, executorCount,
                List.copyOf(labels));
    }

    public String labelString() {
        return String.join(" ", labels);
    }

    private static int number(String text, int fallback, int min, int max, String field, String what,
            List<Problem> problems) {
        String value = trim(text);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(new Problem(field, "enter " + what));
        return fallback;
    }

    private static String trim(String text) {
        return text == null ? "" : text.trim();
    }
}
