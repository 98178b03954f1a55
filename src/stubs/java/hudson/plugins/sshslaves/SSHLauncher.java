// Compile-only stub of jenkinsci/ssh-agents-plugin src/main/java/hudson/plugins/sshslaves/SSHLauncher.java (3.1071.v0d059c7b_c555).
package hudson.plugins.sshslaves;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.plugins.sshslaves.verifiers.SshHostKeyVerificationStrategy;
import hudson.slaves.ComputerLauncher;

public class SSHLauncher extends ComputerLauncher {
    public SSHLauncher(@NonNull String host, int port, String credentialsId) {
        throw new UnsupportedOperationException("stub");
    }

    public void setSshHostKeyVerificationStrategy(SshHostKeyVerificationStrategy value) {
        throw new UnsupportedOperationException("stub");
    }
}
