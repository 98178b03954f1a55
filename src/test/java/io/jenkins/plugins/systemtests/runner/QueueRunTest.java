package io.jenkins.plugins.systemtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.library.TestLibrary;
import io.jenkins.plugins.systemtests.core.model.TestRun;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.core.protocol.TestStatus;
import io.jenkins.plugins.systemtests.core.queue.QueueRun;
import io.jenkins.plugins.systemtests.core.queue.SharedQueue;
import io.jenkins.plugins.systemtests.core.runner.BuildRun;
import io.jenkins.plugins.systemtests.core.runner.RunSettings;
import io.jenkins.plugins.systemtests.core.secrets.SecretEnvironment;
import io.jenkins.plugins.systemtests.core.secrets.SecretMasker;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One plan on several environments without Jenkins: real runners in queue mode, started detached by the real launch
 * script, one per environment, on this machine; locks that another build holds at the start; a runner killed midway;
 * a restart in the middle (the state serialized and read back); an abort.
 */
class QueueRunTest {
    @TempDir
    Path workspace;
    private RunStore store;
    private IngestionService service;
    private LocalFolderAgent agent;
    private final List<String> log = new ArrayList<>();

    @BeforeEach
    void open() throws IOException {
        store = RunStore.open(workspace.resolve("../store-" + workspace.getFileName()), RunLocator.STANDALONE);
        service = new IngestionService(store, Clock.systemUTC(), () -> new Settings(false, 60), id -> "/runs/" + id);
        agent = new LocalFolderAgent(workspace);
    }

    @AfterEach
    void close() throws IOException {
        store.close();
    }

    /** The locks of a lab whose environments another build may hold for a while, and its runners on this machine. */
    private class Lab implements QueueRun.Lab {
        final RunSettings settings;
        final Set<String> held = new HashSet<>();
        final Map<String, Integer> busyForPolls = new HashMap<>();
        final List<String> lockedInOrder = new ArrayList<>();
        final Map<String, BuildRun> launched = new HashMap<>();

        Lab(RunSettings settings) {
            this.settings = settings;
        }

        @Override
        public boolean tryLock(String environment) {
            int busy = busyForPolls.getOrDefault(environment, 0);
            if (busy > 0) {
                busyForPolls.put(environment, busy - 1);
                return false;
            }
            assertThat(held.add(environment)).as("locked once").isTrue();
            lockedInOrder.add(environment);
            return true;
        }

        @Override
        public void release(String environment) {
            assertThat(held.remove(environment)).as("released once, after its lock").isTrue();
        }

        @Override
        public BuildRun launch(String environment) throws IOException, InterruptedException, RejectedException {
            BuildRun run = BuildRun.startShare(agent, settings, new BuildRun.Origin("lab", "job/lab/3/", null),
                    new TestLibrary(workspace.resolve("../library-" + workspace.getFileName())), new SecretEnvironment(),
                    Map.of("PATH", System.getenv("PATH")), 1, log::add, environment);
            launched.put(environment, run);
            return run;
        }

        /** Environments whose agent cannot be reached now. */
        final Set<String> unreachable = new HashSet<>();

        @Override
        public BuildRun.Agent agent(String environment) {
            return unreachable.contains(environment) ? null : agent;
        }

        @Override
        public Map<String, Long> medians(Set<String> keys) {
            return Map.of();
        }

        @Override
        public void writeJunit(byte[] xml) throws IOException {
            Files.write(workspace.resolve(settings.junitXml()), xml);
        }
    }

    /** Tests that say where they ran, sleeping as long as given. */
    private void tests(int... tenthsOfSeconds) throws IOException {
        Files.createDirectories(workspace.resolve("t"));
        for (int i = 0; i < tenthsOfSeconds.length; i++) {
            Files.writeString(workspace.resolve(String.format("t/test_%02d.py", i)), "import os, time\n"
                    + "print('ran on', os.environ['SYSTEM_TESTS_ENVIRONMENT'])\ntime.sleep(" + tenthsOfSeconds[i] / 10.0
                    + ")\n");
        }
    }

