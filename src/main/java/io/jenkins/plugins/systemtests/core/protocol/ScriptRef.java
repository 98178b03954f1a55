package io.jenkins.plugins.systemtests.core.protocol;

/**
 * One script of a plan: where it lives on the testing machine and its text (possibly cut to the size cap).
 *
 * @param scriptTruncated whether {@code script} was cut to the cap when the plan was received
 */
public record ScriptRef(String filePath, String fileName, String script, boolean scriptTruncated) {
}
