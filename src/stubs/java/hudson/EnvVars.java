// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/EnvVars.java (2.516.3).
package hudson;

import java.util.TreeMap;

public class EnvVars extends TreeMap<String, String> {
    public EnvVars() {
        throw new UnsupportedOperationException("stub");
    }
}
