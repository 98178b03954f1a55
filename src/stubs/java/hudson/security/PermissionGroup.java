// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/security/PermissionGroup.java (2.516.3).
package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;
import org.jvnet.localizer.Localizable;

public final class PermissionGroup {
    public PermissionGroup(String id, @NonNull Class owner, Localizable title) throws IllegalStateException {
        throw new UnsupportedOperationException("stub");
    }
}
