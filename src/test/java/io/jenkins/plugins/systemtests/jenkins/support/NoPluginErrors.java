package io.jenkins.plugins.systemtests.jenkins.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import jenkins.model.Jenkins;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test whose Jenkins logged a SEVERE record from the plugin, or any record carrying an exception thrown
 * through the plugin's code: what a user would find in the system log after doing what the test did. Also checks
 * that the test's Jenkins loaded this plugin and every other one.
 */
public final class NoPluginErrors implements BeforeEachCallback, AfterEachCallback {
    private static final String PLUGIN = "io.jenkins.plugins.systemtests";
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (isProblem(record)) {
                problems.add(record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage()
                        + (record.getThrown() == null ? "" : " " + record.getThrown()));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    static boolean isProblem(LogRecord record) {
        String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
        if (record.getLevel().intValue() >= Level.SEVERE.intValue() && logger.startsWith(PLUGIN)) {
            return true;
        }
        if (record.getLevel().intValue() < Level.WARNING.intValue()) {
            return false;
        }
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            if (Stream.of(t.getStackTrace()).anyMatch(frame -> frame.getClassName().startsWith(PLUGIN))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        problems.clear();
        Logger.getLogger("").addHandler(handler);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Logger.getLogger("").removeHandler(handler);
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        if (jenkins != null) {
            assertThat(jenkins.getPluginManager().getFailedPlugins()).as("plugins that failed to load").isEmpty();
            assertThat(jenkins.getPluginManager().getPlugin("system-tests")).as("this plugin, loaded").isNotNull();
        }
        assertThat(problems).as("errors the plugin logged").isEmpty();
    }
}
