// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/Actionable.java (2.516.3).
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;

public abstract class Actionable {
    protected Actionable() {
        throw new UnsupportedOperationException("stub");
    }

    public void addAction(@NonNull Action a) {
        throw new UnsupportedOperationException("stub");
    }

    public <T extends Action> T getAction(Class<T> type) {
        throw new UnsupportedOperationException("stub");
    }
}
