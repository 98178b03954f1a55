// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/AbstractDescribableImpl.java (2.516.3).
package hudson.model;

public abstract class AbstractDescribableImpl<T extends AbstractDescribableImpl<T>> implements Describable<T> {
    protected AbstractDescribableImpl() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public Descriptor<T> getDescriptor() {
        throw new UnsupportedOperationException("stub");
    }
}
