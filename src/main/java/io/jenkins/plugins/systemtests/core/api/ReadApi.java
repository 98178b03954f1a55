package io.jenkins.plugins.systemtests.core.api;

import io.jenkins.plugins.systemtests.core.ingest.RunReader;
import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.ElidedOutput;
import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import io.jenkins.plugins.systemtests.core.store.RunResults;
import java.util.function.Predicate;

/**
 * The GET side of {@code /system-tests/api/v1/}: machines, their runs, a run's tree and one test with its script.
 * Paths arrive as decoded segments, e.g. {@code ["machines", "machine #1", "runs"]}.
 */
public final class ReadApi {
    private final RunReader service;
    private final JobHistory history;

    public ReadApi(RunReader service) {
        this(service, null);
    }

    /** @param history a job's history, or null when there is none to read (no store at hand) */
    public ReadApi(RunReader service, JobHistory history) {
        this.service = service;
        this.history = history;
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

    private ApiResponse route(List<String> path, Map<String, String> query, Predicate<RunSummary> visible,
            BuildResults results) throws RejectedException {
        int n = path.size();
        if (n >= 2 && path.get(0).equals("runs")) {
            return run(path, query, visible);
        }
        // Only the lists need every run; a run's own paths (polled by live pages) look at that run alone.
        List<RunSummary> summaries = service.summaries().stream().filter(visible).toList();
        if (n >= 1 && path.get(0).equals("machines")) {
            if (n == 1) {
                return ApiResponse.of(200, machines(summaries, query.get("q"), Page.Request.from(query))
                        .map(machine -> new Machine(machine.name(), machine.lastRun().inBuild(results))));
            }
            String machine = path.get(1);
            if (n == 3 && path.get(2).equals("runs")) {
                return ApiResponse.of(200, runsOf(summaries, machine, Page.Request.from(query))
                        .map(run -> run.inBuild(results)));
            }
            if (n == 3 && path.get(2).equals("last")) {
                long id = summaries.stream().filter(s -> s.machineName().equals(machine))
                        .mapToLong(RunSummary::id).max().orElseThrow(() -> unknownMachine(machine));
                return ApiResponse.of(200, service.read(id, RunViews::tree).orElseThrow(() -> unknownMachine(machine)));
            }
        }
        if (history != null && n >= 1 && path.get(0).equals("history")) {
            String job = query.get("job");
            if (job == null || job.isBlank()) {
                throw new RejectedException(ErrorCode.INVALID_REQUEST, "job: missing (a job's full name)");
            }
            List<RunSummary> jobRuns = history.runsOf(summaries, job);
            if (n == 1) {
                return ApiResponse.of(200, history.trend(jobRuns, Page.Request.from(query)).map(run -> run.inBuild(results)));
            }
            if (n == 2 && path.get(1).equals("test")) {
                return ApiResponse.of(200, history.testHistory(jobRuns, query.get("file_path"), query.get("file_name"),
                        Page.Request.from(query)));
            }
        }
        if (n == 1 && path.get(0).equals("runs")) {
            return ApiResponse.of(200, RunsQuery.run(summaries, query, results));
        }
        throw notFound(path);
    }

    private ApiResponse run(List<String> path, Map<String, String> query, Predicate<RunSummary> visible)
            throws RejectedException {
        int n = path.size();
        long id = runId(path.get(1));
        if (service.summary(id).filter(visible).isEmpty()) {
            throw noRun(id);
        }
        if (n == 2) {
            return ApiResponse.of(200, service.read(id, RunViews::tree).orElseThrow(() -> noRun(id)));
        }
        if (n == 3 && path.get(2).equals("delta")) {
            return delta(id, query);
        }
        if (n == 5 && path.get(2).equals("tests") && path.get(4).equals("log")) {
            int index = number(path.get(3), "test");
            if (service.summary(id).map(run -> index >= run.testCount()).orElse(true)) {
                throw new RejectedException(ErrorCode.NOT_FOUND, "Run " + id + " has no test " + index);
            }
            // A test without kept output (a machine's own run, or one that never started) is no error for the page.
            Optional<String> log = service.log(id, index);
            return ApiResponse.of(200, new TestLog(id, index, log.isPresent(), log.orElse(""),
                    log.map(ElidedOutput::isElided).orElse(false)));
        }
        if (n == 4 && path.get(2).equals("tests")) {
            int index = number(path.get(3), "test");
            Optional<RunViews.TestWithScript> test = service.read(id,
                    run -> index < run.testCount() ? RunViews.testWithScript(run, index) : null);
            return ApiResponse.of(200, test.orElseThrow(() -> new RejectedException(ErrorCode.NOT_FOUND,
                    "Run " + id + " has no test " + index)));
        }
        throw notFound(path);
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

    /** A test's kept output; {@code kept: false} and no text when none was kept. */
    public record TestLog(long runId, int index, boolean kept, String log, boolean elided) {
    }

    /** A machine that has reported, with its latest run. */
    public record Machine(String name, RunViews.Summary lastRun) {
    }

    /** Machines by name, those whose name contains {@code text} (any case) when it is given, a page of them. */
    private Page<Machine> machines(List<RunSummary> summaries, String text, Page.Request request) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        Map<String, RunSummary> lastRunOfMachine = new TreeMap<>();
        for (RunSummary summary : summaries) {
            if (!wanted.isEmpty() && !summary.machineName().toLowerCase(Locale.ROOT).contains(wanted)) {
                continue;
            }
            lastRunOfMachine.merge(summary.machineName(), summary, (a, b) -> a.id() > b.id() ? a : b);
        }
        List<Machine> machines = new ArrayList<>();
        lastRunOfMachine.forEach((name, last) -> machines.add(new Machine(name, RunViews.summary(last))));
        return request.of(machines);
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
