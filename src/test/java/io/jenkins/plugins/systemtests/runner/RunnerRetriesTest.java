package io.jenkins.plugins.systemtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code --retries N} and {@code --retry-on REGEX}: a test that failed or errored runs again, every attempt reported
 * (TEST STOP {@code retry: true} while another follows, {@code attempt} from the second on) and kept (its output in
 * {@code <n>.attempt-<k>.log}); the outcome is the last attempt's; a test that passed on a retry is flaky; the JUnit
 * XML is Maven Surefire's rerun format. Scripts rerun as a new process, pytest tests inside their session.
 */
class RunnerRetriesTest extends RunnerFixture {
    /** A script that fails while a marker file beside it is missing (creating it), and passes after. */
    private static final String FLAKY_SCRIPT = """
            import os
            mark = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'marker')
            if not os.path.exists(mark):
                open(mark, 'w').close()
                print('first attempt: the rig was still booting')
                raise AssertionError('the lamp did not light')
            print('second attempt: lit')
            """;

    private Path write(String relative, String text) throws IOException {
        Path file = work.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    /** Each message of the run but the plan, as "kind status attempt retry" ("start - 2 -"), in order. */
    private static List<String> attempts(Result result) {
        List<String> found = new ArrayList<>();
        for (JsonNode event : result.events()) {
            String kind = event.get("kind").textValue();
            if (kind.equals("dry-run")) {
                continue;
            }
            JsonNode message = event.get("message");
            found.add((kind.equals("test-start") ? "start" : "stop") + " " + message.path("status").asText("-") + " "
                    + message.path("attempt").asText("-") + " " + (message.path("retry").asBoolean() ? "retry" : "-"));
        }
        return found;
    }

    private static Element onlyTestCase(Path junit) throws Exception {
        NodeList cases = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile())
                .getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(1);
        return (Element) cases.item(0);
    }

