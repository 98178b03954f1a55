// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/tasks/Builder.java (2.516.3).
package hudson.tasks;

import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;

public abstract class Builder extends BuildStepCompatibilityLayer implements Describable<Builder>, ExtensionPoint {
    protected Builder() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public Descriptor<Builder> getDescriptor() {
        throw new UnsupportedOperationException("stub");
    }
}
