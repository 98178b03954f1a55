package io.jenkins.plugins.systemtests.jenkins.steps;

import hudson.Extension;
import java.net.URL;
import org.jenkinsci.plugins.workflow.cps.GroovySourceFileAllowlist;

/**
 * Lets Pipeline load the one Groovy file this plugin ships, {@code SystemTestsDsl.groovy}: workflow-cps refuses every
 * Groovy source on the class path that no allowlist names (SECURITY-2824), and the {@code systemTests} variable would
 * then fail with a "class not found". Only the exact URL of our own resource is allowed, nothing by suffix.
 */
@Extension(optional = true)
public class SystemTestsDslAllowlist extends GroovySourceFileAllowlist {
    private final String dslSource;

    public SystemTestsDslAllowlist() {
        URL source = SystemTestsDslAllowlist.class.getResource(SystemTestsVariable.DSL_SOURCE);
        this.dslSource = source == null ? null : source.toString();
    }

    @Override
    public boolean isAllowed(String groovySourceFileUrl) {
        return dslSource != null && dslSource.equals(groovySourceFileUrl);
    }
}
