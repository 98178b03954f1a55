package io.jenkins.plugins.systemtests.core.api;

import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import java.util.List;
import java.util.Map;

/** One page of a list: {@code page} counts from 0, {@code size} is at most {@link #MAX_SIZE}. */
public record Page<T>(int page, int size, int total, List<T> items) {
    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    /** The same window with each item turned into another. */
    public <U> Page<U> map(java.util.function.Function<T, U> mapper) {
        return new Page<>(page, size, total, items.stream().map(mapper).toList());
    }

    /** The requested window, from the {@code page} and {@code size} query parameters. */
    public record Request(int page, int size) {
        public static Request from(Map<String, String> query) throws RejectedException {
            int page = number(query, "page", 0);
            int size = number(query, "size", DEFAULT_SIZE);
            if (page < 0) {
                throw new RejectedException(ErrorCode.INVALID_REQUEST, "page: must be 0 or more");
            }
            if (size < 1 || size > MAX_SIZE) {
                throw new RejectedException(ErrorCode.INVALID_REQUEST, "size: must be from 1 to " + MAX_SIZE);
            }
            return new Request(page, size);
        }

        private static int number(Map<String, String> query, String name, int fallback) throws RejectedException {
            String text = query.get(name);
            if (text == null || text.isEmpty()) {
                return fallback;
            }
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new RejectedException(ErrorCode.INVALID_REQUEST, name + ": '" + text + "' is not a whole number");
            }
        }

        public <T> Page<T> of(List<T> all) {
            long from = (long) page * size;
            List<T> items = from >= all.size() ? List.of()
                    : all.subList((int) from, (int) Math.min(all.size(), from + size));
            return new Page<>(page, size, all.size(), List.copyOf(items));
        }
    }
}
