// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/TaskListener.java (2.516.3).
package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.PrintStream;
import java.io.Serializable;

public interface TaskListener extends Serializable {
    @NonNull
    PrintStream getLogger();
}
