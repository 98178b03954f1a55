package io.jenkins.plugins.systemtests.core.queue;

import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.model.EndReason;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.DryRun;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.runner.BuildRun;
import io.jenkins.plugins.systemtests.core.runner.RunSettings;
import io.jenkins.plugins.systemtests.core.runner.Verdict;
import io.jenkins.plugins.systemtests.core.secrets.SecretMasker;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One plan run by several environments from one queue, as one run. Each environment's share starts as soon as its
 * environment is free, with its own runner in queue mode ({@link BuildRun#startShare}); every runner plans the whole
 * plan, the first DRY RUN taken makes the run, and the others' tests report into it. The controller hands the units
 * out, longest first ({@link LongestFirst}), by writing {@code assign-<n>} files in each share's queue folder: each
 * share holds the unit it runs and, while the queue is long, the next one, so the poll interval never idles a rig.
 * A share whose runner is gone gives its units back (a test it was running ends {@code error}, once) and the others
 * run them. With retries, a script whose attempt failed is not rerun by its runner: the runner names it in
 * {@code retry-<n>} beside {@code done-<n>}, and its next attempt goes back to the queue, first in line, for another
 * environment while another runs ({@link SharedQueue#retry}); the store keeps every attempt of it as one test's.
 * All of it is plain serializable state: saved with the build, a controller restart goes on with it.
 * Called from one thread at a time.
 */
public final class QueueRun implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What a share is doing. */
    public enum State {
        /** Waiting for its environment to be free. */
        WAITING,
        /** Its runner runs the units it is handed. */
        RUNNING,
        /** Its runner ended after the queue emptied; its environment is released. */
        ENDED,
        /** Its runner was lost; its units went back to the queue; its environment is released. */
        LOST,
        /** The queue emptied before its environment was free: it never started. */
        SKIPPED
    }

    /** One environment's share of the plan. */
    public static final class Share implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String environment;
        private State state = State.WAITING;
        private BuildRun run;
        private final long waitingSince;
        private long startedAt = -1;
        private long endedAt = -1;
        private boolean doneWritten;
        private String lostBecause;
        /** Since when its agent cannot be reached (epoch millis), or -1. */
        private long unreachableSince = -1;
        /** Lost while out of reach: its runner may still run there, to be ended once the agent is back. */
        private boolean runnerLeft;
        /** Its environment is held while it waits for a place to run ({@link Lab#place}). */
        private boolean locked;

        Share(String environment, long waitingSince) {
            this.environment = environment;
            this.waitingSince = waitingSince;
        }

        public String environment() {
            return environment;
        }

        public State state() {
            return state;
        }

        /** The share's runner, once started. */
        public Optional<BuildRun> run() {
            return Optional.ofNullable(run);
        }

        public long waitingSince() {
            return waitingSince;
        }

        /** When its environment was locked and its runner started (epoch millis), or -1. */
        public long startedAt() {
            return startedAt;
        }

        /** When it ended and released its environment (epoch millis), or -1. */
        public long endedAt() {
            return endedAt;
        }

        public Optional<String> lostBecause() {
            return Optional.ofNullable(lostBecause);
        }
    }

    /** What the build provides: its environments' locks, its shares' runners and agents, and the job's history. */
    public interface Lab {
        /** Locks the environment for the build if it is free now; true when the build holds it. */
        boolean tryLock(String environment);

        /**
         * Finds the share of a held environment a place to run, asking for one the first time: true once it has one.
         * The build's own node is there at once; an agent with a label may first need a free executor.
         */
        default boolean place(String environment) throws IOException, InterruptedException {
            return true;
        }

        /**
         * Whether a failure of a call to the share's agent is its connection breaking (the share then waits for the
         * agent as for one out of reach), rather than something wrong with the run.
         */
        default boolean lostContact(String environment, Exception failure) throws InterruptedException {
            return false;
        }

        /** Releases the environment's lock, and the share's place. */
        void release(String environment);

        /** Starts a share's runner on its agent ({@link BuildRun#startShare}). */
        BuildRun launch(String environment) throws IOException, InterruptedException, RejectedException;

        /** The share's agent, or null while it cannot be reached. */
        BuildRun.Agent agent(String environment);

        /** The median past duration of each of these tests in the job, in milliseconds ({@link TestDurations}). */
        Map<String, Long> medians(Set<String> keys);

        /** Writes the run's one JUnit XML where the build's settings want it. */
        void writeJunit(byte[] xml) throws IOException, InterruptedException;
    }

    private final List<Share> shares = new ArrayList<>();
    private SharedQueue queue;
    private Long runId;
    /** How much expected work a share holds beyond the unit it runs, while the queue is long. */
    static final long HOLD_AHEAD_MS = 1000;
    /** The most units a share holds at once. */
    static final int MAX_HELD = 8;
    /** Each unit's expected milliseconds, by its index; set with the queue. */
    private long[] estimates;
    /** The file of a share's queue folder with the results of lost shares' tests, for its JUnit part. */
    public static final String LOST_RESULTS = "lost-results.json";
    /** Lost shares whose tests' results were handed to another share's JUnit part. */
    private Set<String> resultsHandedOver;
    /** How long a share's agent may be out of reach before its share is lost. */
    private Duration unreachableLimit = Duration.ofMinutes(10);

    public QueueRun(List<String> environments, long now) {
        Set<String> distinct = new LinkedHashSet<>(environments);
        if (distinct.isEmpty()) {
            throw new IllegalArgumentException("no environment to run the tests on");
        }
        distinct.forEach(environment -> shares.add(new Share(environment, now)));
    }

    /** How long a share's agent may be out of reach before the share is lost and its tests go to the others. */
    public void setUnreachableLimit(Duration limit) {
        this.unreachableLimit = limit;
    }

    public List<Share> shares() {
        return List.copyOf(shares);
    }

    /** The queue, once the plan is known. */
    public Optional<SharedQueue> queue() {
        return Optional.ofNullable(queue);
    }

    /** The one run all shares report into, once a DRY RUN was taken. */
    public Optional<Long> runId() {
        return Optional.ofNullable(runId);
    }

    /**
     * One round: starts the shares whose environment became free, takes what every runner wrote, hands out units, and
     * ends what has ended. Returns the run's end once every share has ended.
     *
     * @param console takes the runners' console output (whole lines, masked)
     * @param log       takes the queue's own notes, one line each
     * @throws BuildRun.NotReported when every share ended and no runner reported the plan
     */
    public Optional<BuildRun.Finished> poll(Lab lab, IngestionService service, SecretMasker masker,
            RunSettings settings, Consumer<String> console, Consumer<String> log, Duration goneAfter, long now)
            throws IOException, InterruptedException, BuildRun.NotReported, RejectedException {
        for (Share share : shares) {
            if (share.state == State.WAITING) {
                start(share, lab, log, now);
            }
            if (share.state == State.RUNNING) {
                try {
                    follow(share, lab, service, masker, console, log, goneAfter, now);
                } catch (IOException | RuntimeException e) { // remoting's RequestAbortedException is unchecked
                    if (!lab.lostContact(share.environment, e)) {
                        throw e;
                    }
                    outOfReach(share, log, now); // its connection broke during the poll: as an agent out of reach
                }
            }
            if (share.runnerLeft) {
                endLeftRunner(share, lab, log);
            }
        }
        if (queue != null && queue.drained()) {
            for (Share share : shares) {
                BuildRun.Agent agent = share.state == State.RUNNING && !share.doneWritten
                        ? lab.agent(share.environment) : null;
                if (agent != null) {
                    handOverLostResults(share, agent, service);
                    write(agent, share, queue.assignments(share.environment).size() + 1, "done");
                    share.doneWritten = true;
                }
            }
        }
        if (shares.stream().anyMatch(s -> s.state == State.WAITING || s.state == State.RUNNING)) {
            return Optional.empty();
        }
        return Optional.of(finish(lab, service, settings, log));
    }

    private void start(Share share, Lab lab, Consumer<String> log, long now)
            throws IOException, InterruptedException, RejectedException {
        if (queue != null && queue.pendingCount() == 0) {
            share.state = State.SKIPPED; // every unit is handed out: it would only hold a rig
            if (share.locked) {
                lab.release(share.environment);
                share.locked = false;
            }
            log.accept("System Tests: environment " + share.environment + " is not needed any more: every test is "
                    + "taken by the others");
            return;
        }
        if (!share.locked) {
            if (!lab.tryLock(share.environment)) {
                return;
            }
            share.locked = true;
        }
        try {
            if (!lab.place(share.environment)) {
                return; // held, its place to run not found yet: asked again at the next poll
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            lab.release(share.environment);
            share.locked = false;
            throw e;
        }
        share.startedAt = now;
        log.accept("System Tests: environment " + share.environment + " is held after "
                + Duration.ofMillis(now - share.waitingSince).toSeconds() + " s; its share starts");
        try {
            share.run = lab.launch(share.environment);
        } catch (IOException | InterruptedException | RejectedException | RuntimeException e) {
            lab.release(share.environment);
            share.state = State.LOST;
            share.lostBecause = "its runner could not be started: " + e.getMessage();
            share.endedAt = now;
            throw e;
        }
        share.state = State.RUNNING;
    }

    private void follow(Share share, Lab lab, IngestionService service, SecretMasker masker, Consumer<String> console,
            Consumer<String> log, Duration goneAfter, long now) throws IOException, InterruptedException {
        BuildRun.Agent agent = lab.agent(share.environment);
        if (agent == null) {
            // Out of reach: its tests may go on there, and are read on once it is back; past the wait, it is lost.
            if (share.unreachableSince < 0) {
                outOfReach(share, log, now);
            } else if (now - share.unreachableSince >= unreachableLimit.toMillis()) {
                lose(share, service, "the agent of environment " + share.environment + " was out of reach for "
                        + unreachableLimit.toSeconds() + " s", now);
                share.runnerLeft = true;
                share.endedAt = now;
                lab.release(share.environment);
                log.accept("System Tests: environment " + share.environment + " lost: " + share.lostBecause
                        + "; its tests not started go back to the queue; environment released");
            }
            return;
        }
        Optional<BuildRun.ShareEnd> end = share.run.pollShare(agent, service, masker, console, goneAfter, runId);
        share.unreachableSince = -1; // it answered
        if (runId == null && share.run.follower().runId().isPresent()) {
            runId = share.run.follower().runId().get();
        }
        if (queue == null && runId != null) {
            queue = plan(lab, service, log);
        }
        if (queue != null) {
            takeFinished(share, agent, service, now);
            if (end.isEmpty()) {
                handOut(share, agent, now);
            }
        }
        if (end.isEmpty()) {
            return;
        }
        end.get().notes().forEach(log);
        boolean unfinished = queue != null && !queue.outstanding(share.environment).isEmpty();
        if (end.get().gone() || unfinished) {
            lose(share, service, end.get().gone() ? BuildRun.RUNNER_GONE
                    : "the runner on environment " + share.environment + " ended (exit code "
                            + end.get().exitCode().orElse(-1) + ") before finishing its tests", now);
            log.accept("System Tests: environment " + share.environment + " lost its runner: " + share.lostBecause
                    + "; its tests not started go back to the queue");
        } else {
            share.state = State.ENDED;
        }
        share.endedAt = now;
        lab.release(share.environment);
        log.accept("System Tests: environment " + share.environment + " released");
    }

    /** The share's agent stopped answering: waited for up to the limit (the wait starts once). */
    private void outOfReach(Share share, Consumer<String> log, long now) {
        if (share.unreachableSince < 0) {
            share.unreachableSince = now;
            log.accept("System Tests: environment " + share.environment + "'s agent is out of reach; waiting up to "
                    + unreachableLimit.toSeconds() + " s for it");
        }
    }

    /**
     * A share lost while its agent was out of reach left its runner there, which would run the unit it was handed
     * next: once the agent answers again, the runner's processes are ended (its tests already went to the others).
     */
    private static void endLeftRunner(Share share, Lab lab, Consumer<String> log) throws IOException, InterruptedException {
        BuildRun.Agent agent = lab.agent(share.environment);
        if (agent != null) {
            int ended = share.run.endShareProcesses(agent);
            share.runnerLeft = false;
            log.accept("System Tests: environment " + share.environment + "'s agent is back; the runner left there was "
                    + "ended (" + ended + " processes)");
        }
    }

    private SharedQueue plan(Lab lab, IngestionService service, Consumer<String> log) {
        DryRun plan = service.reader().read(runId, TestRun::plan).orElseThrow(
                () -> new IllegalStateException("run " + runId + " is not in the store"));
        List<WorkUnit> units = WorkUnits.of(plan);
        Set<String> keys = units.stream().flatMap(u -> u.keys().stream()).collect(Collectors.toSet());
        Map<String, Long> medians = lab.medians(keys);
        List<WorkUnit> ordered = LongestFirst.order(units, medians);
        estimates = LongestFirst.estimates(units, medians);
        long known = keys.stream().filter(medians::containsKey).count();
        log.accept("System Tests: " + plan.testCount() + " tests in " + units.size() + " units, longest first across "
                + shares.size() + " environments (" + known + " of " + keys.size() + " tests timed by past runs)");
        return new SharedQueue(ordered, shares.stream().map(Share::environment).toList());
    }

    /**
     * The runner renames {@code assign-<n>} to {@code done-<n>} once it has run the unit; in order. Before, it wrote
     * {@code retry-<n>} with the plan positions of the tests whose failed attempt is to be retried elsewhere: each goes
     * back to the queue once the store holds that attempt (its TEST STOP {@code retry}, read before the next attempt's
     * START, which may come from another environment).
     */
    private void takeFinished(Share share, BuildRun.Agent agent, IngestionService service, long now)
            throws IOException, InterruptedException {
        for (SharedQueue.Assignment assignment : queue.outstanding(share.environment)) {
            byte[] done = agent.read(share.run.queueFile("done-" + assignment.seq()), 0, 16);
            if (done.length == 0) {
                return;
            }
            List<Integer> retried = retriedTests(agent, share, assignment);
            Map<Integer, Integer> attempts = new java.util.LinkedHashMap<>();
            boolean stopsRead = service.reader().read(runId, run -> {
                for (int position : retried) {
                    if (position < run.testCount() && run.isAwaitingRetry(position)) {
                        attempts.put(position, run.attempts(position).size());
                    } else if (position < run.testCount() && run.status(position) == TestStatus.RUNNING) {
                        return false; // its TEST STOP is in the events not read yet
                    }
                }
                return true;
            }).orElse(true);
            if (!stopsRead) {
                return; // taken at the next poll
            }
            attempts.forEach((position, ran) -> queue.retry(share.environment, position, ran));
            queue.finished(share.environment, assignment.seq(), now);
        }
    }

    /** The plan positions the runner named in {@code retry-<n>}: tests whose next attempt is to run elsewhere. */
    private List<Integer> retriedTests(BuildRun.Agent agent, Share share, SharedQueue.Assignment assignment)
            throws IOException, InterruptedException {
        String text = new String(agent.read(share.run.queueFile("retry-" + assignment.seq()), 0, 1 << 20),
                StandardCharsets.UTF_8);
        List<Integer> positions = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.strip().matches("\\d{1,9}")) {
                positions.add(Integer.parseInt(line.strip()));
            }
        }
        return positions;
    }

    /**
     * Keeps a share supplied: the unit it runs and, while more units wait than shares run, the next ones up to about
     * {@link #HOLD_AHEAD_MS} of expected work (at least one, at most {@link #MAX_HELD} units), so that a rig running
     * short tests never waits for the controller's next poll; near the end a share holds only the unit it runs, so
     * that no unit waits behind another while a rig is idle.
     */
    private void handOut(Share share, BuildRun.Agent agent, long now) throws IOException, InterruptedException {
        if (share.doneWritten) {
            return;
        }
        long running = shares.stream().filter(s -> s.state == State.RUNNING).count();
        boolean othersRun = shares.stream().anyMatch(s -> s != share && s.state == State.RUNNING && !s.doneWritten);
        while (true) {
            List<SharedQueue.Assignment> held = queue.outstanding(share.environment);
            boolean more = held.isEmpty() || queue.pendingCount() > running && held.size() < MAX_HELD
                    && workAhead(share, held, now) < HOLD_AHEAD_MS;
            if (!more) {
                return;
            }
            Optional<SharedQueue.Assignment> next = queue.next(share.environment, othersRun, now);
            if (next.isEmpty()) {
                return;
            }
            WorkUnit unit = queue.unit(next.get().unit());
            write(agent, share, next.get().seq(), unit.isRetry()
                    ? "retry " + unit.first() + " " + unit.earlierAttempts()
                    : "run " + unit.positions().stream().map(String::valueOf).collect(Collectors.joining(" ")));
        }
    }

    /**
     * The expected work a share holds before it would want its next unit: what is left of the unit it runs (from when
     * it could start it), then the units it holds after it. A unit of unknown length counts as {@link #HOLD_AHEAD_MS}
     * (so without history a share holds one unit ahead); a long unit is not given company until its last second, so
     * no short unit waits behind it while another rig idles.
     */
    private long workAhead(Share share, List<SharedQueue.Assignment> held, long now) {
        SharedQueue.Assignment current = held.get(0);
        List<SharedQueue.Assignment> all = queue.assignments(share.environment);
        long start = current.assignedAt();
        if (current.seq() > 1) {
            start = Math.max(start, all.get(current.seq() - 2).finishedAt());
        }
        long estimate = estimate(current.unit());
        long ahead = estimate > 0 ? Math.max(0, start + estimate - now) : 0;
        for (SharedQueue.Assignment next : held.subList(1, held.size())) {
            ahead += estimate(next.unit()) > 0 ? estimate(next.unit()) : HOLD_AHEAD_MS;
        }
        return ahead;
    }

    /**
     * A unit's expected milliseconds: the plan's units by their index; a retry (added after the plan) as the unit
     * its test came from; 0 when unknown.
     */
    private long estimate(int unitIndex) {
        if (unitIndex < estimates.length) {
            return estimates[unitIndex];
        }
        return queue.planUnitOf(queue.unit(unitIndex).first()).filter(unit -> unit.index() < estimates.length)
                .map(unit -> estimates[unit.index()]).orElse(0L);
    }

    private static void write(BuildRun.Agent agent, Share share, int seq, String line)
            throws IOException, InterruptedException {
        agent.write(share.run.queueFile("assign-" + seq),
                new ByteArrayInputStream((line + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A share's runner is gone with units unfinished: a unit none of whose tests started goes back to the queue (a
     * retry whose attempt had not started too); a unit it had started ends there (its running test {@code error} with
     * the reason, the rest not run), since its tests depend on each other.
     */
    private void lose(Share share, IngestionService service, String reason, long now) {
        share.state = State.LOST;
        share.lostBecause = reason;
        if (queue == null) {
            return;
        }
        for (SharedQueue.Assignment assignment : queue.outstanding(share.environment)) {
            WorkUnit unit = queue.unit(assignment.unit());
            boolean untouched = service.reader().read(runId, run -> unit.positions().stream()
                    .allMatch(p -> run.status(p) == TestStatus.WAITING || run.isAwaitingRetry(p))).orElse(true);
            if (untouched) {
                queue.giveBack(share.environment, assignment.seq());
            } else {
                BuildRun.endAsError(service, runId, unit.positions(), reason + " (environment " + share.environment
                        + ")");
                queue.finished(share.environment, assignment.seq(), now);
            }
        }
    }

    private BuildRun.Finished finish(Lab lab, IngestionService service, RunSettings settings, Consumer<String> log)
            throws BuildRun.NotReported, IOException, InterruptedException {
        if (runId == null) {
            throw new BuildRun.NotReported("no environment's runner reported the plan: "
                    + shares.stream().map(s -> s.environment + " " + s.state.name().toLowerCase(java.util.Locale.ROOT)
                            + s.lostBecause().map(r -> " (" + r + ")").orElse("")).collect(Collectors.joining(", ")));
        }
        List<String> notes = new ArrayList<>();
        if (queue != null && queue.pendingCount() > 0) {
            String nobody = "no environment was left to run it";
            Set<Integer> left = new HashSet<>();
            queue.takePending().forEach(unit -> left.addAll(unit.positions()));
            int ended = BuildRun.endAsError(service, runId, left, nobody);
            notes.add("System Tests: " + ended + " tests were not run: " + nobody);
        }
        service.endRun(runId, EndReason.INTERRUPTED, TestStatus.UNKNOWN); // only if something was left open
        mergeJunit(lab);
        RunSummary summary = service.reader().summary(runId)
                .orElseThrow(() -> new BuildRun.NotReported("run " + runId + " was not recorded"));
        notes.forEach(log);
        return new BuildRun.Finished(runId, summary,
                Verdict.of(summary.counts(), settings.unstableOn(), settings.failureOn()), notes);
    }

    /** The shares' JUnit parts, merged into the build's one file; the parts are removed. */
    /**
     * A lost share's JUnit part is on its agent, out of reach or written by a runner that was killed: the tests it ran
     * (and the one it was running, ended {@code error}) would be missing from the run's one JUnit XML. The first share
     * told it is done after such a loss is handed their results as the store has them ({@value #LOST_RESULTS}), and
     * writes them into its own part with the names only the runner gives them; the lost share's part is then left out.
     */
    private void handOverLostResults(Share taker, BuildRun.Agent agent, IngestionService service)
            throws IOException, InterruptedException {
        Set<String> lost = shares.stream().filter(s -> s.state == State.LOST && s.run != null)
                .map(Share::environment).filter(e -> resultsHandedOver == null || !resultsHandedOver.contains(e))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        if (lost.isEmpty() || runId == null) {
            return;
        }
        Set<Integer> positions = queue.placements().entrySet().stream().filter(e -> lost.contains(e.getValue()))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(java.util.TreeSet::new));
        List<Map<String, Object>> results = service.reader().read(runId, run -> positions.stream()
                .filter(p -> run.status(p).isFinal()).map(p -> lostResult(run, p)).toList()).orElse(List.of());
        agent.write(taker.run.queueFile(LOST_RESULTS), new ByteArrayInputStream(
                io.jenkins.plugins.systemtests.core.json.Json.MAPPER.writeValueAsBytes(results)));
        if (resultsHandedOver == null) {
            resultsHandedOver = new HashSet<>();
        }
        resultsHandedOver.addAll(lost);
    }

    private static Map<String, Object> lostResult(TestRun run, int position) {
        Map<String, Object> result = new java.util.LinkedHashMap<>();
        result.put("position", position);
        result.put("status", run.status(position).wireName());
        java.time.LocalDateTime start = run.start(position);
        java.time.LocalDateTime stop = run.stop(position);
        result.put("seconds", start == null || stop == null ? 0.0 : Duration.between(start, stop).toMillis() / 1000.0);
        result.put("reason", run.reason(position) == null ? "" : run.reason(position));
        return result;
    }

    private void mergeJunit(Lab lab) throws IOException, InterruptedException {
        List<byte[]> parts = new ArrayList<>();
        for (Share share : shares) {
            if (resultsHandedOver != null && resultsHandedOver.contains(share.environment)) {
                continue; // its tests are in the part of the share they were handed to
            }
            BuildRun.Agent agent = share.run == null ? null : lab.agent(share.environment);
            if (agent != null) {
                parts.add(agent.read(share.run.junitPart(), 0, Integer.MAX_VALUE - 8));
                agent.delete(share.run.junitPart());
            }
        }
        lab.writeJunit(JunitParts.merge(parts));
    }

    /**
     * Ends every share: their runners' processes are ended, what they wrote is taken, the run ends with its unfinished
     * tests cancelled, and every environment is released (also those whose agent cannot be reached).
     */
    public List<String> abort(Lab lab, IngestionService service, long now) {
        List<String> notes = new ArrayList<>();
        for (Share share : shares) {
            if (share.state == State.RUNNING) {
                BuildRun.Agent agent = lab.agent(share.environment);
                try {
                    if (agent == null) {
                        notes.add("System Tests: environment " + share.environment + "'s agent is out of reach: its "
                                + "tests still running there could not be ended");
                    } else {
                        notes.addAll(share.run.abortShare(agent, service, runId));
                        if (runId == null) {
                            runId = share.run.follower().runId().orElse(null);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    notes.add("System Tests: the abort of environment " + share.environment + "'s share could not be "
                            + "completed: " + e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                share.state = State.ENDED;
                share.endedAt = now;
                lab.release(share.environment);
            } else if (share.state == State.WAITING) {
                share.state = State.SKIPPED;
                if (share.locked) {
                    lab.release(share.environment); // held while it waited for a place to run
                    share.locked = false;
                }
            }
        }
        if (runId != null) {
            service.endRun(runId, EndReason.ABORTED, TestStatus.CANCELLED);
        }
        notes.add("System Tests: aborted; every environment is released and unfinished tests are cancelled");
        return notes;
    }

    /** Where the run went so far, for the build's page; empty until the plan is known. */
    public Optional<RunLanes> lanes() {
        if (runId == null) {
            return Optional.empty();
        }
        Map<Integer, List<String>> attempts = new java.util.LinkedHashMap<>();
        if (queue != null) {
            queue.attemptPlacements().forEach((test, where) -> {
                if (where.size() > 1) {
                    attempts.put(test, where);
                }
            });
        }
        return Optional.of(new RunLanes(runId, shares.stream().map(s -> new RunLanes.Lane(s.environment,
                s.waitingSince, s.startedAt, s.endedAt, s.state.name().toLowerCase(java.util.Locale.ROOT),
                s.lostBecause)).toList(), queue == null ? Map.of() : queue.placements(), attempts));
    }

    /** One line per environment, for the step's status. */
    public String describe() {
        return shares.stream().map(s -> s.environment + ": " + s.state.name().toLowerCase(java.util.Locale.ROOT)
                + (queue == null || s.state != State.RUNNING ? ""
                        : " (" + queue.assignments(s.environment).stream().filter(a -> a.finishedAt() >= 0).count()
                                + " units done)")).collect(Collectors.joining(", "))
                + (queue == null ? "" : "; " + queue.pendingCount() + " units queued");
    }
}
