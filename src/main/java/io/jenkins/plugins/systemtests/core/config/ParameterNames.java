package io.jenkins.plugins.systemtests.core.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Refuses parameters a step does not know, naming the closest one it does. Pipeline only warns about an unknown key
 * and drops it, so a misspelt {@code enviroment} would run the tests without holding the environment.
 */
public final class ParameterNames {
    /** Names further than this (and not a prefix) are not offered: "did you mean" would only puzzle. */
    private static final int MAX_DISTANCE = 3;

    private ParameterNames() {
    }

    /**
     * @param given the names a call used
     * @param valid the names the step takes, in the order to list them
     * @return one sentence per unknown name ({@code Unknown parameter 'enviroment'; did you mean 'environment'?}),
     *         or empty when every name is valid
     */
    public static Optional<String> unknown(Collection<String> given, Collection<String> valid) {
        List<String> sentences = new ArrayList<>();
        for (String name : given) {
            if (!valid.contains(name)) {
                sentences.add(closest(name, valid)
                        .map(near -> "Unknown parameter '" + name + "'; did you mean '" + near + "'?")
                        .orElse("Unknown parameter '" + name + "'; the parameters are " + String.join(", ", valid)
                                + "."));
            }
        }
        return sentences.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", sentences));
    }

    /**
     * The valid name nearest to {@code name} by edit distance (case ignored, a swap of two neighbours counting as one
     * edit), or one it abbreviates, typos and all ({@code waitTimout} for {@code waitTimeoutMinutes}); the first in
     * {@code valid}'s order on a tie; empty when none is near.
     */
    public static Optional<String> closest(String name, Collection<String> valid) {
        String wanted = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestNearness = Integer.MAX_VALUE;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : valid) {
            String lower = candidate.toLowerCase(Locale.ROOT);
            int[] lastRow = distances(wanted, lower);
            int distance = lastRow[lower.length()];
            int toPrefix = Arrays.stream(lastRow).min().orElseThrow();
            boolean near = distance <= allowedEdits(lower)
                    || (wanted.length() >= 3 && toPrefix <= allowedEdits(wanted));
            int nearness = Math.min(distance, toPrefix);
            if (near && (nearness < bestNearness || (nearness == bestNearness && distance < bestDistance))) {
                best = candidate;
                bestNearness = nearness;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** A third of the letters, at least one and at most {@value #MAX_DISTANCE}. */
    private static int allowedEdits(String name) {
        return Math.min(MAX_DISTANCE, Math.max(1, name.length() / 3));
    }

    /** Edits (insert, delete, replace, swap of neighbours) that turn {@code a} into {@code b}. */
    static int distance(String a, String b) {
        return distances(a, b)[b.length()];
    }

    /** The edits that turn {@code a} into each prefix of {@code b}, by the prefix's length (optimal string alignment). */
    private static int[] distances(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int replace = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + replace);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()];
    }
}
