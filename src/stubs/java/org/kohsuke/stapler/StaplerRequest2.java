// Compile-only stub of jenkinsci/stapler core/src/main/java/org/kohsuke/stapler/StaplerRequest2.java.
package org.kohsuke.stapler;

import jakarta.servlet.http.HttpServletRequest;

public interface StaplerRequest2 extends HttpServletRequest {
}
