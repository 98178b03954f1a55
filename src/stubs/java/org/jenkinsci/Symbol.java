// Compile-only stub of jenkinsci/structs-plugin annotation/src/main/java/org/jenkinsci/Symbol.java (structs 353.v261ea_40a_80fb_).
// The real annotation is @Indexed: structs' SymbolLookup reads META-INF/services/annotations/org.jenkinsci.Symbol,
// which this build writes itself (src/main/resources) and the packaging test checks against the compiled classes.
package org.jenkinsci;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.jvnet.hudson.annotation_indexer.Indexed;

@Indexed
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE})
@Documented
public @interface Symbol {
    String[] value();
}
