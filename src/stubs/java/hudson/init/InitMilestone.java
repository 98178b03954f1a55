// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/init/InitMilestone.java (2.516.3).
package hudson.init;

public enum InitMilestone {
    STARTED, PLUGINS_LISTED, PLUGINS_PREPARED, PLUGINS_STARTED, EXTENSIONS_AUGMENTED, SYSTEM_CONFIG_LOADED,
    SYSTEM_CONFIG_ADAPTED, JOB_LOADED, JOB_CONFIG_ADAPTED, COMPLETED
}
