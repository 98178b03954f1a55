// Compile-only stub of jenkinsci/workflow-step-api-plugin src/main/java/org/jenkinsci/plugins/workflow/steps/BodyExecution.java (710.v3e456cc85233).
// The real class also implements Future<Object>; only cancel(Throwable) is used here.
package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;

public abstract class BodyExecution implements Serializable {
    protected BodyExecution() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean cancel(Throwable t) {
        throw new UnsupportedOperationException("stub");
    }
}
