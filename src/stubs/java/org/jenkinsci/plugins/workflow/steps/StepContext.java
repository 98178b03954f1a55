// Compile-only stub of jenkinsci/workflow-step-api-plugin src/main/java/org/jenkinsci/plugins/workflow/steps/StepContext.java (710.v3e456cc85233).
// The real class implements Guava's FutureCallback<Object>, which declares onSuccess and onFailure.
package org.jenkinsci.plugins.workflow.steps;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import java.io.IOException;
import java.io.Serializable;

public abstract class StepContext implements Serializable {
    protected StepContext() {
        throw new UnsupportedOperationException("stub");
    }

    @CheckForNull
    public abstract <T> T get(Class<T> key) throws IOException, InterruptedException;

    public abstract void onFailure(Throwable t);

    public abstract BodyInvoker newBodyInvoker() throws IllegalStateException;
}