    private QueueRun runToEnd(QueueRun queue, Lab lab, Duration goneAfter, Predicate<QueueRun> restartWhen,
            java.util.function.Consumer<QueueRun> eachPoll) throws Exception {
        boolean restarted = false;
        Optional<BuildRun.Finished> finished = Optional.empty();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (finished.isEmpty()) {
            assertThat(System.nanoTime()).as("the run ends in time; log: %s", log).isLessThan(deadline);
            finished = queue.poll(lab, service, new SecretMasker(List.of()), lab.settings, log::add, log::add, goneAfter,
                    System.currentTimeMillis());
            eachPoll.accept(queue);
            if (!restarted && restartWhen.test(queue)) {
                queue = JavaSerialization.roundTrip(queue); // as after a controller restart
                restarted = true;
            }
            Thread.sleep(100);
        }
        this.finished = finished.get();
        return queue;
    }

    private BuildRun.Finished finished;

    @Test
    void two_environments_share_one_queue_one_held_by_another_build_at_first_and_report_into_one_run()
            throws Exception {
        tests(20, 2, 2, 2, 2, 2, 2, 2);
        Lab lab = new Lab(RunSettings.of(List.of("t"), "", RunnerTest.PYTHON, 1, "results.xml", null, null));
        lab.busyForPolls.put("2", 5); // another build holds environment 2 for the first half second

        QueueRun queue = runToEnd(new QueueRun(List.of("1", "2"), System.currentTimeMillis()), lab,
                BuildRun.RUNNER_GONE_AFTER, q -> q.queue().isPresent()
                        && q.queue().get().placements().size() > 3, q -> { });

        assertThat(lab.lockedInOrder).containsExactly("1", "2");
        assertThat(lab.held).as("every environment released at the end").isEmpty();
        assertThat(service.reader().summaries()).as("one run for the whole plan").hasSize(1);
        assertThat(finished.summary().counts()).containsEntry(TestStatus.PASSED, 8);
        assertThat(queue.shares()).extracting(QueueRun.Share::state)
                .containsExactly(QueueRun.State.ENDED, QueueRun.State.ENDED);
        Map<Integer, String> placements = queue.queue().orElseThrow().placements();
        assertThat(placements).hasSize(8);
        assertThat(new HashSet<>(placements.values())).as("both rigs ran tests").containsExactlyInAnyOrder("1", "2");
        for (Map.Entry<Integer, String> placed : placements.entrySet()) {
            assertThat(service.reader().log(finished.runId(), placed.getKey()).orElseThrow())
                    .as("the test's process knew its environment").contains("ran on " + placed.getValue());
        }
        assertThat(placements.get(0)).as("the long test started first, on the first rig free").isEqualTo("1");
        assertThat(placements.values().stream().filter("1"::equals).count())
                .as("without history a rig holds one unit ahead: the short tests do not wait behind the long one")
                .isLessThanOrEqualTo(3);
        String junit = Files.readString(workspace.resolve("results.xml"));
        assertThat(junit.split("<testcase ", -1)).as("one JUnit XML with every test once").hasSize(9);
        assertThat(junit).startsWith("<?xml").containsOnlyOnce("<testsuites>").contains("name=\"test_00.py\"");
        try (java.util.stream.Stream<Path> left = Files.list(agent.folder)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no share's file is left")
                    .noneMatch(name -> name.startsWith("junit-") || name.startsWith("queue-")
                            || name.startsWith("events-"));
        }
    }

