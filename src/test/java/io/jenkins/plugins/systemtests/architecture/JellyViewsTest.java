package io.jenkins.plugins.systemtests.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every view escapes by default and keeps to Jenkins' Content-Security-Policy: no inline script, no on*= handlers. */
class JellyViewsTest {
    private static final Path RESOURCES = Path.of(System.getProperty("project.basedir", ".")).resolve("src/main/resources");
    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)(?![^>]*type=\"application/json\")[^>]*>",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern EVENT_HANDLER = Pattern.compile("\\s on[a-z]+\\s*=", Pattern.CASE_INSENSITIVE | Pattern.COMMENTS);
    private static final Pattern JAVASCRIPT_URL = Pattern.compile("javascript:", Pattern.CASE_INSENSITIVE);

    static List<String> problemsUnder(Path root) throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path view : files.filter(p -> p.toString().endsWith(".jelly")).sorted().toList()) {
                String text = Files.readString(view);
                String name = root.relativize(view).toString();
                if (!text.contains("<?jelly escape-by-default='true'?>")) {
                    problems.add(name + ": no escape-by-default");
                }
                if (INLINE_SCRIPT.matcher(text).find()) {
                    problems.add(name + ": inline script");
                }
                if (EVENT_HANDLER.matcher(text).find()) {
                    problems.add(name + ": on*= event handler attribute");
                }
                if (JAVASCRIPT_URL.matcher(text).find()) {
                    problems.add(name + ": javascript: URL");
                }
            }
        }
        return problems;
    }

    @Test
    void every_view_escapes_by_default_and_has_no_inline_script_or_handler() throws IOException {
        try (Stream<Path> files = Files.walk(RESOURCES)) {
            assertThat(files.filter(p -> p.toString().endsWith(".jelly")).count()).isGreaterThanOrEqualTo(4);
        }
        assertThat(problemsUnder(RESOURCES)).isEmpty();
    }

    @Test
    void the_scan_finds_each_kind_of_problem(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.jelly"), "<j:jelly><script>alert(1)</script></j:jelly>");
        Files.writeString(dir.resolve("b.jelly"), "<?jelly escape-by-default='true'?>\n<button onclick=\"go()\"/>");
        Files.writeString(dir.resolve("c.jelly"), "<?jelly escape-by-default='true'?>\n<a href=\"javascript:go()\"/>"
                + "<script src=\"x.js\"/><script type=\"application/json\">{}</script>");

        assertThat(problemsUnder(dir)).containsExactly("a.jelly: no escape-by-default", "a.jelly: inline script",
                "b.jelly: on*= event handler attribute", "c.jelly: javascript: URL");
    }
}
