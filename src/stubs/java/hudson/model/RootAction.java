// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/RootAction.java (2.516.3).
package hudson.model;

import hudson.ExtensionPoint;

public interface RootAction extends Action, ExtensionPoint {
}
