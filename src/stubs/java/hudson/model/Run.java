// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/Run.java (2.516.3).
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.File;
import java.io.IOException;

public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable {
    protected Run() {
        throw new UnsupportedOperationException("stub");
    }

    public @NonNull File getRootDir() {
        throw new UnsupportedOperationException("stub");
    }

    public int getNumber() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean isBuilding() {
        throw new UnsupportedOperationException("stub");
    }

    public @NonNull String getExternalizableId() {
        throw new UnsupportedOperationException("stub");
    }

    public @NonNull String getUrl() {
        throw new UnsupportedOperationException("stub");
    }

    public void setResult(@NonNull Result r) {
        throw new UnsupportedOperationException("stub");
    }

    public @CheckForNull <T extends Cause> T getCause(Class<T> type) {
        throw new UnsupportedOperationException("stub");
    }

    public synchronized void save() throws IOException {
        throw new UnsupportedOperationException("stub");
    }
}
