package io.jenkins.plugins.systemtests.core.store;

import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * A Jenkins build named by its URL, as a machine reports it in {@code build_url}: absolute
 * ({@code https://ci.example/job/lab/job/nightly/7/}) or relative to the Jenkins root ({@code job/lab/7}).
 *
 * @param jobFullName the job's full name, folders separated by {@code /}
 */
public record BuildReference(String jobFullName, int number) {
    /**
     * @param rootUrl the Jenkins root URL, to strip from absolute URLs; may be null when not configured
     * @throws RejectedException when the URL does not name a build
     */
    public static BuildReference parse(String buildUrl, String rootUrl) throws RejectedException {
        String path = buildUrl.trim();
        try {
            URI uri = new URI(path);
            if (uri.isAbsolute()) {
                path = uri.getRawPath() == null ? "" : uri.getRawPath();
                if (rootUrl != null) {
                    String rootPath = new URI(rootUrl).getRawPath();
                    if (rootPath != null && path.startsWith(rootPath)) {
                        path = path.substring(rootPath.length());
                    }
                }
            }
        } catch (URISyntaxException e) {
            throw invalid(buildUrl, "it is not a URL");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        int jobAt = segments.indexOf("job");
        if (jobAt < 0 || segments.size() < jobAt + 3 || (segments.size() - jobAt) % 2 == 0) {
            throw invalid(buildUrl, "expected job/<name>[/job/<name>...]/<number>");
        }
        List<String> names = new ArrayList<>();
        for (int i = jobAt; i < segments.size() - 1; i += 2) {
            if (!segments.get(i).equals("job")) {
                throw invalid(buildUrl, "expected 'job' before every job name");
            }
            names.add(decode(segments.get(i + 1), buildUrl));
        }
        String last = segments.get(segments.size() - 1);
        try {
            int number = Integer.parseInt(last);
            if (number > 0) {
                return new BuildReference(String.join("/", names), number);
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw invalid(buildUrl, "'" + last + "' is not a build number");
    }

    private static String decode(String segment, String buildUrl) throws RejectedException {
        try {
            return new URI("x:/" + segment).getPath().substring(1);
        } catch (URISyntaxException e) {
            throw invalid(buildUrl, "'" + segment + "' is not a valid path segment");
        }
    }

    private static RejectedException invalid(String buildUrl, String why) {
        return new RejectedException(ErrorCode.INVALID_FIELD, "build_url: '" + buildUrl + "' names no build: " + why);
    }
}
