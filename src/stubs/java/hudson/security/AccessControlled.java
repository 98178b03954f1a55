// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/security/AccessControlled.java (2.516.3).
package hudson.security;

import edu.umd.cs.findbugs.annotations.NonNull;

public interface AccessControlled {
    default boolean hasPermission(@NonNull Permission permission) {
        throw new UnsupportedOperationException("stub");
    }
}
