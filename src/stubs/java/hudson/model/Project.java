// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/Project.java (2.516.3).
package hudson.model;

import hudson.tasks.Builder;
import hudson.util.DescribableList;

@SuppressWarnings("rawtypes")
public abstract class Project<P extends Project<P, B>, B> extends AbstractProject {
    protected Project() {
        throw new UnsupportedOperationException("stub");
    }

    public DescribableList<Builder, Descriptor<Builder>> getBuildersList() {
        throw new UnsupportedOperationException("stub");
    }
}
