package io.jenkins.plugins.systemtests.core.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventsFollowerTest {
    @Test
    void messages_split_across_reads_come_out_whole_and_once() {
        String file = "{\"kind\":\"dry-run\",\"message\":{\"machine_name\":\"m\"}}\n"
                + "{\"kind\":\"test-start\",\"message\":{\"file_name\":\"a.py\"}}\n"
                + "not json\n"
                + "{\"kind\":\"test-stop\",\"message\":{\"status\":\"passed\"}}\n";
        byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
        EventsFollower follower = new EventsFollower();
        List<EventsFollower.Event> events = new ArrayList<>();

        for (int i = 0; i < bytes.length; i += 7) {
            int length = Math.min(7, bytes.length - i);
            byte[] chunk = new byte[7];
            System.arraycopy(bytes, i, chunk, 0, length);
            events.addAll(follower.accept(chunk, length));
        }

        assertThat(events).extracting(EventsFollower.Event::kind)
                .containsExactly(MessageKind.DRY_RUN, MessageKind.TEST_START, MessageKind.TEST_STOP);
        assertThat(new String(events.get(1).message(), StandardCharsets.UTF_8)).isEqualTo("{\"file_name\":\"a.py\"}");
        assertThat(follower.offset()).isEqualTo(bytes.length);
    }

    @Test
    void a_line_still_being_written_waits_for_its_end() {
        EventsFollower follower = new EventsFollower();
        byte[] half = "{\"kind\":\"test-start\",\"message\":{".getBytes(StandardCharsets.UTF_8);
        byte[] rest = "}}\n".getBytes(StandardCharsets.UTF_8);

        assertThat(follower.accept(half, half.length)).isEmpty();
        assertThat(follower.accept(rest, rest.length)).hasSize(1);
    }
}
