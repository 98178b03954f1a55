package io.jenkins.plugins.systemtests.core.api;

import io.jenkins.plugins.systemtests.core.model.RunSummary;
import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * All runs across jobs and machines, filtered, sorted and paginated on the server: {@code outcome}, {@code user},
 * {@code environment}, {@code machine} (exact), {@code q} (text found in machine, user, environment or build),
 * {@code sort} (a column, {@code -column} for descending; newest first by default), {@code page}, {@code size}.
 */
public final class RunsQuery {
    public static final List<String> FILTERS = List.of("outcome", "user", "environment", "machine", "q");

    private static final Map<String, Comparator<RunSummary>> COLUMNS = Map.of(
            "start", Comparator.comparing(RunSummary::createdAt).thenComparingLong(RunSummary::id),
            "outcome", Comparator.comparing(RunSummary::outcome), // replaced per query: see run()
            "user", Comparator.comparing(s -> Objects.toString(s.startedBy(), "")),
            "environment", Comparator.comparing(s -> Objects.toString(s.environment(), "")),
            "machine", Comparator.comparing(RunSummary::machineName),
            "tests", Comparator.comparingInt(RunSummary::testCount),
            "duration", Comparator.comparing(s -> Duration.between(s.createdAt(), s.lastActivity())),
            "id", Comparator.comparingLong(RunSummary::id));

    private RunsQuery() {
    }

    public static Page<RunViews.Summary> run(List<RunSummary> runs, Map<String, String> query)
            throws RejectedException {
        return run(runs, query, BuildResults.NONE);
    }

    /**
     * As above, the outcome (filter and sort) as the lists show it: a failed run of an UNSTABLE build is
     * {@code unstable}. Only failed runs of builds have their build looked up, and only when the query filters or
     * sorts by outcome.
     */
    public static Page<RunViews.Summary> run(List<RunSummary> runs, Map<String, String> query, BuildResults results)
            throws RejectedException {
        Function<RunSummary, String> outcome = run -> RunViews.outcomeInBuild(run, results);
        Predicate<RunSummary> filter = exact(query, "outcome", outcome)
                .and(exact(query, "user", RunSummary::startedBy))
                .and(exact(query, "environment", RunSummary::environment))
                .and(exact(query, "machine", RunSummary::machineName))
                .and(text(query.get("q")));
        List<RunSummary> rows = runs.stream().filter(filter).sorted(order(query.get("sort"), outcome)).toList();
        // only the page's rows are built
        return Page.Request.from(query).of(rows).map(row -> RunViews.summary(row).inBuild(results));
    }

    private static Predicate<RunSummary> exact(Map<String, String> query, String name,
            Function<RunSummary, String> field) {
        String wanted = query.get(name);
        if (wanted == null || wanted.isEmpty()) {
            return run -> true;
        }
        return run -> wanted.equals(field.apply(run));
    }

    private static Predicate<RunSummary> text(String q) {
        if (q == null || q.isBlank()) {
            return run -> true;
        }
        String needle = q.trim().toLowerCase(Locale.ROOT);
        return run -> java.util.stream.Stream.of(run.machineName(), run.startedBy(), run.environment(), run.buildUrl())
                .filter(Objects::nonNull).anyMatch(v -> v.toLowerCase(Locale.ROOT).contains(needle));
    }

    private static Comparator<RunSummary> order(String sort, Function<RunSummary, String> outcome)
            throws RejectedException {
        if (sort == null || sort.isEmpty()) {
            return COLUMNS.get("start").reversed();
        }
        boolean descending = sort.startsWith("-");
        String column = descending ? sort.substring(1) : sort;
        Comparator<RunSummary> comparator = column.equals("outcome") ? Comparator.comparing(outcome) : COLUMNS.get(column);
        if (comparator == null) {
            throw new RejectedException(ErrorCode.INVALID_REQUEST, "sort: '" + sort + "' is not a column; use one of "
                    + String.join(", ", new java.util.TreeSet<>(COLUMNS.keySet())) + ", with - for descending");
        }
        comparator = comparator.thenComparingLong(RunSummary::id);
        return descending ? comparator.reversed() : comparator;
    }
}
