// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/queue/CauseOfBlockage.java (2.516.3).
package hudson.model.queue;

public abstract class CauseOfBlockage {
    public CauseOfBlockage() {
        throw new UnsupportedOperationException("stub");
    }

    public abstract String getShortDescription();
}
