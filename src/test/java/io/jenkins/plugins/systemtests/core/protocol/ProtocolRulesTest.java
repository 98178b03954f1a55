package io.jenkins.plugins.systemtests.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.systemtests.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The protocol's rules live once, in {@link TestStatus} and {@link ElidedOutput}; the runner and the pages' script
 * copy them. This fails when a copy drifts: the runner's constants are read by importing runner.py in Python, the
 * pages' order from common.js.
 */
class ProtocolRulesTest {
    private static final Path BASEDIR = Path.of(System.getProperty("project.basedir", ".")).toAbsolutePath();
    private static final Path RUNNER = BASEDIR.resolve("src/main/resources/io/jenkins/plugins/systemtests/runner/runner.py");
    private static final Path COMMON_JS = BASEDIR.resolve("src/main/webapp/js/common.js");
    private static final String PYTHON = System.getenv().getOrDefault("SYSTEM_TESTS_PYTHON", "python3");

    private static List<String> wireNames(List<TestStatus> statuses) {
        return statuses.stream().map(TestStatus::wireName).toList();
    }

    private static JsonNode runnerConstants() throws Exception {
        String script = "import json, runpy, sys\n"
                + "rules = runpy.run_path(sys.argv[1])\n"
                + "print(json.dumps({name: rules[name] for name in ('PRECEDENCE', 'DISPLAY_ORDER', 'FINAL_STATUSES',"
                + " 'GOOD_STATUSES', 'ELISION', 'FLAKY', 'RETRIED_STATUSES', 'FLAKY_FINAL_STATUSES')}))\n";
        Process python = new ProcessBuilder(PYTHON, "-c", script, RUNNER.toString()).redirectErrorStream(true).start();
        String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(python.exitValue()).as(output).isZero();
        return Json.MAPPER.readTree(output);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.textValue()));
        return texts;
    }

    @Test
    void the_runner_rolls_up_shows_counts_and_marks_cut_output_by_the_protocols_rules() throws Exception {
        JsonNode runner = runnerConstants();

        assertThat(texts(runner.get("PRECEDENCE"))).containsExactlyElementsOf(wireNames(List.of(TestStatus.values())));
        assertThat(texts(runner.get("DISPLAY_ORDER"))).containsExactlyElementsOf(wireNames(TestStatus.DISPLAY_ORDER));
        assertThat(String.join(", ", texts(runner.get("FINAL_STATUSES")))).isEqualTo(TestStatus.finalWireNames());
        assertThat(texts(runner.get("GOOD_STATUSES"))).as("a run of these exits 0")
                .containsExactlyInAnyOrderElementsOf(wireNames(List.of(TestStatus.values()).stream()
                        .filter(TestStatus::isSuccess).toList()));
        assertThat(runner.get("ELISION").textValue()).isEqualTo(ElidedOutput.LINE);
        assertThat(runner.get("FLAKY").textValue()).isEqualTo(TestStatus.FLAKY);
        assertThat(texts(runner.get("RETRIED_STATUSES"))).as("retried")
                .containsExactlyInAnyOrderElementsOf(wireNames(List.of(TestStatus.values()).stream()
                        .filter(TestStatus::isRetried).toList()));
        assertThat(texts(runner.get("FLAKY_FINAL_STATUSES"))).as("a pass after a retried attempt is flaky")
                .containsExactlyInAnyOrderElementsOf(wireNames(List.of(TestStatus.values()).stream()
                        .filter(s -> TestStatus.isFlaky(s, List.of(TestStatus.FAILED))).toList()));
        assertThat(ElidedOutput.isElided("head\n" + ElidedOutput.LINE.formatted(1234) + "\ntail")).isTrue();
    }

    @Test
    void the_api_description_lists_the_statuses_in_precedence_order_and_those_a_stop_may_carry() throws Exception {
        String openapi = Files.readString(BASEDIR.resolve("docs/openapi.yaml"));
        Matcher precedence = Pattern.compile("Status:\\n(?:\\s+\\w+: [^\\n]*\\n)*?\\s+enum: \\[([^\\]]*)\\]")
                .matcher(openapi);
        Matcher stop = Pattern.compile("TestStop:[\\s\\S]*?status: \\{type: string, enum: \\[([^\\]]*)\\]")
                .matcher(openapi);

        assertThat(precedence.find()).as("the Status schema").isTrue();
        assertThat(List.of(precedence.group(1).split(",\\s*")))
                .containsExactlyElementsOf(wireNames(List.of(TestStatus.values())));
        assertThat(stop.find()).as("the TestStop schema").isTrue();
        assertThat(stop.group(1)).isEqualTo(TestStatus.finalWireNames());
    }

    @Test
    void the_pages_show_counts_in_the_protocols_display_order_with_a_mark_for_every_status() throws Exception {
        String script = Files.readString(COMMON_JS);
        Matcher order = Pattern.compile("var ORDER = \\[([^\\]]*)\\];").matcher(script);
        assertThat(order.find()).as("common.js declares ORDER").isTrue();
        List<String> pageOrder = Stream.of(order.group(1).split(",")).map(s -> s.trim().replace("'", "")).toList();

        assertThat(pageOrder).containsExactlyElementsOf(wireNames(TestStatus.DISPLAY_ORDER));
        for (TestStatus status : TestStatus.values()) {
            assertThat(script).as("an icon for %s", status.wireName()).containsPattern("\\b" + status.wireName() + ": '");
        }
        assertThat(script).as("the flaky mark, and its icon").contains("var FLAKY = '" + TestStatus.FLAKY + "';")
                .containsPattern("\\b" + TestStatus.FLAKY + ": '");
    }
}
