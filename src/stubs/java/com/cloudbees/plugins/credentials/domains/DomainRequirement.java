// Compile-only stub of jenkinsci/credentials-plugin src/main/java/com/cloudbees/plugins/credentials/domains/DomainRequirement.java (1447.v4cb_b_539b_5321).
package com.cloudbees.plugins.credentials.domains;

import java.io.Serializable;

public class DomainRequirement implements Serializable {
    public DomainRequirement() {
        throw new UnsupportedOperationException("stub");
    }
}
