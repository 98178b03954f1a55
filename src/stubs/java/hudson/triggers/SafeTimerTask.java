// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/triggers/SafeTimerTask.java (2.516.3).
package hudson.triggers;

import java.util.TimerTask;

public abstract class SafeTimerTask extends TimerTask {
    protected SafeTimerTask() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public final void run() {
        throw new UnsupportedOperationException("stub");
    }

    protected abstract void doRun() throws Exception;
}
