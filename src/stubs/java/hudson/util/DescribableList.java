// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/util/DescribableList.java (2.516.3).
package hudson.util;

import hudson.model.Describable;
import hudson.model.Descriptor;

public class DescribableList<T extends Describable<T>, D extends Descriptor<T>> extends PersistedList<T> {
    protected DescribableList() {
        throw new UnsupportedOperationException("stub");
    }
}
