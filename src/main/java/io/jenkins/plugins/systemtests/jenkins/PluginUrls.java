package io.jenkins.plugins.systemtests.jenkins;

/** Where the plugin lives in Jenkins' URL space, shared by its root, job and build actions and its services. */
public final class PluginUrls {
    /** {@code /system-tests/} below Jenkins, a job or a build. */
    public static final String URL_NAME = "system-tests";
    /** The plugin's icon. */
    public static final String ICON = "/plugin/system-tests/images/system-tests.svg";

    private PluginUrls() {
    }
}
