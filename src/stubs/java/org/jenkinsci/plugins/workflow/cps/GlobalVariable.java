// Compile-only stub of jenkinsci/workflow-cps-plugin plugin/src/main/java/org/jenkinsci/plugins/workflow/cps/GlobalVariable.java (4209.v83c4e257f1e9).
package org.jenkinsci.plugins.workflow.cps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionPoint;

public abstract class GlobalVariable implements ExtensionPoint {
    protected GlobalVariable() {
        throw new UnsupportedOperationException("stub");
    }

    public abstract @NonNull String getName();

    public abstract @NonNull Object getValue(@NonNull CpsScript script) throws Exception;
}
