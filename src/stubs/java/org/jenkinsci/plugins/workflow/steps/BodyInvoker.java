// Compile-only stub of jenkinsci/workflow-step-api-plugin src/main/java/org/jenkinsci/plugins/workflow/steps/BodyInvoker.java (710.v3e456cc85233).
package org.jenkinsci.plugins.workflow.steps;

public abstract class BodyInvoker {
    protected BodyInvoker() {
        throw new UnsupportedOperationException("stub");
    }

    public abstract BodyInvoker withContext(Object override);

    public abstract BodyInvoker withCallback(BodyExecutionCallback callback);

    public abstract BodyExecution start();
}
