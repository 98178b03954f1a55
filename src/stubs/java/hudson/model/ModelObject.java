// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/ModelObject.java (2.516.3).
package hudson.model;

public interface ModelObject {
    String getDisplayName();
}
