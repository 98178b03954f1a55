// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/slaves/WorkspaceList.java (2.516.3).
package hudson.slaves;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.FilePath;

public final class WorkspaceList {
    private WorkspaceList() {
        throw new UnsupportedOperationException("stub");
    }

    @CheckForNull
    public static FilePath tempDir(FilePath ws) {
        throw new UnsupportedOperationException("stub");
    }
}
