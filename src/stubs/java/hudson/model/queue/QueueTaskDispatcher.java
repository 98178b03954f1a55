// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/queue/QueueTaskDispatcher.java (2.516.3).
package hudson.model.queue;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import hudson.ExtensionPoint;
import hudson.model.Queue;

public abstract class QueueTaskDispatcher implements ExtensionPoint {
    protected QueueTaskDispatcher() {
        throw new UnsupportedOperationException("stub");
    }

    public @CheckForNull CauseOfBlockage canRun(Queue.Item item) {
        throw new UnsupportedOperationException("stub");
    }
}
