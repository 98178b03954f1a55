// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/Describable.java (2.516.3).
package hudson.model;

public interface Describable<T extends Describable<T>> {
    Descriptor<T> getDescriptor();
}
