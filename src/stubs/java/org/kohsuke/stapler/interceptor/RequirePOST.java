// Compile-only stub of jenkinsci/stapler core/src/main/java/org/kohsuke/stapler/interceptor/RequirePOST.java.
// The real annotation carries @InterceptorAnnotation(RequirePOST.Processor.class); Jenkins' copy is what runs.
package org.kohsuke.stapler.interceptor;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.FIELD})
public @interface RequirePOST {
}
