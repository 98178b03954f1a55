package io.jenkins.plugins.systemtests.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds references from core sources to Jenkins, Stapler, servlet or plugin classes, by import or full name. */
final class CoreIsJenkinsFree {
    private static final Pattern FORBIDDEN = Pattern.compile(
            "(?<![\\w.])(hudson|jenkins|org\\.kohsuke|org\\.jenkinsci|org\\.jvnet\\.hudson|com\\.cloudbees"
                    + "|jakarta\\.servlet|javax\\.servlet|net\\.sf\\.json)\\.[A-Za-z]");

    private CoreIsJenkinsFree() {
    }

    /** One line per offending source line: {@code path:line: text}. */
    static List<String> violationsUnder(Path root) {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    String code = stripComment(lines.get(i));
                    Matcher m = FORBIDDEN.matcher(code);
                    if (m.find()) {
                        violations.add(root.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return violations;
    }

    private static String stripComment(String line) {
        String trimmed = line.trim();
        if (trimmed.startsWith("*") || trimmed.startsWith("/*")) {
            return "";
        }
        int comment = line.indexOf("//");
        return comment >= 0 ? line.substring(0, comment) : line;
    }
}
