// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/Descriptor.java (2.516.3).
package hudson.model;

public abstract class Descriptor<T extends Describable<T>> implements Saveable {
    protected Descriptor(Class<? extends T> clazz) {
        throw new UnsupportedOperationException("stub");
    }

    protected Descriptor() {
        throw new UnsupportedOperationException("stub");
    }

    public String getDisplayName() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public synchronized void save() {
        throw new UnsupportedOperationException("stub");
    }

    public synchronized void load() {
        throw new UnsupportedOperationException("stub");
    }

    public static final class FormException extends Exception {
        public FormException(String message, String formField) {
            throw new UnsupportedOperationException("stub");
        }
    }
}
