// Compile-only stub of jenkinsci/stapler core/src/main/java/org/kohsuke/stapler/verb/GET.java.
package org.kohsuke.stapler.verb;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface GET {
}
