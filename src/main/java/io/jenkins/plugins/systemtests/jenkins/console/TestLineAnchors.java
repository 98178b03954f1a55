package io.jenkins.plugins.systemtests.jenkins.console;

import hudson.Extension;
import hudson.MarkupText;
import hudson.console.ConsoleAnnotator;
import hudson.console.ConsoleAnnotatorFactory;
import hudson.model.Run;
import io.jenkins.plugins.systemtests.core.runner.TestLines;

/**
 * Puts an anchor on each test's START line in a build's console, so a test's page can link to where the test began
 * ({@code consoleFull#system-tests-1-0}). The console is annotated when it is shown, for Pipeline and freestyle builds
 * alike; the log itself is not changed.
 */
@Extension
public class TestLineAnchors extends ConsoleAnnotatorFactory<Object> {
    @Override
    public ConsoleAnnotator<Object> newInstance(Object context) {
        return context instanceof Run ? new Anchors() : null;
    }

    @Override
    public Class<?> type() {
        return Run.class;
    }

    private static final class Anchors extends ConsoleAnnotator<Object> {
        private static final long serialVersionUID = 1L;
        private final TestLines lines = new TestLines();

        @Override
        public ConsoleAnnotator<Object> annotate(Object context, MarkupText text) {
            lines.read(text.getText()).ifPresent(anchor -> text.addMarkup(0, 0, "<span id=\"" + anchor + "\"></span>", ""));
            return this;
        }
    }
}
