// Compile-only stub of jenkinsci/lockable-resources-plugin src/main/java/org/jenkins/plugins/lockableresources/LockableResource.java (1412.v3f305a_fb_a_117).
package org.jenkins.plugins.lockableresources;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.model.Run;

public class LockableResource {
    protected LockableResource() {
        throw new UnsupportedOperationException("stub");
    }

    public Run<?, ?> getBuild() {
        throw new UnsupportedOperationException("stub");
    }

    @CheckForNull
    public String getLockCause() {
        throw new UnsupportedOperationException("stub");
    }
}
