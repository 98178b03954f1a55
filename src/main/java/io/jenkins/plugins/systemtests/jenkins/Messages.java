package io.jenkins.plugins.systemtests.jenkins;

import org.jvnet.localizer.Localizable;
import org.jvnet.localizer.ResourceBundleHolder;

/**
 * Localized texts of the Jenkins layer, read from {@code Messages.properties} beside this class.
 * Written by hand in the shape the localizer Maven plugin would generate, since that plugin is not on Maven Central.
 */
public final class Messages {
    private static final ResourceBundleHolder HOLDER = ResourceBundleHolder.get(Messages.class);

    private Messages() {
    }

    public static String pluginDisplayName() {
        return HOLDER.format("pluginDisplayName");
    }

    public static Localizable _permissionGroupTitle() {
        return new Localizable(HOLDER, "permissionGroupTitle");
    }

    public static Localizable _reportPermissionDescription() {
        return new Localizable(HOLDER, "reportPermissionDescription");
    }

    public static String runDisplayName() {
        return HOLDER.format("runDisplayName");
    }

    public static Localizable _uploadPermissionDescription() {
        return new Localizable(HOLDER, "uploadPermissionDescription");
    }

    public static String silenceTimeoutMustBePositive() {
        return HOLDER.format("silenceTimeoutMustBePositive");
    }

    public static String keepMustBeZeroOrMore() {
        return HOLDER.format("keepMustBeZeroOrMore");
    }

    public static String libraryDisplayName() {
        return HOLDER.format("libraryDisplayName");
    }

    public static String testMachinesDisplayName() {
        return HOLDER.format("testMachinesDisplayName");
    }
}
