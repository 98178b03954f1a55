// Compile-only stub of jenkinsci/jenkins core/src/main/java/jenkins/util/Timer.java (2.516.3).
package jenkins.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.concurrent.ScheduledExecutorService;

public class Timer {
    private Timer() {
        throw new UnsupportedOperationException("stub");
    }

    @NonNull
    public static synchronized ScheduledExecutorService get() {
        throw new UnsupportedOperationException("stub");
    }
}
