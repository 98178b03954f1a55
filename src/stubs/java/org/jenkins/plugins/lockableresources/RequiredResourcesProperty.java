// Compile-only stub of jenkinsci/lockable-resources-plugin src/main/java/org/jenkins/plugins/lockableresources/RequiredResourcesProperty.java (1412.v3f305a_fb_a_117).
package org.jenkins.plugins.lockableresources;

import hudson.model.Job;
import hudson.model.JobProperty;

public class RequiredResourcesProperty extends JobProperty<Job<?, ?>> {
    protected RequiredResourcesProperty() {
        throw new UnsupportedOperationException("stub");
    }

    public String getResourceNames() {
        throw new UnsupportedOperationException("stub");
    }
}
