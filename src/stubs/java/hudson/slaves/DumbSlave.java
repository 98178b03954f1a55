// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/slaves/DumbSlave.java (2.516.3).
package hudson.slaves;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Descriptor;
import hudson.model.Slave;
import java.io.IOException;

public final class DumbSlave extends Slave {
    public DumbSlave(@NonNull String name, String remoteFS, ComputerLauncher launcher)
            throws Descriptor.FormException, IOException {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public String getNodeName() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public String getLabelString() {
        throw new UnsupportedOperationException("stub");
    }
}
