// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/Proc.java (2.516.3).
package hudson;

import java.io.IOException;

public abstract class Proc {
    protected Proc() {
        throw new UnsupportedOperationException("stub");
    }

    public abstract boolean isAlive() throws IOException, InterruptedException;

    public abstract void kill() throws IOException, InterruptedException;

    public abstract int join() throws IOException, InterruptedException;
}
