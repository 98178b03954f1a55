// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/AbstractItem.java (2.516.3).
package hudson.model;

public abstract class AbstractItem extends Actionable implements Item {
    protected AbstractItem() {
        throw new UnsupportedOperationException("stub");
    }

    public java.io.File getRootDir() {
        throw new UnsupportedOperationException("stub");
    }
}
