package io.jenkins.plugins.systemtests.core.api;

import java.util.Optional;

/**
 * The result Jenkins gave a run's build, in a word ({@code success}, {@code unstable}, {@code failure},
 * {@code aborted}), so lists can word a run as Jenkins shows its build. Looked up by the Jenkins layer; empty while
 * the build has no result or cannot be read.
 */
@FunctionalInterface
public interface BuildResults {
    BuildResults NONE = buildUrl -> Optional.empty();

    Optional<String> of(String buildUrl);
}
