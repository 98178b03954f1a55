// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/Queue.java (2.516.3).
package hudson.model;

import java.util.List;

public class Queue {
    private Queue() {
        throw new UnsupportedOperationException("stub");
    }

    public static void withLock(Runnable runnable) {
        throw new UnsupportedOperationException("stub");
    }

    public Item[] getItems() {
        throw new UnsupportedOperationException("stub");
    }

    public Item getItem(long id) {
        throw new UnsupportedOperationException("stub");
    }

    public boolean cancel(Item item) {
        throw new UnsupportedOperationException("stub");
    }

    public interface Task {
    }

    public abstract static class Item extends Actionable {
        public final Task task = null;

        protected Item() {
            throw new UnsupportedOperationException("stub");
        }

        public long getId() {
            throw new UnsupportedOperationException("stub");
        }

        public boolean isBlocked() {
            throw new UnsupportedOperationException("stub");
        }

        public long getInQueueSince() {
            throw new UnsupportedOperationException("stub");
        }

        public final List<Cause> getCauses() {
            throw new UnsupportedOperationException("stub");
        }
    }
}
