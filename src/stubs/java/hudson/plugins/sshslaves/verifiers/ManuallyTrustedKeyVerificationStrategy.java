// Compile-only stub of jenkinsci/ssh-agents-plugin src/main/java/hudson/plugins/sshslaves/verifiers/ManuallyTrustedKeyVerificationStrategy.java (3.1071.v0d059c7b_c555).
package hudson.plugins.sshslaves.verifiers;

public class ManuallyTrustedKeyVerificationStrategy extends SshHostKeyVerificationStrategy {
    public ManuallyTrustedKeyVerificationStrategy(boolean requireInitialManualTrust) {
        throw new UnsupportedOperationException("stub");
    }
}
