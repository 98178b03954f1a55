package io.jenkins.plugins.systemtests.jenkins;

import java.util.Locale;
import jenkins.util.ResourceBundleUtil;
import org.kohsuke.accmod.Restricted;
import org.kohsuke.accmod.restrictions.NoExternalUse;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.Stapler;

/**
 * The words the pages' scripts write ({@code UiText.properties}, translatable like any view's), handed to them as
 * JSON in a {@code data-system-tests-messages} attribute: each page includes
 * {@code <j:invokeStatic var="uiText" className="...UiText" method="json"/>}.
 */
@Restricted(NoExternalUse.class)
public final class UiText {
    private UiText() {
    }

    /** The messages in the language of the current request, as a JSON object. */
    public static String json() {
        StaplerRequest2 request = Stapler.getCurrentRequest2();
        Locale locale = request == null ? Locale.getDefault() : request.getLocale();
        return ResourceBundleUtil.getBundle(UiText.class.getName(), locale).toString();
    }
}
