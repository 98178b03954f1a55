package io.jenkins.plugins.systemtests.core.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestEnvironmentTest {
    @Test
    void a_number_from_1_to_100_is_the_resource_system_test_env_n() {
        assertThat(TestEnvironment.parse("7").resourceName()).isEqualTo("system-test-env-7");
        assertThat(TestEnvironment.parse(" 007 ").resourceName()).isEqualTo("system-test-env-7");
        assertThat(TestEnvironment.parse("1").id()).isEqualTo("1");
        assertThat(TestEnvironment.parse("100").id()).isEqualTo("100");
    }

    @Test
    void a_name_is_kept_and_its_resource_is_lower_case() {
        assertThat(TestEnvironment.parse("Lab_B-2").resourceName()).isEqualTo("system-test-env-lab_b-2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "99999999999999", "", "  ", "-1", "lab b", "lab/1", "läb", "_x", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void anything_else_is_refused_with_a_clear_message(String value) {
        assertThatThrownBy(() -> TestEnvironment.parse(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("(Enter a test environment|Test environment .* does not exist|'.*' is not a test environment name).*");
    }

    @Test
    void form_validation_messages() {
        assertThat(TestEnvironment.problemWith("", false)).isEmpty();
        assertThat(TestEnvironment.problemWith("", true)).contains("Enter a test environment: a number from 1 to 100 or a name");
        assertThat(TestEnvironment.problemWith("101", false)).contains("Test environment 101 does not exist: numbers go from 1 to 100");
    }

    @Test
    void a_job_property_names_the_environment_only_by_its_exact_resource_name() {
        TestEnvironment seven = TestEnvironment.parse("7");

        assertThat(seven.isNamedIn("system-test-env-7")).isTrue();
        assertThat(seven.isNamedIn("  other-board\tsystem-test-env-7\n")).isTrue();
        assertThat(seven.isNamedIn("system-test-env-70 system-test-env-")).isFalse();
        assertThat(seven.isNamedIn("")).isFalse();
        assertThat(seven.isNamedIn(null)).isFalse();
        assertThat(TestEnvironment.parse("Lab-A").isNamedIn("system-test-env-lab-a")).isTrue();
    }
}
