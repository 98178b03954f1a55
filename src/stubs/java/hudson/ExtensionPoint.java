// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/ExtensionPoint.java (2.516.3).
package hudson;

public interface ExtensionPoint {
}
