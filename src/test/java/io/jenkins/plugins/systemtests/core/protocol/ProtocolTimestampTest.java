package io.jenkins.plugins.systemtests.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolTimestampTest {
    @Test
    void reads_the_machines_format_with_microseconds() {
        assertThat(ProtocolTimestamp.parse("2018-12-30 13:01:57.461401"))
                .contains(LocalDateTime.of(2018, 12, 30, 13, 1, 57, 461_401_000));
    }

    @Test
    void reads_pythons_format_for_a_whole_second_and_an_iso_separator() {
        assertThat(ProtocolTimestamp.parse("2018-12-30 13:01:57")).contains(LocalDateTime.of(2018, 12, 30, 13, 1, 57));
        assertThat(ProtocolTimestamp.parse("2018-12-30T13:01:57.5"))
                .contains(LocalDateTime.of(2018, 12, 30, 13, 1, 57, 500_000_000));
    }

    @Test
    void writes_what_it_reads() {
        String text = "2018-12-30 13:01:59.622177";
        assertThat(ProtocolTimestamp.format(ProtocolTimestamp.parse(text).orElseThrow())).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "yesterday", "2018-12-30", "2018-02-30 13:01:57.1", "2018-12-30 25:01:57",
            "2018-12-30 13:01:57.1234567", "2018-12-3013:01:57", "2018-12-30 13:01:57+01:00", "2018-12-30x13:01:57"})
    void refuses_anything_else(String text) {
        assertThat(ProtocolTimestamp.parse(text)).isEmpty();
    }
}
