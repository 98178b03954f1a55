// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/Node.java (2.516.3).
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;

public abstract class Node {
    protected Node() {
        throw new UnsupportedOperationException("stub");
    }

    @NonNull
    public abstract String getNodeName();

    public abstract String getLabelString();

    @CheckForNull
    public final Computer toComputer() {
        throw new UnsupportedOperationException("stub");
    }
}
