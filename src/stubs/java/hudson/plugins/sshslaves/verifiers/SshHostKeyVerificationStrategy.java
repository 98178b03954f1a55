// Compile-only stub of jenkinsci/ssh-agents-plugin src/main/java/hudson/plugins/sshslaves/verifiers/SshHostKeyVerificationStrategy.java (3.1071.v0d059c7b_c555).
package hudson.plugins.sshslaves.verifiers;

public abstract class SshHostKeyVerificationStrategy {
    protected SshHostKeyVerificationStrategy() {
        throw new UnsupportedOperationException("stub");
    }
}
