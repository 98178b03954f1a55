// Compile-only stub of kohsuke/access-modifier access-modifier-annotation/src/main/java/org/kohsuke/accmod/AccessRestriction.java.
package org.kohsuke.accmod;

public abstract class AccessRestriction {
    protected AccessRestriction() {
        throw new UnsupportedOperationException("stub");
    }
}