    @Test
    void a_lost_runner_ends_its_running_test_as_error_once_and_the_other_environment_runs_the_rest() throws Exception {
        tests(30, 30, 10, 10, 10, 10, 10, 10);
        Lab lab = new Lab(RunSettings.of(List.of("t"), "", RunnerTest.PYTHON, 1, "results.xml", null, null));
        boolean[] killed = {false};

        QueueRun queue = runToEnd(new QueueRun(List.of("1", "2"), System.currentTimeMillis()), lab,
                Duration.ofSeconds(8), q -> false, q -> {
                    if (!killed[0] && q.runId().isPresent() && running(q.runId().get()) == 2) {
                        // both rigs run a long test: environment 2's machine goes down
                        killed[0] = agent.killAll(BuildRun.RUN_COOKIE, lab.launched.get("2").id()) > 0;
                    }
                });

        assertThat(killed[0]).isTrue();
        assertThat(queue.shares()).extracting(QueueRun.Share::state)
                .containsExactly(QueueRun.State.ENDED, QueueRun.State.LOST);
        assertThat(lab.held).isEmpty();
        assertThat(finished.summary().counts()).containsEntry(TestStatus.PASSED, 7).containsEntry(TestStatus.ERROR, 1);
        int errored = service.reader().read(finished.runId(), run -> {
            for (int i = 0; i < run.testCount(); i++) {
                if (run.status(i) == TestStatus.ERROR) {
                    assertThat(run.reason(i)).contains(BuildRun.RUNNER_GONE).contains("environment 2");
                    return i;
                }
            }
            return -1;
        }).orElseThrow();
        assertThat(queue.queue().orElseThrow().placements()).as("everything else ran on environment 1")
                .allSatisfy((test, environment) -> assertThat(environment).isEqualTo(test == errored ? "2" : "1"));
    }

    @Test
    void an_agent_out_of_reach_past_the_wait_loses_its_share_and_the_others_run_its_tests() throws Exception {
        tests(30, 30, 10, 10, 10, 10);
        Lab lab = new Lab(RunSettings.of(List.of("t"), "", RunnerTest.PYTHON, 1, "results.xml", null, null));
        QueueRun queue = new QueueRun(List.of("1", "2"), System.currentTimeMillis());
        queue.setUnreachableLimit(Duration.ofSeconds(1));
        int[] polls = {0};

        queue = runToEnd(queue, lab, BuildRun.RUNNER_GONE_AFTER, q -> false, q -> {
            if (lab.unreachable.isEmpty() && q.runId().isPresent() && running(q.runId().get()) == 2) {
                lab.unreachable.add("2"); // environment 2's agent drops off the network mid-test
            } else if (!lab.unreachable.isEmpty() && q.shares().get(1).state() == QueueRun.State.LOST
                    && ++polls[0] == 3) {
                lab.unreachable.clear(); // and comes back later
            }
        });

        assertThat(queue.shares()).extracting(QueueRun.Share::state)
                .containsExactly(QueueRun.State.ENDED, QueueRun.State.LOST);
        assertThat(queue.shares().get(1).lostBecause()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("out of reach for 1 s"));
        assertThat(lab.held).isEmpty();
        assertThat(finished.summary().counts()).containsEntry(TestStatus.PASSED, 5).containsEntry(TestStatus.ERROR, 1);
        assertThat(log).anyMatch(line -> line.contains("the runner left there was ended"));
        assertThat(agent.killAll(BuildRun.RUN_COOKIE, lab.launched.get("2").id())).as("no process of it is left")
                .isZero();
    }

    @Test
    void a_share_lost_with_its_agent_leaves_every_test_in_the_one_junit_xml() throws Exception {
        tests(3, 3, 20, 20, 3, 3, 3, 3);
        Lab lab = new Lab(RunSettings.of(List.of("t"), "", RunnerTest.PYTHON, 1, "results.xml", null, null));
        QueueRun queue = new QueueRun(List.of("1", "2"), System.currentTimeMillis());
        queue.setUnreachableLimit(Duration.ofSeconds(1));

        queue = runToEnd(queue, lab, BuildRun.RUNNER_GONE_AFTER, q -> false, q -> {
            if (lab.unreachable.isEmpty() && ranAndRuns(q, "2")) {
                lab.unreachable.add("2"); // environment 2's agent is gone for good, its JUnit part with it
            }
        });

        assertThat(queue.shares()).extracting(QueueRun.Share::state)
                .containsExactly(QueueRun.State.ENDED, QueueRun.State.LOST);
        assertThat(finished.summary().counts()).containsEntry(TestStatus.PASSED, 7).containsEntry(TestStatus.ERROR, 1);
        String junit = Files.readString(workspace.resolve("results.xml"));
        for (int i = 0; i < 8; i++) {
            assertThat(junit.split(String.format("name=\"test_%02d.py\"", i), -1)).as("test %d once in the JUnit XML", i)
                    .hasSize(2);
        }
        assertThat(junit).containsOnlyOnce("<error message=\"the agent of environment 2 was out of reach for 1 s");
        assertThat(junit.split("<testcase ", -1)).hasSize(9);
        assertThat(junit).as("suite counts").contains("errors=\"1\"");
    }

