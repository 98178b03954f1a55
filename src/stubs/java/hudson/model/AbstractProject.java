// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/AbstractProject.java (2.516.3).
package hudson.model;

@SuppressWarnings("rawtypes")
public abstract class AbstractProject<P extends AbstractProject<P, R>, R> extends Job {
    protected AbstractProject() {
        throw new UnsupportedOperationException("stub");
    }
}
