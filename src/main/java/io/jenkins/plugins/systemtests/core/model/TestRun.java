package io.jenkins.plugins.systemtests.core.model;

import io.jenkins.plugins.systemtests.core.protocol.DryRun;
import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.core.protocol.ScenarioPlan;
import io.jenkins.plugins.systemtests.core.protocol.ScriptRef;
import io.jenkins.plugins.systemtests.core.protocol.TestStart;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.protocol.TestStop;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The live state of one run of a plan. Every change goes through {@link #apply(RunEvent)}, so the live state and
 * the state replayed from the log are the same. Matching START and STOP to tests is by position in the plan: the
 * next waiting occurrence of the file, so a plan that runs one file twice is followed correctly. Not thread-safe:
 * callers serialize access per run.
 */
public final class TestRun {
    private final long id;
    private final DryRun plan;
    private final Instant createdAt;
    private final List<ScriptRef> tests;
    private final int[] scenarioOfTest;
    private final TestStatus[] status;
    private final LocalDateTime[] start;
    private final LocalDateTime[] stop;
    /** Reasons of the tests that have one: few tests fail, so a map rather than an array per run. */
    private java.util.Map<Integer, String> reasons;
    /** When the controller took each START: the machine's clock is not comparable with the page's. */
    private final Instant[] receivedStart;
    private final long[] changedInVersion;
    private final Map<String, List<Integer>> positionsByFileName = new HashMap<>();
    private long version;
    private Instant lastActivity;
    private EndReason endReason;
    private int unfinished;
    /** Tests per status, by ordinal: kept as events apply, so summaries cost nothing per event. */
    private final int[] counts = new int[TestStatus.values().length];
    /** The earlier attempts of retried tests, oldest first: few tests are retried, so a map. */
    private Map<Integer, List<Attempt>> earlier;
    /** Running tests whose last STOP said they run again, until that attempt's START. */
    private java.util.Set<Integer> awaitingRetry;
    /** Tests that passed (or warned) after a failed or errored attempt. */
    private int flaky;

    public TestRun(RunEvent.Created created) {
        this.id = created.runId();
        this.plan = created.plan();
        this.createdAt = created.at();
        this.lastActivity = created.at();
        this.tests = plan.testsInOrder();
        int n = tests.size();
        this.scenarioOfTest = new int[n];
        int index = 0;
        for (int s = 0; s < plan.scenarios().size(); s++) {
            for (int t = 0; t < plan.scenarios().get(s).tests().size(); t++) {
                scenarioOfTest[index++] = s;
            }
        }
        this.status = new TestStatus[n];
        Arrays.fill(status, TestStatus.WAITING);
        this.start = new LocalDateTime[n];
        this.stop = new LocalDateTime[n];
        this.receivedStart = new Instant[n];
        this.changedInVersion = new long[n];
        this.unfinished = n;
        this.version = 1;
        counts[TestStatus.WAITING.ordinal()] = n;
        for (int i = 0; i < n; i++) {
            positionsByFileName.computeIfAbsent(tests.get(i).fileName(), k -> new ArrayList<>(1)).add(i);
        }
    }

    /** What a START or STOP message means for this run. */
    public sealed interface Decision {
    }

    /** The message changes test {@code testIndex}: log this event, then apply it. */
    public record Change(RunEvent event) implements Decision {
    }

    /** The message repeats one already applied to test {@code testIndex} (a retry): answer it, change nothing. */
    public record Duplicate(int testIndex) implements Decision {
    }

    public Decision decide(TestStart message, Instant now) throws RejectedException {
        List<Integer> occurrences = occurrencesOf(message.filePath(), message.fileName());
        for (int i : occurrences) {
            if (status[i] != TestStatus.WAITING && message.start().equals(start[i])) {
                return new Duplicate(i);
            }
        }
        // A test whose last STOP said it runs again takes the next START of its file: its next attempt.
        for (int i : occurrences) {
            if (isAwaitingRetry(i)) {
                return new Change(new RunEvent.Started(i, message.start(), now));
            }
        }
        for (int i : occurrences) {
            if (status[i] == TestStatus.WAITING) {
                return new Change(new RunEvent.Started(i, message.start(), now));
            }
        }
        throw new RejectedException(ErrorCode.NO_MATCHING_TEST, "Run " + id + " of machine '" + plan.machineName()
                + "' has no waiting test " + describe(message.filePath(), message.fileName(), occurrences));
    }

    public Decision decide(TestStop message, Instant now) throws RejectedException {
        List<Integer> occurrences = occurrencesOf(message.filePath(), message.fileName());
        for (int i : occurrences) {
            if (status[i] == message.status() && message.stop().equals(stop[i])) {
                return new Duplicate(i);
            }
            for (Attempt attempt : attempts(i)) {
                if (attempt.status() == message.status() && message.stop().equals(attempt.stop())) {
                    return new Duplicate(i);
                }
            }
        }
        for (int i : occurrences) {
            if (status[i] == TestStatus.RUNNING && !isAwaitingRetry(i)) {
                return new Change(new RunEvent.Stopped(i, message.status(), message.stop(), now, message.reason(),
                        message.retry()));
            }
        }
        throw new RejectedException(ErrorCode.NO_MATCHING_TEST, "Run " + id + " of machine '" + plan.machineName()
                + "' has no running test " + describe(message.filePath(), message.fileName(), occurrences));
    }

    private String describe(String path, String name, List<Integer> occurrences) {
        String file = "'" + name + "' in '" + path + "'";
        return occurrences.isEmpty() ? file + ": the plan has no such file" : file + " to match";
    }

    /**
     * The plan positions of a file, in plan order. When no test has both the path and the name, tests with the same
     * name are taken: machines have been seen to report a different path in the dry run than in START/STOP.
     */
    private List<Integer> occurrencesOf(String path, String name) {
        List<Integer> byName = positionsByFileName.getOrDefault(name, List.of());
        List<Integer> exact = new ArrayList<>(byName.size());
        for (int i : byName) {
            if (tests.get(i).filePath().equals(path)) {
                exact.add(i);
            }
        }
        return exact.isEmpty() ? byName : exact;
    }

    /** The single way state changes, live and on replay. */
    public void apply(RunEvent event) {
        if (event instanceof RunEvent.Started started) {
            int i = started.testIndex();
            if (isAwaitingRetry(i)) {
                awaitingRetry.remove(i);
            } else {
                requireStatus(i, TestStatus.WAITING);
                setStatus(i, TestStatus.RUNNING);
            }
            start[i] = started.start();
            receivedStart[i] = started.at();
            touch(i, started.at());
        } else if (event instanceof RunEvent.Stopped stopped && stopped.retry()) {
            int i = stopped.testIndex();
            requireStatus(i, TestStatus.RUNNING);
            if (earlier == null) {
                earlier = new HashMap<>();
                awaitingRetry = new java.util.HashSet<>();
            }
            earlier.computeIfAbsent(i, k -> new ArrayList<>(1))
                    .add(new Attempt(stopped.status(), start[i], stopped.stop(), stopped.reason()));
            awaitingRetry.add(i);
            touch(i, stopped.at());
        } else if (event instanceof RunEvent.Stopped stopped) {
            int i = stopped.testIndex();
            requireStatus(i, TestStatus.RUNNING);
            if (isAwaitingRetry(i)) {
                throw new IllegalStateException("Test " + i + " of run " + id + " awaits its next attempt's start");
            }
            setStatus(i, stopped.status());
            stop[i] = stopped.stop();
            if (stopped.reason() != null) {
                reasons().put(i, stopped.reason());
            } else if (reasons != null) {
                reasons.remove(i); // an earlier attempt's reason stays with that attempt
            }
            if (TestStatus.isFlaky(stopped.status(), attempts(i).stream().map(Attempt::status).toList())) {
                flaky++;
            }
            unfinished--;
            touch(i, stopped.at());
        } else if (event instanceof RunEvent.Ended ended) {
            for (int i = 0; i < status.length; i++) {
                if (status[i].isOngoing()) {
                    if (isAwaitingRetry(i)) {
                        awaitingRetry.remove(i);
                    }
                    setStatus(i, ended.unfinishedBecome());
                    unfinished--;
                    touch(i, ended.at());
                }
            }
            endReason = ended.reason();
            lastActivity = ended.at();
            version++;
        } else {
            throw new IllegalArgumentException("A run is created only once, not by " + event);
        }
    }

    private void setStatus(int index, TestStatus next) {
        counts[status[index].ordinal()]--;
        counts[next.ordinal()]++;
        status[index] = next;
    }

    private void requireStatus(int index, TestStatus expected) {
        if (index < 0 || index >= status.length || status[index] != expected) {
            throw new IllegalStateException("Test " + index + " of run " + id + " is not " + expected.wireName());
        }
    }

    private void touch(int index, Instant at) {
        version++;
        changedInVersion[index] = version;
        if (at.isAfter(lastActivity)) {
            lastActivity = at;
        }
    }

    public long id() {
        return id;
    }

    public DryRun plan() {
        return plan;
    }

    public String machineName() {
        return plan.machineName();
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant lastActivity() {
        return lastActivity;
    }

    /** Grows by at least one with every change; pages ask for what changed since a version. */
    public long version() {
        return version;
    }

    public boolean isOngoing() {
        return unfinished > 0;
    }

    public Optional<EndReason> endReason() {
        return Optional.ofNullable(endReason);
    }

    public int testCount() {
        return tests.size();
    }

    public ScriptRef test(int index) {
        return tests.get(index);
    }

    public int scenarioOf(int testIndex) {
        return scenarioOfTest[testIndex];
    }

    public TestStatus status(int index) {
        return status[index];
    }

    public LocalDateTime start(int index) {
        return start[index];
    }

    /** Why the test did not pass, as its machine said, or null. */
    public String reason(int index) {
        return reasons == null ? null : reasons.get(index);
    }

    /** The earlier attempts of a retried test, oldest first; none for a test that ran once. */
    public List<Attempt> attempts(int index) {
        List<Attempt> found = earlier == null ? null : earlier.get(index);
        return found == null ? List.of() : List.copyOf(found);
    }

    /** Whether the test passed (or warned) after a failed or errored attempt. */
    public boolean isFlaky(int index) {
        return earlier != null && earlier.containsKey(index)
                && TestStatus.isFlaky(status[index], earlier.get(index).stream().map(Attempt::status).toList());
    }

    /** Whether the test's last attempt said it runs again and its next attempt has not started yet. */
    public boolean isAwaitingRetry(int index) {
        return awaitingRetry != null && awaitingRetry.contains(index);
    }

    /** How many tests are flaky. */
    public int flakyCount() {
        return flaky;
    }

    private java.util.Map<Integer, String> reasons() {
        if (reasons == null) {
            reasons = new java.util.HashMap<>();
        }
        return reasons;
    }

    public LocalDateTime stop(int index) {
        return stop[index];
    }

    /** When the controller took this test's START (its own clock), or null if it has not started. */
    public Instant receivedStart(int index) {
        return receivedStart[index];
    }

    public long changedInVersion(int index) {
        return changedInVersion[index];
    }

    public TestStatus scenarioStatus(int scenario) {
        List<TestStatus> children = new ArrayList<>();
        for (int i = 0; i < status.length; i++) {
            if (scenarioOfTest[i] == scenario) {
                children.add(status[i]);
            }
        }
        return TestStatus.rollUp(children);
    }

    /** The master scenario's status: the roll-up of all tests (the first status present, in precedence order). */
    public TestStatus status() {
        for (TestStatus s : TestStatus.values()) {
            if (counts[s.ordinal()] > 0) {
                return s;
            }
        }
        return TestStatus.rollUp(List.of());
    }

    public Map<TestStatus, Integer> counts() {
        Map<TestStatus, Integer> result = new EnumMap<>(TestStatus.class);
        for (TestStatus s : TestStatus.values()) {
            result.put(s, counts[s.ordinal()]);
        }
        return result;
    }

    public RunSummary summary() {
        return new RunSummary(id, machineName(), plan.buildUrl(), status(), isOngoing(), testCount(), counts(),
                createdAt, lastActivity, endReason, plan.environment(), plan.startedBy(), flaky);
    }

    public List<ScenarioPlan> scenarios() {
        return plan.scenarios();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestRun other && id == other.id && plan.equals(other.plan)
                && Arrays.equals(status, other.status) && Arrays.equals(start, other.start)
                && Arrays.equals(stop, other.stop) && Objects.equals(endReason, other.endReason)
                && Objects.equals(earlier, other.earlier);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(status));
    }

    @Override
    public String toString() {
        return "TestRun[" + id + ", " + machineName() + ", " + status().wireName() + ", " + counts() + "]";
    }
}