    /** Whether a test ended passed on the environment, and another runs there now. */
    private boolean ranAndRuns(QueueRun queue, String environment) {
        if (queue.runId().isEmpty() || queue.queue().isEmpty()) {
            return false;
        }
        Map<Integer, String> placed = queue.queue().get().placements();
        return service.reader().read(queue.runId().get(), (TestRun run) -> {
            boolean passed = false;
            boolean running = false;
            for (Map.Entry<Integer, String> test : placed.entrySet()) {
                if (test.getValue().equals(environment)) {
                    passed |= run.status(test.getKey()) == TestStatus.PASSED;
                    running |= run.status(test.getKey()) == TestStatus.RUNNING;
                }
            }
            return passed && running;
        }).orElse(false);
    }

    @Test
    void a_share_whose_runner_never_started_is_lost_and_the_others_run_the_whole_plan() throws Exception {
        tests(30, 30, 30, 30);
        BuildRun.Agent deaf = new BuildRun.Agent() { // its launch does nothing, as when the launcher never ran
            @Override
            public String folder() {
                return agent.folder();
            }

            @Override
            public void write(String name, java.io.InputStream content) throws IOException, InterruptedException {
                agent.write(name, content);
            }

            @Override
            public void launch(List<String> command, Map<String, String> environment) {
            }

            @Override
            public byte[] read(String name, long offset, int max) throws IOException, InterruptedException {
                return agent.read(name, offset, max);
            }

            @Override
            public void delete(String name) throws IOException, InterruptedException {
                agent.delete(name);
            }

            @Override
            public List<String> list(String name) throws IOException, InterruptedException {
                return agent.list(name);
            }

            @Override
            public int endProcesses(String variable, String value) throws InterruptedException {
                return agent.endProcesses(variable, value);
            }
        };
        Lab lab = new Lab(RunSettings.of(List.of("t"), "", RunnerTest.PYTHON, 1, "results.xml", null, null)) {
            @Override
            public BuildRun launch(String environment) throws IOException, InterruptedException, RejectedException {
                if (!environment.equals("2")) {
                    return super.launch(environment);
                }
                return BuildRun.startShare(deaf, settings, new BuildRun.Origin("lab", "job/lab/3/", null),
                        new TestLibrary(workspace.resolve("../library-" + workspace.getFileName())),
                        new SecretEnvironment(), Map.of("PATH", System.getenv("PATH")), 1, log::add, environment);
            }
        };

        QueueRun queue = runToEnd(new QueueRun(List.of("1", "2"), System.currentTimeMillis()), lab,
                Duration.ofSeconds(8), q -> false, q -> { }); // the launcher beats every 5 s

        assertThat(queue.shares()).extracting(QueueRun.Share::state)
                .containsExactly(QueueRun.State.ENDED, QueueRun.State.LOST);
        assertThat(finished.summary().counts()).containsEntry(TestStatus.PASSED, 4);
        assertThat(queue.queue().orElseThrow().placements()).containsOnlyKeys(0, 1, 2, 3)
                .allSatisfy((test, environment) -> assertThat(environment).isEqualTo("1"));
        assertThat(lab.held).isEmpty();
    }

