// Compile-only stub of kohsuke/access-modifier access-modifier-annotation/src/main/java/org/kohsuke/accmod/Restricted.java.
package org.kohsuke.accmod;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

@Retention(RetentionPolicy.CLASS)
@Documented
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.CONSTRUCTOR})
public @interface Restricted {
    Class<? extends AccessRestriction>[] value();
}
