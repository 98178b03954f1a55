package io.jenkins.plugins.systemtests.core.queue;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One JUnit XML from the parts each environment's runner wrote: their {@code <testsuite>} elements, in the order of
 * the parts, under one {@code <testsuites>}. The runner writes the element names and their escaping (one source);
 * this only moves whole elements, so it never parses what is inside.
 */
public final class JunitParts {
    private static final String OPEN = "<testsuites>";
    private static final String CLOSE = "</testsuites>";

    private JunitParts() {
    }

    public static byte[] merge(List<byte[]> parts) {
        StringBuilder merged = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n").append(OPEN)
                .append('\n');
        for (byte[] part : parts) {
            String text = new String(part, StandardCharsets.UTF_8);
            int start = text.indexOf(OPEN);
            int end = text.lastIndexOf(CLOSE);
            if (start < 0 || end < start) {
                continue; // a runner that was killed wrote none, or half of one: its tests are in the store all the same
            }
            String suites = text.substring(start + OPEN.length(), end).strip();
            if (!suites.isEmpty()) {
                merged.append("  ").append(suites).append('\n');
            }
        }
        return merged.append(CLOSE).append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }
}
