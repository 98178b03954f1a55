// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/AbortException.java (2.516.3).
package hudson;

import java.io.IOException;

public final class AbortException extends IOException {
    public AbortException(String message) {
        super(message);
        throw new UnsupportedOperationException("stub");
    }
}
