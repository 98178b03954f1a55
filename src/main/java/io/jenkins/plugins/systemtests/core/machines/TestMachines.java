package io.jenkins.plugins.systemtests.core.machines;

import io.jenkins.plugins.systemtests.core.api.NaturalOrder;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The "Test machines" list: agents that carry the test machine label, and every machine that has reported a run, one
 * row per name (an agent that reports under its own name is one machine), with its last run.
 */
public final class TestMachines {
    /** One label atom: what the settings' label and a new machine's extra labels may be. */
    static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private TestMachines() {
    }

    /** An agent as Jenkins knows it. */
    public record Agent(String name, String labels, boolean online, String offlineReason) {
        public boolean carries(String label) {
            return Arrays.asList(labels == null ? new String[0] : labels.trim().split("\\s+")).contains(label);
        }
    }

    /**
     * One machine: its agent, if it is one, and its last run, if it reported any.
     *
     * @param lastRun the newest run of the machine that the viewer may see
     */
    public record Row(String name, Optional<Agent> agent, Optional<RunSummary> lastRun) {
        public boolean isAgent() {
            return agent.isPresent();
        }

        public String state() {
            if (agent.isEmpty()) {
                return lastRun.map(run -> run.ongoing() ? "testing" : "reported").orElse("unknown");
            }
            if (!agent.get().online()) {
                return "offline";
            }
            return lastRun.filter(RunSummary::ongoing).isPresent() ? "testing" : "online";
        }

        public Optional<TestStatus> lastStatus() {
            return lastRun.map(RunSummary::status);
        }

        public Optional<Instant> lastActivity() {
            return lastRun.map(RunSummary::lastActivity);
        }
    }

    /**
     * @param label         the label that marks an agent as a test machine
     * @param agents        every agent of the controller
     * @param runs          the runs the viewer may see
     */
    public static List<Row> list(String label, Collection<Agent> agents, Collection<RunSummary> runs) {
        Map<String, RunSummary> lastRuns = new TreeMap<>();
        for (RunSummary run : runs) {
            lastRuns.merge(run.machineName(), run, (a, b) -> a.id() > b.id() ? a : b);
        }
        // Names as people count them (machine-2 before machine-10); an agent and a machine differing in case are one.
        Map<String, Row> rows = new TreeMap<>(NaturalOrder.IGNORING_CASE);
        Predicate<Agent> testMachine = agent -> label != null && !label.isBlank() && agent.carries(label.trim());
        for (Agent agent : agents) {
            if (testMachine.test(agent) || lastRuns.containsKey(agent.name())) {
                rows.put(agent.name(), new Row(agent.name(), Optional.of(agent),
                        Optional.ofNullable(lastRuns.get(agent.name()))));
            }
        }
        lastRuns.forEach((machine, run) -> rows.putIfAbsent(machine, new Row(machine, Optional.empty(),
                Optional.of(run))));
        return new ArrayList<>(rows.values());
    }

    /** Counts for the page's heading: how many machines, agents, online agents and machines testing now. */
    public static Map<String, Integer> counts(List<Row> rows) {
        Map<String, Integer> counts = new TreeMap<>();
        counts.put("machines", rows.size());
        counts.put("agents", (int) rows.stream().filter(Row::isAgent).count());
        counts.put("online", (int) rows.stream().filter(r -> r.agent().map(Agent::online).orElse(false)).count());
        counts.put("testing", (int) rows.stream().filter(r -> r.state().equals("testing")).count());
        return counts;
    }

    /** A label as typed in the settings: one label atom, no spaces or operators. */
    public static String checkLabel(String label) {
        String trimmed = label == null ? "" : label.trim();
        if (!LABEL.matcher(trimmed).matches()) {
            throw new IllegalArgumentException("'" + trimmed + "' is not a label: use letters, digits, '.', '-' or '_' "
                    + "(one label, at most 64 characters)");
        }
        return trimmed;
    }
}
