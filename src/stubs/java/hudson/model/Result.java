// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/Result.java (2.516.3).
package hudson.model;

import java.io.Serializable;

public final class Result implements Serializable {
    public static final Result SUCCESS = null;
    public static final Result UNSTABLE = null;
    public static final Result FAILURE = null;

    private Result() {
        throw new UnsupportedOperationException("stub");
    }
}
