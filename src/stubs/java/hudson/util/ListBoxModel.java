// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/util/ListBoxModel.java (2.516.3).
package hudson.util;

import java.util.ArrayList;

public class ListBoxModel extends ArrayList<ListBoxModel.Option> {
    public ListBoxModel() {
        throw new UnsupportedOperationException("stub");
    }

    public static final class Option {
        public String name;
        public String value;

        public Option(String name, String value) {
            throw new UnsupportedOperationException("stub");
        }
    }
}
