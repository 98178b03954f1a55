// Compile-only stub of kohsuke/access-modifier access-modifier-annotation/src/main/java/org/kohsuke/accmod/restrictions/NoExternalUse.java.
package org.kohsuke.accmod.restrictions;

import org.kohsuke.accmod.AccessRestriction;

public class NoExternalUse extends AccessRestriction {
    public NoExternalUse() {
        throw new UnsupportedOperationException("stub");
    }
}
