// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/util/Secret.java (2.516.3).
package hudson.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

public final class Secret implements Serializable {
    private Secret() {
        throw new UnsupportedOperationException("stub");
    }

    @NonNull
    public String getPlainText() {
        throw new UnsupportedOperationException("stub");
    }
}
