// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/Launcher.java (2.516.3).
package hudson;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

public abstract class Launcher {
    protected Launcher() {
        throw new UnsupportedOperationException("stub");
    }

    public final ProcStarter launch() {
        throw new UnsupportedOperationException("stub");
    }

    public final class ProcStarter {
        private ProcStarter() {
            throw new UnsupportedOperationException("stub");
        }

        public ProcStarter cmds(List<String> args) {
            throw new UnsupportedOperationException("stub");
        }

        public ProcStarter envs(Map<String, String> overrides) {
            throw new UnsupportedOperationException("stub");
        }

        public ProcStarter pwd(@CheckForNull FilePath workDir) {
            throw new UnsupportedOperationException("stub");
        }

        public ProcStarter stdout(@CheckForNull OutputStream out) {
            throw new UnsupportedOperationException("stub");
        }

        public ProcStarter stdout(@NonNull TaskListener out) {
            throw new UnsupportedOperationException("stub");
        }

        public Proc start() throws IOException {
            throw new UnsupportedOperationException("stub");
        }
    }
}
