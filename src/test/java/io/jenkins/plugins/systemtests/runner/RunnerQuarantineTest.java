package io.jenkins.plugins.systemtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.systemtests.core.model.TestId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The runner names a quarantined test as Jenkins does ({@link TestId}, from the plan it reports): the test Jenkins
 * names by {@code --quarantined} is the one whose failure the JUnit XML marks, for a master scenario and for tests
 * selected in the folder the runner starts in.
 */
class RunnerQuarantineTest extends RunnerFixture {
    private static final Pattern TESTCASE = Pattern.compile("(?s)<testcase [^>]*name=\"([^\"]*)\"[^>]*>(.*?)</testcase>");

    @Test
    void a_master_scenarios_failing_test_beside_its_folder_named_as_jenkins_names_it_is_marked_in_the_junit_xml() throws Exception {
        checkMarks("sample-tests/scenarios/scenario_master.py", "../test_cases/");
    }

    @Test
    void a_selected_failing_test_named_as_jenkins_names_it_is_marked_in_the_junit_xml() throws Exception {
        checkMarks("sample-tests/plain", "sample-tests/plain/");
    }

    private void checkMarks(String target, String idPrefix) throws Exception {
        Path plain = work.resolve("plain.xml");
        Result first = run(target, "--junit", plain.toString(), "--timeout", "5");
        String folder = first.events().get(0).at("/message/master_scenario/file_path").textValue();
        List<String[]> failing = new ArrayList<>(); // {id, file name}
        for (JsonNode event : first.events()) {
            if (event.get("kind").textValue().equals("test-stop")
                    && List.of("failed", "error").contains(event.at("/message/status").textValue())) {
                JsonNode stop = event.get("message");
                failing.add(new String[] {TestId.of(folder, stop.get("file_path").textValue(),
                        stop.get("file_name").textValue()).name(), stop.get("file_name").textValue()});
            }
        }
        assertThat(failing).as("failing tests of " + target).isNotEmpty();
        assertThat(Files.readString(plain)).doesNotContain("quarantined");

        String[] quarantined = failing.get(0);
        assertThat(quarantined[0]).as("named relative to the run's folder").startsWith(idPrefix);
        Path marked = work.resolve("marked.xml");
        run(target, "--junit", marked.toString(), "--timeout", "5", "--quarantined", quarantined[0],
                "--quarantined", "no/such/test.py");

        List<String> markedCases = new ArrayList<>();
        Matcher testcase = TESTCASE.matcher(Files.readString(marked));
        while (testcase.find()) {
            if (testcase.group(2).contains("<property name=\"quarantined\" value=\"true\"/>")) {
                assertThat(testcase.group(2)).containsPattern("<(failure|error) message=\"\\[quarantined\\] ");
                markedCases.add(testcase.group(1));
            }
        }
        assertThat(markedCases).as("the test named " + quarantined[0]).containsExactly(quarantined[1]);
    }
}
