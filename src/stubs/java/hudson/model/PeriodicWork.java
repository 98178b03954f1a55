// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/PeriodicWork.java (2.516.3).
package hudson.model;

import hudson.ExtensionPoint;
import hudson.triggers.SafeTimerTask;

public abstract class PeriodicWork extends SafeTimerTask implements ExtensionPoint {
    protected static final long MIN = 1000 * 60;

    protected PeriodicWork() {
        throw new UnsupportedOperationException("stub");
    }

    public abstract long getRecurrencePeriod();
}
