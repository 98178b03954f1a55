package io.jenkins.plugins.systemtests.core.flaky;

import io.jenkins.plugins.systemtests.core.store.RunResults;

/** A test as the job's history knows it: its path and its file name (the store's plan key, {@link RunResults#key}). */
public record TestKey(String filePath, String fileName) {
    static TestKey parse(String key) {
        int cut = key.indexOf('\u0000');
        return cut < 0 ? new TestKey("", key) : new TestKey(key.substring(0, cut), key.substring(cut + 1));
    }

    String key() {
        return RunResults.key(filePath, fileName);
    }
}
