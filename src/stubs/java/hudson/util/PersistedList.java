// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/util/PersistedList.java (2.516.3).
package hudson.util;

import java.util.AbstractList;
import java.util.List;

public class PersistedList<T> extends AbstractList<T> {
    protected PersistedList() {
        throw new UnsupportedOperationException("stub");
    }

    public <U extends T> List<U> getAll(Class<U> type) {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public T get(int index) {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public int size() {
        throw new UnsupportedOperationException("stub");
    }
}
