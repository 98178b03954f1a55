// Compile-only stub of jenkinsci/jenkins core/src/main/java/jenkins/model/TransientActionFactory.java (2.516.3).
package jenkins.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;
import hudson.model.Action;
import java.util.Collection;

public abstract class TransientActionFactory<T> implements ExtensionPoint {
    protected TransientActionFactory() {
        throw new UnsupportedOperationException("stub");
    }

    public abstract Class<T> type();

    @NonNull
    public abstract Collection<? extends Action> createFor(@NonNull T target);
}
