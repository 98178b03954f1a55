// Compile-only stub of jenkinsci/jenkins core/src/main/java/jenkins/model/Jenkins.java (2.516.3).
// The real class extends AbstractCIBase; only the members this plugin calls are declared.
package jenkins.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Item;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import java.io.File;
import java.util.List;

public class Jenkins implements AccessControlled {
    public static final Permission ADMINISTER = null;
    public static final Permission READ = null;

    protected Jenkins() {
        throw new UnsupportedOperationException("stub");
    }

    public static @NonNull Jenkins get() throws IllegalStateException {
        throw new UnsupportedOperationException("stub");
    }

    public @NonNull File getRootDir() {
        throw new UnsupportedOperationException("stub");
    }

    public @CheckForNull <T extends Item> T getItemByFullName(@NonNull String fullName, Class<T> type) {
        throw new UnsupportedOperationException("stub");
    }

    public <T extends Item> List<T> getAllItems(Class<T> type) {
        throw new UnsupportedOperationException("stub");
    }

    public @CheckForNull String getRootUrl() {
        throw new UnsupportedOperationException("stub");
    }

    public @NonNull java.util.List<hudson.model.Node> getNodes() {
        throw new UnsupportedOperationException("stub");
    }

    public @CheckForNull hudson.model.Node getNode(String name) {
        throw new UnsupportedOperationException("stub");
    }

    public hudson.model.Queue getQueue() {
        throw new UnsupportedOperationException("stub");
    }

    public void addNode(hudson.model.Node n) throws java.io.IOException {
        throw new UnsupportedOperationException("stub");
    }
}
