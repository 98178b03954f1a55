package io.jenkins.plugins.systemtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An end-to-end class on the {@linkplain RealJenkins#shared() shared Jenkins} leaves no SEVERE record and no stack
 * trace of the plugin in its log: the lines written from the class's start to its end (after its own
 * {@code @AfterAll} clean-up) are checked, so each class answers for what it caused.
 */
final class NoPluginProblemsInLog implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NoPluginProblemsInLog.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        context.getStore(NAMESPACE).put("mark", RealJenkins.shared().logMark());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Long mark = context.getStore(NAMESPACE).get("mark", Long.class);
        if (mark != null) {
            assertThat(pluginProblems(RealJenkins.shared().logSince(mark)))
                    .as("SEVERE records and exceptions from the plugin in target/e2e-home/jenkins.log").isEmpty();
        }
    }

    /** Log records at SEVERE naming the plugin, and stack traces passing through its code. */
    static List<String> pluginProblems(String log) {
        List<String> problems = new ArrayList<>();
        Matcher severe = Pattern.compile("(?m)^.*SEVERE.*$").matcher(log);
        while (severe.find()) {
            String line = severe.group();
            int end = Math.min(log.length(), severe.end() + 2000);
            if (line.contains("systemtests") || log.substring(severe.end(), end).contains("io.jenkins.plugins.systemtests")) {
                problems.add(line);
            }
        }
        Matcher frame = Pattern.compile("(?m)^\\s+at io\\.jenkins\\.plugins\\.systemtests\\..*$").matcher(log);
        while (frame.find()) {
            problems.add(frame.group());
        }
        return problems;
    }
}
