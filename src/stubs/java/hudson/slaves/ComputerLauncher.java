// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/slaves/ComputerLauncher.java (2.516.3).
package hudson.slaves;

public abstract class ComputerLauncher {
    protected ComputerLauncher() {
        throw new UnsupportedOperationException("stub");
    }
}
