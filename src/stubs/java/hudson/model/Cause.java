// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/Cause.java (2.516.3).
package hudson.model;

import edu.umd.cs.findbugs.annotations.CheckForNull;

public abstract class Cause {
    protected Cause() {
        throw new UnsupportedOperationException("stub");
    }

    public abstract String getShortDescription();

    public static class UserIdCause extends Cause {
        public UserIdCause() {
            throw new UnsupportedOperationException("stub");
        }

        @Override
        public String getShortDescription() {
            throw new UnsupportedOperationException("stub");
        }

        @CheckForNull
        public String getUserId() {
            throw new UnsupportedOperationException("stub");
        }
    }
}
