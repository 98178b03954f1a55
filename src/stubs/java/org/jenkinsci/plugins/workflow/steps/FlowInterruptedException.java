// Compile-only stub of jenkinsci/workflow-step-api-plugin src/main/java/org/jenkinsci/plugins/workflow/steps/FlowInterruptedException.java (710.v3e456cc85233).
package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Result;
import jenkins.model.CauseOfInterruption;

public final class FlowInterruptedException extends InterruptedException {
    public FlowInterruptedException(@NonNull Result result, boolean actualInterruption,
            @NonNull CauseOfInterruption... causes) {
        throw new UnsupportedOperationException("stub");
    }
}
