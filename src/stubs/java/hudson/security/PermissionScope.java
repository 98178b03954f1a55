// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/security/PermissionScope.java (2.516.3).
package hudson.security;

public final class PermissionScope {
    private PermissionScope() {
        throw new UnsupportedOperationException("stub");
    }

    public static final PermissionScope JENKINS = null;
}
