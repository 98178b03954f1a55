package io.jenkins.plugins.systemtests.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A test's one name across builds, for the quarantine and the job's history alike. */
class TestIdTest {
    @Test
    void a_test_is_named_relative_to_the_runs_folder_so_the_same_test_is_found_in_any_workspace() {
        assertThat(TestId.of("/ws/job", "/ws/job/t", "test_a.py").name()).isEqualTo("t/test_a.py");
        assertThat(TestId.of("/ws/job@2/", "/ws/job@2/t/deep", "test_a.py").name()).isEqualTo("t/deep/test_a.py");
        assertThat(TestId.of("/ws/job", "/ws/job", "test_top.py").name()).isEqualTo("test_top.py");
        assertThat(TestId.of("/ws/job/scenarios", "/ws/job/test_cases/01_lamp", "test_lamp.py").name())
                .isEqualTo("../test_cases/01_lamp/test_lamp.py");
        assertThat(TestId.of("/ws/job", "/opt/lab/t", "test_a.py").name()).isEqualTo("/opt/lab/t/test_a.py");
        assertThat(TestId.of("/ws", "/opt/t", "test_a.py").name()).as("nothing beside the root")
                .isEqualTo("/opt/t/test_a.py");
        assertThat(TestId.of("C:\\ws\\job", "C:\\ws\\job\\t", "test_a.py").name()).isEqualTo("t/test_a.py");
    }

    @Test
    void the_same_test_in_another_workspace_concurrent_build_or_agent_has_the_same_history_key() {
        String here = TestId.of("/var/jenkins/workspace/nightly", "/var/jenkins/workspace/nightly/tests/door",
                "test_door.py").key();

        assertThat(TestId.of("/var/jenkins/workspace/nightly@2", "/var/jenkins/workspace/nightly@2/tests/door",
                "test_door.py").key()).as("a concurrent build's @2 workspace").isEqualTo(here);
        assertThat(TestId.of("/home/rig7/ws/nightly/", "/home/rig7/ws/nightly/tests/door/", "test_door.py").key())
                .as("another agent's workspace root").isEqualTo(here);
        assertThat(TestId.of("D:\\jenkins\\ws\\nightly", "D:\\jenkins\\ws\\nightly\\tests\\door", "test_door.py")
                .key()).as("a Windows agent").isEqualTo(here);
        assertThat(TestId.of("/var/jenkins/workspace/nightly", "/var/jenkins/workspace/nightly/tests/lock",
                "test_door.py").key()).as("a file of that name in another folder").isNotEqualTo(here);
    }

    @Test
    void the_history_key_keeps_folder_and_file_name_apart_even_when_a_pytest_name_holds_a_slash() {
        TestId pytest = TestId.of("/ws/job", "/ws/job/tests", "test_api.py::test_get[/v1/doors]");

        assertThat(pytest.name()).as("the quarantine's name").isEqualTo("tests/test_api.py::test_get[/v1/doors]");
        assertThat(TestId.ofKey(pytest.key())).isEqualTo(pytest);
        assertThat(TestId.ofKey(pytest.key()).folder()).isEqualTo("tests");
        assertThat(TestId.ofKey(TestId.of("/ws/job", "/ws/job", "test_top.py").key()))
                .isEqualTo(new TestId("", "test_top.py"));
    }
}
