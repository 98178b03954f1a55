// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/Action.java (2.516.3).
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;

public interface Action extends ModelObject {
    @CheckForNull
    String getIconFileName();

    @Override
    @CheckForNull
    String getDisplayName();

    @CheckForNull
    default String getUrlName() {
        throw new UnsupportedOperationException("stub");
    }
}
