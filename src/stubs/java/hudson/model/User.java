// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/User.java (2.516.3).
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;

public class User {
    private User() {
        throw new UnsupportedOperationException("stub");
    }

    public static @CheckForNull User current() {
        throw new UnsupportedOperationException("stub");
    }

    public @NonNull String getId() {
        throw new UnsupportedOperationException("stub");
    }
}
