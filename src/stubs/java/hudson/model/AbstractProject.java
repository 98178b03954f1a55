// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/AbstractProject.java (2.516.3).
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;

@SuppressWarnings("rawtypes")
public abstract class AbstractProject<P extends AbstractProject<P, R>, R> extends Job {
    public final @CheckForNull hudson.FilePath getSomeWorkspace() {
        throw new UnsupportedOperationException("stub");
    }

    protected AbstractProject() {
        throw new UnsupportedOperationException("stub");
    }
}
