// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/Queue.java (2.516.3).
package hudson.model;

public class Queue {
    private Queue() {
        throw new UnsupportedOperationException("stub");
    }

    public interface Task {
    }

    public abstract static class Item extends Actionable {
        public final Task task = null;

        protected Item() {
            throw new UnsupportedOperationException("stub");
        }

        public long getInQueueSince() {
            throw new UnsupportedOperationException("stub");
        }
    }
}
