// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/tasks/BuildStepCompatibilityLayer.java (2.516.3).
package hudson.tasks;

public abstract class BuildStepCompatibilityLayer implements BuildStep {
    protected BuildStepCompatibilityLayer() {
        throw new UnsupportedOperationException("stub");
    }
}
