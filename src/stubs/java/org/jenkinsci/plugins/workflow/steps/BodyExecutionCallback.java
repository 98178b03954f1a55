// Compile-only stub of jenkinsci/workflow-step-api-plugin src/main/java/org/jenkinsci/plugins/workflow/steps/BodyExecutionCallback.java (710.v3e456cc85233).
package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;

public abstract class BodyExecutionCallback implements Serializable {
    protected BodyExecutionCallback() {
        throw new UnsupportedOperationException("stub");
    }

    public abstract void onSuccess(StepContext context, Object result);

    public abstract void onFailure(StepContext context, Throwable t);

    public abstract static class TailCall extends BodyExecutionCallback {
        protected TailCall() {
            throw new UnsupportedOperationException("stub");
        }

        protected abstract void finished(StepContext context) throws Exception;

        @Override
        public final void onSuccess(StepContext context, Object result) {
            throw new UnsupportedOperationException("stub");
        }

        @Override
        public void onFailure(StepContext context, Throwable t) {
            throw new UnsupportedOperationException("stub");
        }
    }
}
