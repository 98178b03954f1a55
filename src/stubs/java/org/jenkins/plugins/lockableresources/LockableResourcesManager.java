// Compile-only stub of jenkinsci/lockable-resources-plugin src/main/java/org/jenkins/plugins/lockableresources/LockableResourcesManager.java (1412.v3f305a_fb_a_117).
package org.jenkins.plugins.lockableresources;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import jenkins.model.GlobalConfiguration;

public class LockableResourcesManager extends GlobalConfiguration {
    protected LockableResourcesManager() {
        throw new UnsupportedOperationException("stub");
    }

    public static LockableResourcesManager get() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean createResourceWithLabel(@CheckForNull String name, @CheckForNull String label) {
        throw new UnsupportedOperationException("stub");
    }

    @CheckForNull
    public LockableResource fromName(@CheckForNull String resourceName) {
        throw new UnsupportedOperationException("stub");
    }
}
