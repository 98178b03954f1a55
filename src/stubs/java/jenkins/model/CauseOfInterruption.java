// Compile-only stub of jenkinsci/jenkins core/src/main/java/jenkins/model/CauseOfInterruption.java (2.516.3).
package jenkins.model;

import java.io.Serializable;

public abstract class CauseOfInterruption implements Serializable {
    public CauseOfInterruption() {
        throw new UnsupportedOperationException("stub");
    }

    public abstract String getShortDescription();
}
