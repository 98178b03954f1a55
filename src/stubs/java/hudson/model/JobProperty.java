// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/JobProperty.java (2.516.3).
package hudson.model;

public abstract class JobProperty<J extends Job<?, ?>> {
    protected JobProperty() {
        throw new UnsupportedOperationException("stub");
    }
}
