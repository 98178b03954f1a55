package io.jenkins.plugins.systemtests.core.protocol;

/** One of the three messages a testing machine sends. */
public sealed interface Message permits DryRun, TestStart, TestStop {
    String machineName();
}
