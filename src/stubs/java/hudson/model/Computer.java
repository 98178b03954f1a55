// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/Computer.java (2.516.3).
package hudson.model;

import hudson.security.Permission;

public abstract class Computer {
    public static final Permission CREATE = null;

    protected Computer() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean isOnline() {
        throw new UnsupportedOperationException("stub");
    }

    public String getOfflineCauseReason() {
        throw new UnsupportedOperationException("stub");
    }
}
