// Compile-only stub of jenkinsci/workflow-cps-plugin plugin/src/main/java/org/jenkinsci/plugins/workflow/cps/CpsScript.java (4209.v83c4e257f1e9).
// The real class extends groovy.lang.Script; only its type is used here.
package org.jenkinsci.plugins.workflow.cps;

public abstract class CpsScript {
    protected CpsScript() {
        throw new UnsupportedOperationException("stub");
    }
}
