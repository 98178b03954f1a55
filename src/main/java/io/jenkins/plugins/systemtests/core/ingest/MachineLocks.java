package io.jenkins.plugins.systemtests.core.ingest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One lock per machine: its messages are applied one at a time, and a reader sees each change whole. */
final class MachineLocks {
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    Object of(String machine) {
        return locks.computeIfAbsent(machine, m -> new Object());
    }
}