    @Test
    void an_abort_ends_every_share_cancels_what_is_left_and_frees_every_environment() throws Exception {
        tests(50, 50, 50, 50);
        Lab lab = new Lab(RunSettings.of(List.of("t"), "", RunnerTest.PYTHON, 1, "results.xml", null, null));
        QueueRun queue = new QueueRun(List.of("1", "2", "3"), System.currentTimeMillis());
        lab.busyForPolls.put("3", 1000);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (queue.runId().isEmpty() || running(queue.runId().get()) < 2) {
            assertThat(System.nanoTime()).as("log: %s", log).isLessThan(deadline);
            queue.poll(lab, service, new SecretMasker(List.of()), lab.settings, log::add, log::add,
                    BuildRun.RUNNER_GONE_AFTER,
                    System.currentTimeMillis());
            Thread.sleep(100);
        }

        List<String> notes = queue.abort(lab, service, System.currentTimeMillis());

        assertThat(lab.held).isEmpty();
        assertThat(notes).last().asString().contains("every environment is released");
        assertThat(queue.shares()).extracting(QueueRun.Share::state)
                .containsExactly(QueueRun.State.ENDED, QueueRun.State.ENDED, QueueRun.State.SKIPPED);
        Map<TestStatus, Integer> counts = service.reader().summary(queue.runId().get()).orElseThrow().counts();
        // Those not started are cancelled; a running one is cancelled, or error when the TERM reached the test before
        // its runner (the runner's race, as with one environment).
        assertThat(counts.get(TestStatus.CANCELLED)).isGreaterThanOrEqualTo(2);
        assertThat(counts.get(TestStatus.CANCELLED) + counts.get(TestStatus.ERROR)).isEqualTo(4);
        for (BuildRun run : lab.launched.values()) {
            assertThat(agent.killAll(BuildRun.RUN_COOKIE, run.id())).as("no process of the run is left").isZero();
        }
    }

    /**
     * A quick test that fails on the environment it first runs on (whichever takes it first) and, unless it fails
     * {@code everywhere}, passes on any other; then {@code waits} tests of {@code seconds} each.
     */
    private void testsFailingWhereFirstRun(boolean everywhere, int waits, int seconds) throws IOException {
        Files.createDirectories(workspace.resolve("t"));
        Files.writeString(workspace.resolve("t/test_00.py"), "import os\n"
                + "here = os.environ['SYSTEM_TESTS_ENVIRONMENT']\nprint('ran on', here)\n"
                + "mark = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'first.environment')\n"
                + "if not os.path.exists(mark):\n    open(mark, 'w').write(here)\n"
                + "assert " + (everywhere ? "False" : "open(mark).read() != here")
                + ", 'the lamp did not light on environment ' + here\n");
        for (int i = 1; i <= waits; i++) {
            Files.writeString(workspace.resolve(String.format("t/test_%02d.py", i)),
                    "import time\ntime.sleep(" + seconds + ")\n");
        }
    }

    /** The environment test_00 first ran on, as it wrote it. */
    private String firstEnvironment() throws IOException {
        return Files.readString(workspace.resolve("t/first.environment"));
    }

    private static String other(String environment) {
        return environment.equals("1") ? "2" : "1";
    }

