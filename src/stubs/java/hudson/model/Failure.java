// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/Failure.java (2.516.3).
package hudson.model;

public class Failure extends RuntimeException {
    public Failure(String message) {
        throw new UnsupportedOperationException("stub");
    }
}
