// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/InvisibleAction.java (2.516.3).
package hudson.model;

public abstract class InvisibleAction implements Action {
    protected InvisibleAction() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public final String getIconFileName() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public final String getDisplayName() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public String getUrlName() {
        throw new UnsupportedOperationException("stub");
    }
}
