package io.jenkins.plugins.systemtests.jenkins;

import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.security.Permission;
import hudson.security.PermissionGroup;
import hudson.security.PermissionScope;
import jenkins.model.Jenkins;

/** The plugin's own permissions, in their own group so that they show as {@code SystemTests/...}. */
public final class SystemTestsPermissions {
    public static final PermissionGroup GROUP =
            new PermissionGroup("SystemTests", SystemTestsPermissions.class, Messages._permissionGroupTitle());

    /** Lets a testing machine post DRY RUN, TEST START and TEST STOP messages. */
    public static final Permission REPORT = new Permission(
            GROUP, "Report", Messages._reportPermissionDescription(), Jenkins.ADMINISTER, PermissionScope.JENKINS);

    /** Lets a user upload tests to the controller's test library and delete them. */
    public static final Permission UPLOAD = new Permission(
            GROUP, "Upload", Messages._uploadPermissionDescription(), Jenkins.ADMINISTER, PermissionScope.JENKINS);

    private SystemTestsPermissions() {
    }

    /**
     * Loads this class at start-up, which registers the group and its permissions, so that authorization strategies
     * list them before anything else has touched the class.
     */
    @Initializer(after = InitMilestone.PLUGINS_STARTED)
    public static void register() {
        // the static initializers above do the work
    }
}
