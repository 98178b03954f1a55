// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/tasks/BuildStep.java (2.516.3).
// Only the type is needed here: Builder implements every method of the real interface.
package hudson.tasks;

public interface BuildStep {
}
