// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/model/listeners/ItemListener.java (2.516.3).
package hudson.model.listeners;

import hudson.ExtensionPoint;
import hudson.model.Item;

public class ItemListener implements ExtensionPoint {
    public ItemListener() {
        throw new UnsupportedOperationException("stub");
    }

    public void onCreated(Item item) {
        throw new UnsupportedOperationException("stub");
    }

    public void onUpdated(Item item) {
        throw new UnsupportedOperationException("stub");
    }

    public void onLoaded() {
        throw new UnsupportedOperationException("stub");
    }
}
