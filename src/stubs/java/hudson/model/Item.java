// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/Item.java (2.516.3).
package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;

public interface Item extends ModelObject, AccessControlled {
    Permission CONFIGURE = null;
    Permission EXTENDED_READ = null;
    Permission WORKSPACE = null;
}
