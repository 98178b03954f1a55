// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/util/FormValidation.java (2.516.3).
package hudson.util;

import java.io.IOException;

public abstract class FormValidation extends IOException {
    private FormValidation() {
        throw new UnsupportedOperationException("stub");
    }

    public static FormValidation ok() {
        throw new UnsupportedOperationException("stub");
    }

    public static FormValidation warning(String message) {
        throw new UnsupportedOperationException("stub");
    }

    public static FormValidation error(String message) {
        throw new UnsupportedOperationException("stub");
    }
}
