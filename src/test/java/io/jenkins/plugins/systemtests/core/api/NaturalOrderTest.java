package io.jenkins.plugins.systemtests.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NaturalOrderTest {
    /** The examples the pages' script is held to as well (src/test/js/common.test.js). */
    static List<String> examples() throws Exception {
        Path file = Path.of(System.getProperty("project.basedir", "."))
                .resolve("src/test/resources/io/jenkins/plugins/systemtests/core/api/natural-order.txt");
        return Files.readAllLines(file).stream().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
    }

    @Test
    void numbers_in_names_count_by_their_value() throws Exception {
        List<String> expected = examples();
        for (long seed = 1; seed <= 20; seed++) {
            List<String> shuffled = new ArrayList<>(expected);
            Collections.shuffle(shuffled, new Random(seed));
            shuffled.sort(NaturalOrder.INSTANCE);
            assertThat(shuffled).containsExactlyElementsOf(expected);
        }
        assertThat(NaturalOrder.INSTANCE.compare("machine-2", "machine-10")).isNegative();
    }

    @Test
    void names_that_differ_only_in_case_are_one_machine_when_case_is_ignored_and_two_otherwise() {
        assertThat(NaturalOrder.IGNORING_CASE.compare("Lab-7", "lab-7")).isZero();
        assertThat(NaturalOrder.INSTANCE.compare("Lab-7", "lab-7")).isNotZero();
        TreeMap<String, String> byName = new TreeMap<>(NaturalOrder.INSTANCE);
        for (String name : List.of("lab-1", "lab-01", "Lab-1", "lab-10")) {
            byName.put(name, name);
        }
        assertThat(byName).hasSize(4);
    }
}
