package io.jenkins.plugins.systemtests.core.machines;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.machines.NewTestMachine.InvalidMachineException;
import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.JsonBodies;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /system-tests/test-machines/create}: adds a test machine as an agent, from a JSON body
 * {@code {name, host, port, credentialsId, os, remoteRoot, executors, labels}}. Answers 201 with the agent's name,
 * 400 listing every field's problem, 409 when the name is taken or the agent type is not installed.
 */
public final class TestMachinesApi {
    private static final Logger LOGGER = Logger.getLogger(TestMachinesApi.class.getName());
    public static final int MAX_REQUEST_BYTES = 16 * 1024;

    /** Creates the agent in Jenkins; the core only decides what to create. */
    @FunctionalInterface
    public interface AgentCreator {
        /**
         * @throws IllegalStateException with a message for the user when such agents cannot be made here
         * @throws IOException when Jenkins could not save the agent
         */
        void create(NewTestMachine machine) throws IOException;
    }

    private final String testMachineLabel;
    private final Predicate<String> nameTaken;
    private final AgentCreator creator;

    public TestMachinesApi(String testMachineLabel, Predicate<String> nameTaken, AgentCreator creator) {
        this.testMachineLabel = testMachineLabel;
        this.nameTaken = nameTaken;
        this.creator = creator;
    }

    public ApiResponse create(byte[] body) {
        JsonNode json;
        try {
            json = JsonBodies.read(body);
        } catch (RejectedException e) {
            return ApiResponse.error(e);
        }
        if (!json.isObject()) {
            return ApiResponse.error(ErrorCode.INVALID_FIELD, "The body must be a JSON object");
        }
        NewTestMachine machine;
        try {
            machine = NewTestMachine.of(text(json, "name"), text(json, "host"), text(json, "port"),
                    text(json, "credentialsId"), text(json, "os"), text(json, "remoteRoot"), text(json, "executors"),
                    text(json, "labels"), testMachineLabel);
        } catch (InvalidMachineException e) {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("errorCode", ErrorCode.INVALID_FIELD.name());
            error.put("message", e.getMessage());
            error.put("problems", e.problems());
            return ApiResponse.of(ErrorCode.INVALID_FIELD.httpStatus(), error);
        }
        if (nameTaken.test(machine.name())) {
            return ApiResponse.error(ErrorCode.NAME_TAKEN, "There is already a node named " + machine.name());
        }
        try {
            creator.create(machine);
        } catch (IllegalStateException e) {
            return ApiResponse.error(ErrorCode.NOT_INSTALLED, e.getMessage());
        } catch (IOException e) {
            // Its message names files of the controller: it goes to the log, not to the page.
            LOGGER.log(Level.WARNING, "Test machine " + machine.name() + " could not be saved as an agent", e);
            return ApiResponse.error(ErrorCode.STORAGE_UNAVAILABLE,
                    "The agent could not be saved; retry later (the Jenkins log has the cause)");
        }
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("name", machine.name());
        created.put("labels", machine.labelString());
        return ApiResponse.of(201, created);
    }

    /** A field as text: numbers are accepted as typed; absent or null is blank. */
    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() ? "" : value.isValueNode() ? value.asText() : "\u0000";
    }
}
