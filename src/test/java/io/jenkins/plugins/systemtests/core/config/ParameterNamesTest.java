package io.jenkins.plugins.systemtests.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Unknown step parameters are named, with the valid one the user most likely meant. */
class ParameterNamesTest {
    private static final List<String> RUN = List.of("tests", "environment", "python", "timeoutMinutes", "junitXml",
            "unstableOn", "failureOn", "requirements", "credentials", "environments", "environmentLabel");

    @Test
    void a_misspelt_parameter_is_named_with_the_one_meant() {
        assertThat(ParameterNames.unknown(List.of("tests", "enviroment"), RUN))
                .contains("Unknown parameter 'enviroment'; did you mean 'environment'?");
    }

    @Test
    void a_misspelt_list_of_environments_is_not_taken_for_the_single_environment() {
        assertThat(ParameterNames.unknown(List.of("tests", "enviroments"), RUN))
                .contains("Unknown parameter 'enviroments'; did you mean 'environments'?");
        assertThat(ParameterNames.unknown(List.of("environmentLable"), RUN))
                .contains("Unknown parameter 'environmentLable'; did you mean 'environmentLabel'?");
    }

    @Test
    void valid_parameters_pass() {
        assertThat(ParameterNames.unknown(List.of("tests", "environment", "timeoutMinutes"), RUN)).isEmpty();
        assertThat(ParameterNames.unknown(List.of(), RUN)).isEmpty();
    }

    @Test
    void every_unknown_parameter_is_named() {
        assertThat(ParameterNames.unknown(List.of("test", "timeoutMinuts"), RUN)).contains(
                "Unknown parameter 'test'; did you mean 'tests'? "
                        + "Unknown parameter 'timeoutMinuts'; did you mean 'timeoutMinutes'?");
    }

    @Test
    void a_name_near_no_parameter_gets_the_list_rather_than_a_guess() {
        assertThat(ParameterNames.unknown(List.of("label"), List.of("environment", "waitTimeoutMinutes")))
                .contains("Unknown parameter 'label'; the parameters are environment, waitTimeoutMinutes.");
    }

    @Test
    void the_closest_name_wins_with_case_swaps_and_abbreviations_understood() {
        assertThat(ParameterNames.closest("Environment", RUN)).contains("environment");
        assertThat(ParameterNames.closest("pyhton", RUN)).contains("python");
        assertThat(ParameterNames.closest("junitxml", RUN)).contains("junitXml");
        assertThat(ParameterNames.closest("env", RUN)).contains("environment");
        assertThat(ParameterNames.closest("waitTimout", List.of("environment", "waitTimeoutMinutes")))
                .contains("waitTimeoutMinutes");
        assertThat(ParameterNames.closest("timeout", RUN)).contains("timeoutMinutes");
        assertThat(ParameterNames.closest("failOn", RUN)).contains("failureOn");
        assertThat(ParameterNames.closest("node", RUN)).isEmpty();
    }

    @Test
    void edit_distance_counts_inserts_deletes_replacements_and_swaps() {
        assertThat(ParameterNames.distance("enviroment", "environment")).isEqualTo(1);
        assertThat(ParameterNames.distance("pyhton", "python")).isEqualTo(1);
        assertThat(ParameterNames.distance("tset", "tests")).isEqualTo(2);
        assertThat(ParameterNames.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(ParameterNames.distance("", "abc")).isEqualTo(3);
        assertThat(ParameterNames.distance("same", "same")).isZero();
    }
}
