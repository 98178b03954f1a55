// Compile-only stub of jenkinsci/credentials-plugin src/main/java/com/cloudbees/plugins/credentials/Credentials.java (1447.v4cb_b_539b_5321).
package com.cloudbees.plugins.credentials;

import hudson.model.Describable;
import java.io.Serializable;

public interface Credentials extends Describable<Credentials>, Serializable {
}
