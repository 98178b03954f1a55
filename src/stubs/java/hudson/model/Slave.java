// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/Slave.java (2.516.3).
package hudson.model;

import java.io.IOException;

public abstract class Slave extends Node {
    protected Slave() {
        throw new UnsupportedOperationException("stub");
    }

    public void setNodeDescription(String value) {
        throw new UnsupportedOperationException("stub");
    }

    public void setNumExecutors(int n) {
        throw new UnsupportedOperationException("stub");
    }

    public void setLabelString(String labelString) throws IOException {
        throw new UnsupportedOperationException("stub");
    }
}