    private static org.w3c.dom.Element onlyTestCaseOf(Path junit, String name) throws Exception {
        org.w3c.dom.NodeList cases = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(junit.toFile()).getElementsByTagName("testcase");
        List<org.w3c.dom.Element> found = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            org.w3c.dom.Element testCase = (org.w3c.dom.Element) cases.item(i);
            if (testCase.getAttribute("name").equals(name)) {
                found.add(testCase);
            }
        }
        assertThat(found).as("one testcase of %s", name).hasSize(1);
        return found.get(0);
    }

    private static List<String> childNames(org.w3c.dom.Element element) {
        List<String> names = new ArrayList<>();
        for (org.w3c.dom.Node node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof org.w3c.dom.Element child) {
                names.add(child.getTagName());
            }
        }
        return names;
    }

    @Test
    void a_failed_test_reruns_on_another_environment_and_is_flaky_when_it_passes_there() throws Exception {
        testsFailingWhereFirstRun(false, 3, 1);
        Lab lab = new Lab(RunSettings.of(List.of("t"), "", RunnerTest.PYTHON, 1, "results.xml", null, null)
                .withRetries(1, null));

        QueueRun queue = runToEnd(new QueueRun(List.of("1", "2"), System.currentTimeMillis()), lab,
                BuildRun.RUNNER_GONE_AFTER, q -> false, q -> { });

        assertThat(finished.summary().counts()).as("log: %s", log).containsEntry(TestStatus.PASSED, 4);
        assertThat(finished.summary().flaky()).isEqualTo(1);
        String failedOn = firstEnvironment();
        assertThat(queue.queue().orElseThrow().attemptPlacements()).as("first where it failed, then on the other")
                .containsEntry(0, List.of(failedOn, other(failedOn)));
        long runId = finished.runId();
        service.reader().read(runId, run -> {
            assertThat(run.status(0)).isEqualTo(TestStatus.PASSED);
            assertThat(run.isFlaky(0)).isTrue();
            assertThat(run.attempts(0)).singleElement().satisfies(attempt -> {
                assertThat(attempt.status()).isEqualTo(TestStatus.FAILED);
                assertThat(attempt.reason()).contains("the lamp did not light on environment " + failedOn);
            });
            return null;
        });
        assertThat(store.log(runId, 0, 1).orElseThrow()).as("the first attempt's output, from its environment's runner")
                .contains("ran on " + failedOn).contains("AssertionError");
        assertThat(store.log(runId, 0).orElseThrow()).isEqualTo("ran on " + other(failedOn) + "\n");
        Path junit = workspace.resolve("results.xml");
        org.w3c.dom.Element testCase = onlyTestCaseOf(junit, "test_00.py");
        assertThat(childNames(testCase)).as("as the runner writes a flaky test on one machine")
                .containsExactly("flakyFailure", "system-out");
        org.w3c.dom.Element flaky = (org.w3c.dom.Element) testCase.getElementsByTagName("flakyFailure").item(0);
        assertThat(flaky.getAttribute("message"))
                .startsWith("AssertionError: the lamp did not light on environment " + failedOn);
        assertThat(flaky.getAttribute("type")).isEqualTo("failed");
        assertThat(childNames(flaky)).containsExactly("stackTrace", "system-out");
        assertThat(flaky.getElementsByTagName("system-out").item(0).getTextContent()).contains("ran on " + failedOn);
        assertThat(testCase.hasAttribute("rerun-attempt")).isFalse();
        String xml = Files.readString(junit);
        assertThat(xml.split("<testcase ", -1)).as("every test once").hasSize(5);
        assertThat(xml).doesNotContain("failures=\"1\"").doesNotContain("<failure");
    }

    @Test
    void a_test_that_fails_on_every_environment_ends_failed_with_every_attempt_kept() throws Exception {
        testsFailingWhereFirstRun(true, 3, 1);
        Lab lab = new Lab(RunSettings.of(List.of("t"), "", RunnerTest.PYTHON, 1, "results.xml", null, null)
                .withRetries(2, null));

        QueueRun queue = runToEnd(new QueueRun(List.of("1", "2"), System.currentTimeMillis()), lab,
                BuildRun.RUNNER_GONE_AFTER, q -> q.queue().isPresent()
                        && q.queue().get().attemptPlacements().getOrDefault(0, List.of()).size() == 2, q -> { });

        assertThat(finished.summary().counts()).as("log: %s", log).containsEntry(TestStatus.PASSED, 3)
                .containsEntry(TestStatus.FAILED, 1);
        assertThat(finished.summary().flaky()).isZero();
        String first = firstEnvironment();
        assertThat(queue.queue().orElseThrow().attemptPlacements().get(0))
                .as("each retry on the other environment, across a controller restart")
                .containsExactly(first, other(first), first);
        service.reader().read(finished.runId(), run -> {
            assertThat(run.attempts(0)).extracting(a -> a.reason().lines().findFirst().orElseThrow()).containsExactly(
                    "AssertionError: the lamp did not light on environment " + first,
                    "AssertionError: the lamp did not light on environment " + other(first));
            assertThat(run.reason(0)).contains("the lamp did not light on environment " + first);
            return null;
        });
        org.w3c.dom.Element testCase = onlyTestCaseOf(workspace.resolve("results.xml"), "test_00.py");
        assertThat(childNames(testCase)).containsExactly("rerunFailure", "rerunFailure", "failure", "system-out");
        assertThat(Files.readString(workspace.resolve("results.xml"))).containsOnlyOnce("failures=\"1\"");
    }

    @Test
    void a_retry_held_by_a_share_that_is_lost_before_starting_it_goes_back_and_another_runs_it() throws Exception {
        testsFailingWhereFirstRun(false, 8, 3); // a queue long enough that the other share holds the retry ahead
        Lab lab = new Lab(RunSettings.of(List.of("t"), "", RunnerTest.PYTHON, 1, "results.xml", null, null)
                .withRetries(1, null));
        String[] killed = {null};

        QueueRun queue = runToEnd(new QueueRun(List.of("1", "2"), System.currentTimeMillis()), lab,
                Duration.ofSeconds(8), q -> false, q -> {
                    if (killed[0] != null || q.queue().isEmpty() || !awaitingRetry(q.runId().get(), 0)) {
                        return;
                    }
                    for (QueueRun.Share share : q.shares()) {
                        List<SharedQueue.Assignment> held = q.queue().get().outstanding(share.environment());
                        // Held behind the 3 s test it runs, which has 1 s or more to go: it cannot have started.
                        boolean holdsTheRetryBehind = held.size() > 1 && !q.queue().get().unit(held.get(0).unit())
                                .isRetry() && held.stream().anyMatch(a -> q.queue().get().unit(a.unit()).isRetry())
                                && runningForLessThan(q.runId().get(), q.queue().get().unit(held.get(0).unit())
                                        .first(), Duration.ofSeconds(2));
                        if (holdsTheRetryBehind && agent.killAll(BuildRun.RUN_COOKIE,
                                lab.launched.get(share.environment()).id()) > 0) {
                            killed[0] = share.environment(); // its machine goes down before it starts the retry
                        }
                    }
                });

        assertThat(killed[0]).as("log: %s", log).isNotNull();
        String failedOn = firstEnvironment();
        assertThat(killed[0]).as("the retry was handed to the other environment").isEqualTo(other(failedOn));
        assertThat(queue.queue().orElseThrow().attemptPlacements().get(0))
                .as("given back, the environment left retried it: its only chance").containsExactly(failedOn, failedOn);
        service.reader().read(finished.runId(), run -> {
            assertThat(run.status(0)).as("its second attempt's outcome, not the lost share's error")
                    .isEqualTo(TestStatus.FAILED);
            assertThat(run.attempts(0)).hasSize(1);
            assertThat(run.reason(0)).contains("the lamp did not light on environment " + failedOn);
            return null;
        });
    }

    /** Whether the test runs, and started less than this long ago (by the store's receipt of its START). */
    private boolean runningForLessThan(long runId, int test, Duration limit) {
        return service.reader().read(runId, run -> run.status(test) == TestStatus.RUNNING && run.receivedStart(test)
                != null && Duration.between(run.receivedStart(test), java.time.Instant.now()).compareTo(limit) < 0)
                .orElse(false);
    }

    private boolean awaitingRetry(long runId, int test) {
        return service.reader().read(runId, run -> run.isAwaitingRetry(test)).orElse(false);
    }

    @Test
    void without_retries_a_failed_test_in_a_shared_queue_runs_once() throws Exception {
        testsFailingWhereFirstRun(true, 3, 1);
        Lab lab = new Lab(RunSettings.of(List.of("t"), "", RunnerTest.PYTHON, 1, "results.xml", null, null));

        QueueRun queue = runToEnd(new QueueRun(List.of("1", "2"), System.currentTimeMillis()), lab,
                BuildRun.RUNNER_GONE_AFTER, q -> false, q -> { });

        assertThat(finished.summary().counts()).containsEntry(TestStatus.PASSED, 3).containsEntry(TestStatus.FAILED, 1);
        assertThat(queue.queue().orElseThrow().attemptPlacements().get(0)).hasSize(1);
        assertThat(service.reader().read(finished.runId(), run -> run.attempts(0))).hasValue(List.of());
        org.w3c.dom.Element testCase = onlyTestCaseOf(workspace.resolve("results.xml"), "test_00.py");
        assertThat(childNames(testCase)).containsExactly("failure", "system-out");
    }

    private int running(long runId) {
        return service.reader().read(runId, (TestRun run) -> {
            int running = 0;
            for (int i = 0; i < run.testCount(); i++) {
                running += run.status(i) == TestStatus.RUNNING ? 1 : 0;
            }
            return running;
        }).orElse(0);
    }
}