    private static List<String> childNames(Element element) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < element.getChildNodes().getLength(); i++) {
            if (element.getChildNodes().item(i) instanceof Element child) {
                names.add(child.getTagName());
            }
        }
        return names;
    }

    @Test
    void a_script_that_fails_once_passes_on_its_retry_and_is_flaky_with_both_attempts_kept() throws Exception {
        Path test = write("lab/test_lamp.py", FLAKY_SCRIPT);
        Path junit = work.resolve("junit.xml");
        Path logs = work.resolve("logs");

        Result result = run(test.toString(), "--retries", "1", "--junit", junit.toString(), "--logs-dir",
                logs.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(attempts(result)).containsExactly("start - - -", "stop failed - retry", "start - 2 -",
                "stop passed 2 -");
        assertThat(result.output()).contains("[  1/1] FAILED  ").contains("lab/test_lamp.py (").contains("; retrying")
                .contains("lab/test_lamp.py (attempt 2 of 2)").contains("[  1/1] RETRY   ")
                .contains("flaky: passed on attempt 2").contains("System Tests: 1 passed (1 flaky)");
        assertThat(Files.readString(logs.resolve("0.attempt-1.log"))).contains("the rig was still booting")
                .contains("AssertionError: the lamp did not light");
        assertThat(Files.readString(logs.resolve("0.log"))).isEqualTo("second attempt: lit\n");
        Element testCase = onlyTestCase(junit);
        assertThat(childNames(testCase)).containsExactly("flakyFailure", "system-out");
        Element flaky = (Element) testCase.getElementsByTagName("flakyFailure").item(0);
        assertThat(flaky.getAttribute("message")).isEqualTo("AssertionError: the lamp did not light");
        assertThat(flaky.getElementsByTagName("system-out").item(0).getTextContent())
                .contains("the rig was still booting");
    }

    @Test
    void a_test_that_fails_every_attempt_fails_with_each_attempt_kept_as_a_rerun() throws Exception {
        Path test = write("lab/test_door.py", "raise AssertionError('the door did not lock')\n");
        Path junit = work.resolve("junit.xml");

        Result result = run(test.toString(), "--retries", "2", "--junit", junit.toString());

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(attempts(result)).containsExactly("start - - -", "stop failed - retry", "start - 2 -",
                "stop failed 2 retry", "start - 3 -", "stop failed 3 -");
        assertThat(result.output()).contains("after 3 attempts").contains("System Tests: 1 failed")
                .doesNotContain("flaky");
        assertThat(childNames(onlyTestCase(junit))).containsExactly("rerunFailure", "rerunFailure", "failure",
                "system-out");
    }

    @Test
    void retry_on_retries_only_the_reasons_it_matches() throws Exception {
        Path test = write("lab/test_lamp.py", FLAKY_SCRIPT);

        Result notMatching = run(test.toString(), "--retries", "3", "--retry-on", "TimeoutError|ConnectionError");

        assertThat(attempts(notMatching)).containsExactly("start - - -", "stop failed - -");
        assertThat(notMatching.exitCode()).isEqualTo(1);

        Files.delete(work.resolve("lab/marker"));
        Result matching = run(test.toString(), "--retries", "3", "--retry-on", "did not light");

        assertThat(attempts(matching)).containsExactly("start - - -", "stop failed - retry", "start - 2 -",
                "stop passed 2 -");
    }

    @Test
    void without_retries_nothing_runs_twice() throws Exception {
        Path test = write("lab/test_lamp.py", FLAKY_SCRIPT);

        Result result = run(test.toString());

        assertThat(attempts(result)).containsExactly("start - - -", "stop failed - -");
    }

    @Test
    void a_pytest_test_is_retried_inside_its_session_with_its_own_fixtures_set_up_again_and_wider_ones_kept()
            throws Exception {
        write("suite/test_rig.py", """
                import os
                import pytest

                MARK = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'marker')

                @pytest.fixture(scope='module')
                def rig():
                    print('rig powered on')
                    yield 'rig'

                @pytest.fixture
                def door():
                    print('door opened')
                    yield 'door'
                    print('door closed')

                def test_flaky(rig, door):
                    if not os.path.exists(MARK):
                        open(MARK, 'w').close()
                        assert False, 'the door stuck'

                def test_after():
                    pass
                """);
        Path junit = work.resolve("junit.xml");

        Result result = runIn(work.resolve("suite"), "test_rig.py", "--retries", "1", "--junit", junit.toString());

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(attempts(result)).containsExactly("start - - -", "stop failed - retry", "start - 2 -",
                "stop passed 2 -", "start - - -", "stop passed - -");
        // pytest's own summary sees one outcome per test, the last attempt's.
        assertThat(result.output()).contains("System Tests: pytest: 2 passed").contains("2 passed (1 flaky)");
        JsonNode firstStop = result.events().get(2).get("message");
        assertThat(firstStop.get("reason").textValue()).startsWith("AssertionError: the door stuck");
        String xml = Files.readString(junit);
        assertThat(xml).contains("<flakyFailure message=\"AssertionError: the door stuck")
                .containsOnlyOnce("rig powered on");
        assertThat(xml.split("door opened", -1)).hasSize(3);
    }

    @Test
    void a_master_scenario_gets_the_last_attempts_status_from_run_test_case() throws Exception {
        write("m/test_cases/lamp/test_lamp.py", FLAKY_SCRIPT);
        Path seen = work.resolve("seen.txt");
        write("m/scenarios/scenario_lamp.py", """
                import run
                from run import run_test_case

                status = run_test_case('lamp/test_lamp.py')
                if not run.DRY_RUN:
                    open(%s, 'w').write(status)
                """.formatted("'" + seen.toString().replace("\\", "/") + "'"));
        Path master = write("m/scenarios/scenario_master.py", "from run import run_scenario\n"
                + "run_scenario('scenario_lamp.py')\n");

        Result result = run(master.toString(), "--retries", "1");

        assertThat(attempts(result)).containsExactly("start - - -", "stop failed - retry", "start - 2 -",
                "stop passed 2 -");
        assertThat(Files.readString(seen)).isEqualTo("passed");
    }

    @Test
    void a_bad_retries_or_retry_on_is_a_usage_error_naming_the_option() throws Exception {
        Path test = write("lab/test_ok.py", "pass\n");

        for (String[] options : List.of(new String[] {"--retries", "-1"}, new String[] {"--retries", "two"})) {
            Result result = run(test.toString(), options[0], options[1]);
            assertThat(result.exitCode()).isEqualTo(2);
            assertThat(result.output()).contains("argument --retries:");
            assertThat(result.events()).isEmpty();
        }
        Result badPattern = run(test.toString(), "--retry-on", "(unclosed");
        assertThat(badPattern.exitCode()).isEqualTo(2);
        assertThat(badPattern.output()).contains("argument --retry-on: not a regular expression");
    }
}
