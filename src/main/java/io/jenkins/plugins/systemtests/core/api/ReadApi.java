package io.jenkins.plugins.systemtests.core.api;

import io.jenkins.plugins.systemtests.core.ingest.RunReader;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.model.TestId;
import io.jenkins.plugins.systemtests.core.protocol.ElidedOutput;
import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import io.jenkins.plugins.systemtests.core.store.RunResults;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The GET side of {@code /system-tests/api/v1/}: machines, their runs, a run's tree and one test with its script.
 * Paths arrive as decoded segments, e.g. {@code ["machines", "machine #1", "runs"]}, and are answered by the route
 * whose template they fit ({@link #paths()}: the paths of {@code docs/openapi.yaml}).
 */
public final class ReadApi {
    /**
     * An ongoing run that has not reported for this long is "silent" in the machines list (the dashboard's script
     * says so from the same minute; Jenkins ends it only after the silence timeout).
     */
    public static final Duration SILENT_AFTER = Duration.ofMinutes(1);
    /** What the machines list filters on ({@code outcome}): the state its dashboard shows for each machine. */
    public static final List<String> MACHINE_OUTCOMES = List.of("running", "silent", "success", "failed", "unstable",
            "cancelled", "unknown");

    private final RunReader service;
    private final JobHistory history;
    private final Clock clock;

    public ReadApi(RunReader service) {
        this(service, null);
    }

    /** @param history a job's history, or null when there is none to read (no store at hand) */
    public ReadApi(RunReader service, JobHistory history) {
        this(service, history, Clock.systemUTC());
    }

    /** @param clock the clock that tells which runs are silent */
    public ReadApi(RunReader service, JobHistory history, Clock clock) {
        this.service = service;
        this.history = history;
        this.clock = clock;
    }

    /**
     * Answers a GET for a reader who may see only some runs (runs attached to a build are visible to those who may
     * read that build's job); the others are answered as if they did not exist.
     */
    public ApiResponse get(List<String> segments, Map<String, String> query, Predicate<RunSummary> visible) {
        return get(segments, query, visible, BuildResults.NONE);
    }

    /** As above, lists also giving each run's build result and wording its outcome as Jenkins shows the build. */
    public ApiResponse get(List<String> segments, Map<String, String> query, Predicate<RunSummary> visible,
            BuildResults results) {
        try {
            return route(segments, query, visible, results);
        } catch (RejectedException e) {
            return ApiResponse.error(e);
        }
    }

    public ApiResponse get(List<String> segments, Map<String, String> query) {
        return get(segments, query, summary -> true);
    }

    /**
     * The read routes below {@code /api/v1}, one per GET path of {@code docs/openapi.yaml} and written as it writes
     * them, so that a documented path is found here by its text ({@code ReadRoutesTest} holds the two equal).
     */
    private static final List<Route> ROUTES = List.of(
            new Route("/machines", ReadApi::machines),
            new Route("/machines/{name}/runs", ReadApi::runsOfMachine),
            new Route("/machines/{name}/last", ReadApi::lastRunOfMachine),
            new Route("/runs", ReadApi::runs),
            new Route("/runs/{id}", ReadApi::run),
            new Route("/runs/{id}/delta", ReadApi::delta),
            new Route("/runs/{id}/tests/{n}", ReadApi::test),
            new Route("/runs/{id}/tests/{n}/log", ReadApi::testLog),
            new Route("/history", ReadApi::trend),
            new Route("/history/test", ReadApi::testHistory));

    /** The read paths this answers, as {@code docs/openapi.yaml} writes them below {@code /api/v1}. */
    public static List<String> paths() {
        return ROUTES.stream().map(Route::path).toList();
    }

    private ApiResponse route(List<String> path, Map<String, String> query, Predicate<RunSummary> visible,
            BuildResults results) throws RejectedException {
        for (Route route : ROUTES) {
            Optional<Map<String, String>> parameters = route.match(path);
            if (parameters.isPresent()) {
                return route.handler().answer(this, new Call(path, parameters.get(), query, visible, results));
            }
        }
        throw notFound(path);
    }

    /** What answers one route. */
    @FunctionalInterface
    private interface Handler {
        ApiResponse answer(ReadApi api, Call call) throws RejectedException;
    }

    /** A path template ({@code /runs/{id}/delta}: {@code {id}} stands for any one segment) and what answers it. */
    private record Route(String path, Handler handler) {
        /** The template's parameters by name when the path has its shape. */
        Optional<Map<String, String>> match(List<String> segments) {
            String[] template = path.substring(1).split("/");
            if (template.length != segments.size()) {
                return Optional.empty();
            }
            Map<String, String> parameters = new TreeMap<>();
            for (int i = 0; i < template.length; i++) {
                if (template[i].startsWith("{") && template[i].endsWith("}")) {
                    parameters.put(template[i].substring(1, template[i].length() - 1), segments.get(i));
                } else if (!template[i].equals(segments.get(i))) {
                    return Optional.empty();
                }
            }
            return Optional.of(parameters);
        }
    }

    /** One GET: its path, the route's parameters, the query, and what the reader may see. */
    private record Call(List<String> path, Map<String, String> parameters, Map<String, String> query,
            Predicate<RunSummary> visible, BuildResults results) {
        String parameter(String name) {
            return parameters.get(name);
        }

        Page.Request page() throws RejectedException {
            return Page.Request.from(query);
        }
    }

    /** The runs the reader may see; only the lists need them all (a run's own paths look at that run alone). */
    private List<RunSummary> visibleSummaries(Call call) {
        return service.summaries().stream().filter(call.visible()).toList();
    }

    /** The run of a {@code /runs/{id}/...} path, when the reader may see it. */
    private long visibleRun(Call call) throws RejectedException {
        long id = runId(call.parameter("id"));
        if (service.summary(id).filter(call.visible()).isEmpty()) {
            throw noRun(id);
        }
        return id;
    }

    private ApiResponse machines(Call call) throws RejectedException {
        return ApiResponse.of(200, machines(visibleSummaries(call), call.query().get("q"), call.query().get("outcome"),
                call.results(), call.page()));
    }

    private ApiResponse runsOfMachine(Call call) throws RejectedException {
        return ApiResponse.of(200, runsOf(visibleSummaries(call), call.parameter("name"), call.page())
                .map(run -> run.inBuild(call.results())));
    }

    private ApiResponse lastRunOfMachine(Call call) throws RejectedException {
        String machine = call.parameter("name");
        long id = visibleSummaries(call).stream().filter(s -> s.machineName().equals(machine))
                .mapToLong(RunSummary::id).max().orElseThrow(() -> unknownMachine(machine));
        return ApiResponse.of(200, service.read(id, RunViews::tree).orElseThrow(() -> unknownMachine(machine)));
    }

    private ApiResponse runs(Call call) throws RejectedException {
        return ApiResponse.of(200, RunsQuery.run(visibleSummaries(call), call.query(), call.results()));
    }

    private ApiResponse run(Call call) throws RejectedException {
        long id = visibleRun(call);
        return ApiResponse.of(200, service.read(id, RunViews::tree).orElseThrow(() -> noRun(id)));
    }

    private ApiResponse delta(Call call) throws RejectedException {
        return delta(visibleRun(call), call.query());
    }

    private ApiResponse test(Call call) throws RejectedException {
        long id = visibleRun(call);
        int index = number(call.parameter("n"), "test");
        Optional<RunViews.TestWithScript> test = service.read(id,
                run -> index < run.testCount() ? RunViews.testWithScript(run, index) : null);
        return ApiResponse.of(200, test.orElseThrow(() -> new RejectedException(ErrorCode.NOT_FOUND,
                "Run " + id + " has no test " + index)));
    }

    private ApiResponse testLog(Call call) throws RejectedException {
        long id = visibleRun(call);
        int index = number(call.parameter("n"), "test");
        if (service.summary(id).map(run -> index >= run.testCount()).orElse(true)) {
            throw new RejectedException(ErrorCode.NOT_FOUND, "Run " + id + " has no test " + index);
        }
        // A retried test's attempts: ?attempt=k (from 1) names one; its last attempt's output is the test's own.
        int earlier = service.read(id, run -> run.attempts(index).size()).orElse(0);
        String asked = call.query().get("attempt");
        int attempt = asked == null || asked.isEmpty() ? earlier + 1 : number(asked, "attempt");
        if (attempt < 1 || attempt > earlier + 1) {
            throw new RejectedException(ErrorCode.NOT_FOUND, "Test " + index + " of run " + id + " has no attempt "
                    + asked + " (it ran " + (earlier + 1) + (earlier == 0 ? " time)" : " times)"));
        }
        // A test without kept output (a machine's own run, or one that never started) is no error for the page.
        Optional<String> log = service.log(id, index, attempt == earlier + 1 ? 0 : attempt);
        return ApiResponse.of(200, new TestLog(id, index, log.isPresent(), log.orElse(""),
                log.map(ElidedOutput::isElided).orElse(false), earlier == 0 ? null : attempt));
    }

    /** A job's runs, newest first, a page at a time. */
    private ApiResponse trend(Call call) throws RejectedException {
        return ApiResponse.of(200, history.trend(jobRuns(call), call.page()).map(run -> run.inBuild(call.results())));
    }

    /**
     * One test's history across a job's runs. The job's history names a test relative to its run's folder
     * ({@link TestId}): with {@code run}, {@code file_path} is the test's folder as that run reported it; without, it is
     * already relative to the run's folder (empty for a test in it).
     */
    private ApiResponse testHistory(Call call) throws RejectedException {
        List<RunSummary> jobRuns = jobRuns(call);
        String fileName = call.query().get("file_name");
        if (fileName == null || fileName.isBlank()) {
            throw new RejectedException(ErrorCode.INVALID_REQUEST, "file_name: missing");
        }
        String runFolder = "";
        String run = call.query().get("run");
        if (run != null && !run.isEmpty()) {
            long id = queriedRun(run);
            if (service.summary(id).filter(call.visible()).isEmpty()) {
                throw noRun(id);
            }
            runFolder = service.read(id, r -> TestId.runFolder(r.plan())).orElseThrow(() -> noRun(id));
        }
        return ApiResponse.of(200, history.testHistory(jobRuns,
                TestId.of(runFolder, call.query().get("file_path"), fileName), call.page()));
    }

    private static long queriedRun(String text) throws RejectedException {
        try {
            long id = Long.parseLong(text);
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new RejectedException(ErrorCode.INVALID_REQUEST, "run: '" + text + "' is not a run number");
    }

    /** The visible runs of the job the query names; no history without a store to read it from. */
    private List<RunSummary> jobRuns(Call call) throws RejectedException {
        if (history == null) {
            throw notFound(call.path());
        }
        String job = call.query().get("job");
        if (job == null || job.isBlank()) {
            throw new RejectedException(ErrorCode.INVALID_REQUEST, "job: missing (a job's full name)");
        }
        return history.runsOf(visibleSummaries(call), job);
    }

    private static RejectedException notFound(List<String> path) {
        return new RejectedException(ErrorCode.NOT_FOUND, "No such resource: /" + String.join("/", path));
    }

    /** The header value a page sends back to learn whether a finished run is unchanged. */
    public static final String IF_NONE_MATCH = "If-None-Match";

    /**
     * Live updates: only what changed since the page's version; 204 (no body) when nothing did. A finished run never
     * changes again, so its answer may be cached for good and is validated by its ETag.
     */
    private ApiResponse delta(long id, Map<String, String> query) throws RejectedException {
        long since = longParameter(query, "since");
        record Snapshot(long version, boolean complete, Object body) {
        }
        int[] expected = since == 0 ? expectedDurations(id) : null;
        Snapshot snapshot = service.read(id, run -> new Snapshot(run.version(), !run.isOngoing(),
                run.version() > since ? RunViews.delta(run, since, run.isOngoing() ? expected : null) : null))
                .orElseThrow(() -> noRun(id));
        String etag = "\"run-" + id + "-" + snapshot.version() + "-" + since + "\"";
        if (snapshot.body() == null) {
            return new ApiResponse(204, null, Map.of("Cache-Control", "no-store"));
        }
        if (snapshot.complete() && etag.equals(query.get(IF_NONE_MATCH))) {
            return new ApiResponse(304, null, Map.of("ETag", etag));
        }
        ApiResponse answer = ApiResponse.of(200, snapshot.body());
        return snapshot.complete()
                ? answer.withHeader("Cache-Control", "private, max-age=31536000, immutable").withHeader("ETag", etag)
                : answer.withHeader("Cache-Control", "no-store");
    }

    /**
     * Each test's expected duration from an earlier run of the same plan, for the page's time left; null when there
     * is none. The plan's identity is taken under the run's lock; earlier runs' files are read outside it.
     */
    private int[] expectedDurations(long id) {
        if (history == null) {
            return null;
        }
        return service.read(id, run -> List.of(RunResults.hash(RunResults.keysOf(run)), run.machineName()))
                .flatMap(plan -> history.expectedDurations(plan.get(0), plan.get(1), id, service.summaries()))
                .orElse(null);
    }

    private static long longParameter(Map<String, String> query, String name) throws RejectedException {
        String text = query.get(name);
        if (text == null || text.isEmpty()) {
            return 0;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new RejectedException(ErrorCode.INVALID_REQUEST, name + ": '" + text + "' is not a version (0 or more)");
    }

    /**
     * A test's kept output; {@code kept: false} and no text when none was kept. For a retried test, {@code attempt}
     * says whose output it is (its last attempt's unless {@code ?attempt=k} asked for another).
     */
    public record TestLog(long runId, int index, boolean kept, String log, boolean elided,
            @com.fasterxml.jackson.annotation.JsonInclude(
                    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL) Integer attempt) {
    }

    /** A machine that has reported, with its latest run. */
    public record Machine(String name, RunViews.Summary lastRun) {
    }

    /**
     * Machines in the natural order of their names ({@code machine-2} before {@code machine-10}): those whose name
     * contains {@code text} (any case) and whose last run is in {@code outcome} (as the dashboard shows it) when they
     * are given, a page of them. Only the page's summaries are built.
     */
    private Page<Machine> machines(List<RunSummary> summaries, String text, String outcome, BuildResults results,
            Page.Request request) throws RejectedException {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Map<String, RunSummary> lastRunOfMachine = new TreeMap<>(NaturalOrder.INSTANCE);
        for (RunSummary summary : summaries) {
            if (!wanted.isEmpty() && !summary.machineName().toLowerCase(Locale.ROOT).contains(wanted)) {
                continue;
            }
            lastRunOfMachine.merge(summary.machineName(), summary, (a, b) -> a.id() > b.id() ? a : b);
        }
        Predicate<RunSummary> inOutcome = machineOutcome(outcome, results);
        List<RunSummary> lastRuns = lastRunOfMachine.values().stream().filter(inOutcome).toList();
        return request.of(lastRuns).map(last -> new Machine(last.machineName(), RunViews.summary(last).inBuild(results)));
    }

    /**
     * A machine's state as the dashboard shows it: {@code silent} when its ongoing run has not reported for
     * {@link #SILENT_AFTER}, {@code running} when it has, else its last run's outcome as Jenkins shows the build.
     */
    private Predicate<RunSummary> machineOutcome(String outcome, BuildResults results) throws RejectedException {
        if (outcome == null || outcome.isEmpty()) {
            return run -> true;
        }
        if (!MACHINE_OUTCOMES.contains(outcome)) {
            throw new RejectedException(ErrorCode.INVALID_REQUEST, "outcome: '" + outcome + "' is not one of "
                    + String.join(", ", MACHINE_OUTCOMES));
        }
        Instant silentSince = clock.instant().minus(SILENT_AFTER);
        return run -> {
            if (run.ongoing()) {
                boolean silent = !run.lastActivity().isAfter(silentSince);
                return outcome.equals(silent ? "silent" : "running");
            }
            return outcome.equals(RunViews.outcomeInBuild(run, results));
        };
    }

    private Page<RunViews.Summary> runsOf(List<RunSummary> summaries, String machine, Page.Request request)
            throws RejectedException {
        List<RunSummary> runs = summaries.stream()
                .filter(s -> s.machineName().equals(machine))
                .sorted(Comparator.comparingLong(RunSummary::id).reversed())
                .toList();
        if (runs.isEmpty()) {
            throw unknownMachine(machine);
        }
        return request.of(runs.stream().map(RunViews::summary).toList());
    }

    private static long runId(String text) throws RejectedException {
        return number(text, "run");
    }

    private static int number(String text, String what) throws RejectedException {
        try {
            int value = Integer.parseInt(text);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new RejectedException(ErrorCode.NOT_FOUND, "'" + text + "' is not a " + what + " number");
    }

    private static RejectedException unknownMachine(String machine) {
        return new RejectedException(ErrorCode.UNKNOWN_MACHINE, "No machine '" + machine + "' has reported");
    }

    private static RejectedException noRun(long id) {
        return new RejectedException(ErrorCode.NOT_FOUND, "There is no run " + id);
    }
}
