package io.jenkins.plugins.systemtests.core.machines;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestMachinesApiTest {
    private final List<NewTestMachine> created = new ArrayList<>();

    private ApiResponse post(String json, TestMachinesApi.AgentCreator creator) {
        return new TestMachinesApi("system-tests", "lab-01"::equals, creator)
                .create(json.getBytes(StandardCharsets.UTF_8));
    }

    private ApiResponse post(String json) {
        return post(json, created::add);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(ApiResponse response) {
        return (Map<String, Object>) response.body();
    }

    @Test
    void a_valid_machine_is_created_with_the_test_machine_label() {
        ApiResponse response = post("{\"name\":\"lab-02\",\"host\":\"10.1.2.3\",\"port\":2222,\"credentialsId\":\"lab-ssh\","
                + "\"os\":\"linux\",\"remoteRoot\":\"/srv/agent\",\"executors\":\"2\",\"labels\":\"gpu\"}");

        assertThat(response.status()).isEqualTo(201);
        assertThat(body(response)).containsEntry("name", "lab-02").containsEntry("labels", "system-tests linux gpu");
        assertThat(created).singleElement().satisfies(m -> {
            assertThat(m.port()).isEqualTo(2222);
            assertThat(m.executors()).isEqualTo(2);
            assertThat(m.remoteRoot()).isEqualTo("/srv/agent");
        });
    }

    @Test
    void bad_input_is_a_4xx_with_every_problem_and_nothing_is_created() {
        ApiResponse invalid = post("{\"name\":\"\",\"host\":\"x y\",\"port\":\"abc\",\"labels\":[1]}");
        ApiResponse notJson = post("{name:");
        ApiResponse notObject = post("[1,2]");
        ApiResponse taken = post("{\"name\":\"lab-01\",\"host\":\"h\",\"credentialsId\":\"c\"}");

        assertThat(invalid.status()).isEqualTo(400);
        assertThat(body(invalid)).containsEntry("errorCode", "INVALID_FIELD");
        assertThat((List<?>) body(invalid).get("problems")).hasSizeGreaterThanOrEqualTo(4);
        assertThat(body(notJson)).containsEntry("errorCode", "MALFORMED_JSON");
        assertThat(notObject.status()).isEqualTo(400);
        assertThat(taken.status()).isEqualTo(409);
        assertThat(body(taken)).containsEntry("errorCode", "NAME_TAKEN");
        assertThat(created).isEmpty();
    }

    @Test
    void a_missing_agent_plugin_or_a_failed_save_is_said_plainly() {
        String valid = "{\"name\":\"lab-03\",\"host\":\"h\",\"credentialsId\":\"c\"}";

        ApiResponse missing = post(valid, m -> {
            throw new IllegalStateException("Install the SSH Build Agents plugin (ssh-slaves) to add SSH agents");
        });
        ApiResponse failed = post(valid, m -> {
            throw new IOException("/var/lib/jenkins/nodes/lab-03/config.xml: No space left on device");
        });

        assertThat(missing.status()).isEqualTo(409);
        assertThat(body(missing)).containsEntry("errorCode", "NOT_INSTALLED");
        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.headers()).containsEntry("Retry-After", "5");
        assertThat((String) body(failed).get("message")).contains("could not be saved; retry later")
                .as("the controller's paths stay in its log").doesNotContain("/var/lib/jenkins");
    }
}
