package io.jenkins.plugins.systemtests.core.protocol;

import static io.jenkins.plugins.systemtests.core.support.Plans.example;
import static io.jenkins.plugins.systemtests.core.support.Plans.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class MessageParserTest {
    private final MessageParser parser = new MessageParser();

    @Test
    void the_example_dry_run_is_accepted_verbatim() throws Exception {
        DryRun plan = (DryRun) parser.parse(MessageKind.DRY_RUN, example("dry-run.json"));

        assertThat(plan.machineName()).isEqualTo("machine #1");
        assertThat(plan.timestamp()).isEqualTo(LocalDateTime.of(2018, 12, 30, 13, 1, 57, 461_401_000));
        assertThat(plan.masterScenario().fileName()).isEqualTo("scenario_master.py");
        assertThat(plan.scenarios()).extracting(s -> s.scenario().fileName())
                .containsExactly("scenario_01_feature_lamp.py", "scenario_03_feature_trunk.py");
        assertThat(plan.testsInOrder()).extracting(ScriptRef::fileName)
                .containsExactly("01_01_test_lamp.py", "01_02_test_lamp.py", "01_01_test_door.py", "01_02_test_door.py");
        assertThat(plan.testsInOrder().get(1).script()).contains("RUN_DATA.last_status = 'warning'");
        assertThat(plan.buildUrl()).isNull();
    }

    @Test
    void the_example_start_and_stop_are_accepted_verbatim() throws Exception {
        TestStart start = (TestStart) parser.parse(MessageKind.TEST_START, example("test-start.json"));
        TestStop stop = (TestStop) parser.parse(MessageKind.TEST_STOP, example("test-stop.json"));

        assertThat(start).isEqualTo(new TestStart("machine #1", "/virtual_testing_machine/src/test_cases/01_feature_lamp",
                "01_01_test_lamp.py", LocalDateTime.of(2018, 12, 30, 13, 1, 57, 573_828_000)));
        assertThat(stop.status()).isEqualTo(TestStatus.PASSED);
        assertThat(stop.stop()).isEqualTo(LocalDateTime.of(2018, 12, 30, 13, 1, 59, 622_177_000));
    }

    @Test
    void a_missing_field_is_named_with_its_place_in_the_plan() {
        String body = new String(example("dry-run.json"))
                .replace("\"file_name\": \"01_01_test_door.py\",", "");
        assertRejected(() -> parser.parse(MessageKind.DRY_RUN, utf8(body)), ErrorCode.INVALID_FIELD,
                "master_scenario.scenarios[1].tests[0].file_name: missing");
    }

    @Test
    void a_wrong_type_is_named_with_the_type_found() {
        String body = "{\"machine_name\": 7, \"file_path\": \"/p\", \"file_name\": \"a.py\","
                + " \"timestamp_start\": \"2018-12-30 13:01:57.573828\"}";
        assertRejected(() -> parser.parse(MessageKind.TEST_START, utf8(body)), ErrorCode.INVALID_FIELD,
                "machine_name: must be a string, not a number");
    }

    @Test
    void a_bad_timestamp_is_its_own_error() {
        String body = new String(example("test-start.json")).replace("2018-12-30 13:01:57.573828", "30/12/2018");
        assertRejected(() -> parser.parse(MessageKind.TEST_START, utf8(body)), ErrorCode.INVALID_TIMESTAMP,
                "timestamp_start: '30/12/2018' is not a timestamp");
    }

    @Test
    void a_stop_may_say_skipped_and_every_status_of_the_seed_is_still_taken() throws Exception {
        for (String status : new String[] {"passed", "warning", "error", "failed", "cancelled", "unknown", "skipped"}) {
            String body = new String(example("test-stop.json")).replace("\"passed\"", "\"" + status + "\"");
            TestStop stop = (TestStop) parser.parse(MessageKind.TEST_STOP, utf8(body));
            assertThat(stop.status().wireName()).isEqualTo(status);
        }
    }

    @Test
    void a_stop_must_carry_a_final_status() {
        String body = new String(example("test-stop.json")).replace("\"passed\"", "\"running\"");
        assertRejected(() -> parser.parse(MessageKind.TEST_STOP, utf8(body)), ErrorCode.INVALID_FIELD,
                "status: must be one of passed, warning, skipped, failed, error, cancelled, unknown, not 'running'");
    }

    @Test
    void malformed_json_duplicate_keys_and_trailing_garbage_are_refused() {
        assertRejected(() -> parser.parse(MessageKind.TEST_START, utf8("{\"machine_name\": ")),
                ErrorCode.MALFORMED_JSON, "Not valid JSON at line 1, column 18: unexpected end of input");
        assertRejected(() -> parser.parse(MessageKind.TEST_START,
                utf8("{\"machine_name\": \"a\", \"machine_name\": \"b\"}")), ErrorCode.MALFORMED_JSON,
                "Not valid JSON at line 1, column 37: field 'machine_name' appears twice");
        assertRejected(() -> parser.parse(MessageKind.TEST_START, utf8("{} {}")), ErrorCode.MALFORMED_JSON,
                "more after the end of the JSON value");
        assertRejected(() -> parser.parse(MessageKind.TEST_START, utf8("")), ErrorCode.MALFORMED_JSON, "empty");
        assertRejected(() -> parser.parse(MessageKind.TEST_START, utf8("[1]")), ErrorCode.INVALID_FIELD,
                "must be a JSON object, not an array");
    }

    @Test
    void deep_nesting_is_refused_without_a_stack_overflow() {
        String deep = "{\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        assertRejected(() -> parser.parse(MessageKind.TEST_START, utf8(deep)), ErrorCode.MALFORMED_JSON,
                "nested deeper than 64 levels");
    }

    @Test
    void control_characters_in_names_are_refused_but_unicode_is_welcome() throws Exception {
        String control = new String(example("test-start.json")).replace("01_01_test_lamp.py", "01\\u0007.py");
        assertRejected(() -> parser.parse(MessageKind.TEST_START, utf8(control)), ErrorCode.INVALID_FIELD,
                "file_name: contains a control character");
        String unicode = new String(example("test-start.json")).replace("01_01_test_lamp.py", "Prüfung_🚗.py");
        assertThat(((TestStart) parser.parse(MessageKind.TEST_START, utf8(unicode))).fileName())
                .isEqualTo("Prüfung_🚗.py");
    }

    @Test
    void unknown_fields_are_ignored_and_a_build_url_is_kept() throws Exception {
        String body = new String(example("dry-run.json")).replaceFirst("\\{",
                "{\"build_url\": \"job/lab/7/\", \"new_field\": {\"a\": [1, 2]},");
        DryRun plan = (DryRun) parser.parse(MessageKind.DRY_RUN, utf8(body));
        assertThat(plan.buildUrl()).isEqualTo("job/lab/7/");
    }

    @Test
    void a_huge_script_is_kept_cut_to_the_cap_and_marked() throws Exception {
        String huge = "x".repeat(MessageParser.SCRIPT_CAP + 10);
        String body = new String(example("dry-run.json")).replace("import os\\nfrom run import SCENARIOS_DIR", huge);
        DryRun plan = (DryRun) parser.parse(MessageKind.DRY_RUN, utf8(body));
        assertThat(plan.masterScenario().script()).hasSize(MessageParser.SCRIPT_CAP);
        assertThat(plan.masterScenario().scriptTruncated()).isTrue();
        assertThat(plan.scenarios().get(0).scenario().scriptTruncated()).isFalse();
    }

    private static void assertRejected(ThrowingCallable call, ErrorCode code, String messagePart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RejectedException.class, e -> {
            assertThat(e.errorCode()).isEqualTo(code);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }
}
