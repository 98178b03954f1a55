package io.jenkins.plugins.systemtests.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/architecture.md has a row for every package of the plugin, and none for a package that is gone. */
class DocumentedPackagesTest {
    private static final Path BASEDIR = Path.of(System.getProperty("project.basedir", "."));
    private static final String PLUGIN = "io.jenkins.plugins.systemtests.";
    private static final Pattern NAME = Pattern.compile("`([a-z.]+)`");

    /** The backticked names in the first column of the table under {@code ## Packages}. */
    static Set<String> documented(String markdown) {
        int section = markdown.indexOf("\n## Packages\n");
        assertThat(section).as("a '## Packages' section").isNotNegative();
        Set<String> names = new TreeSet<>();
        for (String line : markdown.substring(section + 1).split("\n")) {
            if (line.startsWith("## ") && !line.equals("## Packages")) {
                break;
            }
            if (line.startsWith("| `")) {
                Matcher name = NAME.matcher(line.substring(0, line.indexOf('|', 1)));
                while (name.find()) {
                    names.add(name.group(1));
                }
            }
        }
        return names;
    }

    @Test
    void the_map_has_a_row_for_every_package_and_none_for_a_package_that_is_gone() throws IOException {
        Set<String> packages = PackageCycles.dependencies(BASEDIR.resolve("src/main/java")).keySet().stream()
                .map(name -> name.substring(PLUGIN.length())).collect(Collectors.toCollection(TreeSet::new));
        assertThat(packages).contains("core.store", "jenkins", "jenkins.results");

        assertThat(documented(Files.readString(BASEDIR.resolve("docs/architecture.md")))).isEqualTo(packages);
    }

    @Test
    void the_check_reads_the_first_column_of_the_packages_table_only() {
        String markdown = """
                # Map

                | package | what it holds |
                |---|---|
                | `not.this` | an earlier table |

                ## Packages

                | package | what it holds |
                |---|---|
                | `core.a`, `core.b` | two, with `core.c` named in the text |
                | `jenkins` | the base |

                ## Later

                | `not.that` | a later table |
                """;

        assertThat(documented(markdown)).containsExactly("core.a", "core.b", "jenkins");
    }
}
