// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/Saveable.java (2.516.3).
package hudson.model;

import java.io.IOException;

public interface Saveable {
    void save() throws IOException;
}
