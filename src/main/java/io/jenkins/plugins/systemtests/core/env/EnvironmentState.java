package io.jenkins.plugins.systemtests.core.env;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A test environment as a form offers it: free, or busy (held by whom, since when), and how many builds wait for it.
 *
 * @param holder who holds it (a build, or a user's reservation); null when free
 * @param since  when it was taken; null when free or unknown
 */
public record EnvironmentState(String id, String holder, Instant since, int waiting) {
    public boolean busy() {
        return holder != null;
    }

    /**
     * Every environment a user can choose: the IDs 1 to {@value TestEnvironment#MAX_NUMBER}, then the names in use by
     * name; each with what is known of it ({@code known}, by id), free otherwise.
     */
    public static List<EnvironmentState> board(Map<String, EnvironmentState> known) {
        List<EnvironmentState> board = new ArrayList<>();
        for (int number = 1; number <= TestEnvironment.MAX_NUMBER; number++) {
            String id = Integer.toString(number);
            board.add(known.getOrDefault(id, new EnvironmentState(id, null, null, 0)));
        }
        Map<String, EnvironmentState> named = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        known.forEach((id, state) -> {
            if (!id.chars().allMatch(Character::isDigit) && TestEnvironment.problemWith(id, true).isEmpty()) {
                named.put(id, state);
            }
        });
        board.addAll(named.values());
        return board;
    }
}
