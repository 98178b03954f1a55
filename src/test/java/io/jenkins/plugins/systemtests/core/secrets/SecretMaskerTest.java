package io.jenkins.plugins.systemtests.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SecretMaskerTest {
    private static String through(SecretMasker masker, byte[] input, int chunk) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = masker.wrap(sink)) {
            for (int i = 0; i < input.length; i += chunk) {
                out.write(input, i, Math.min(chunk, input.length - i));
            }
        }
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void every_occurrence_of_every_secret_is_masked_and_the_longer_secret_first() {
        SecretMasker masker = new SecretMasker(List.of("s3cret", "user:s3cret"));

        assertThat(masker.mask("login user:s3cret then s3cret again")).isEqualTo("login **** then **** again");
    }

    @Test
    void empty_and_missing_secrets_mask_nothing_and_pass_the_text_through() throws IOException {
        SecretMasker masker = new SecretMasker(java.util.Arrays.asList("", null));

        assertThat(masker.isEmpty()).isTrue();
        assertThat(masker.mask("text")).isEqualTo("text");
        assertThat(through(masker, "a line\nand a last one".getBytes(StandardCharsets.UTF_8), 3))
                .isEqualTo("a line\nand a last one");
    }

    @Test
    void closing_the_wrapped_stream_leaves_the_build_log_open_with_or_without_secrets() throws IOException {
        for (SecretMasker masker : List.of(new SecretMasker(List.of()), new SecretMasker(List.of("s3cret")))) {
            ClosingSink log = new ClosingSink();
            OutputStream console = masker.wrap(log);
            console.write("tests ran\n".getBytes(StandardCharsets.UTF_8));
            console.close();

            assertThat(log.closed).as("the build log closed").isFalse();
            log.write("the step's last lines\n".getBytes(StandardCharsets.UTF_8));
            assertThat(log.toString(StandardCharsets.UTF_8)).isEqualTo("tests ran\nthe step's last lines\n");
        }
    }

    private static final class ClosingSink extends ByteArrayOutputStream {
        private boolean closed;

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void a_secret_split_over_many_small_writes_never_reaches_the_stream() throws IOException {
        SecretMasker masker = new SecretMasker(List.of("hunter2-ÄÖ-密码"));
        byte[] input = "line one\npassword=hunter2-ÄÖ-密码 ok\nlast line without newline hunter2-ÄÖ-密码"
                .getBytes(StandardCharsets.UTF_8);

        for (int chunk = 1; chunk <= 7; chunk++) {
            assertThat(through(masker, input, chunk))
                    .isEqualTo("line one\npassword=**** ok\nlast line without newline ****");
        }
    }

    @Test
    void a_line_longer_than_the_buffer_is_written_in_parts_and_still_masked_across_the_cuts() throws IOException {
        String secret = "TOPSECRET-0123456789";
        Random random = new Random(42);
        StringBuilder text = new StringBuilder();
        int secrets = 0;
        while (text.length() < 5 * SecretMasker.MAX_PENDING) {
            if (random.nextInt(50) == 0) {
                text.append(secret);
                secrets++;
            } else {
                text.append((char) ('a' + random.nextInt(26)));
            }
        }
        SecretMasker masker = new SecretMasker(List.of(secret));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream out = masker.wrap(sink);
        out.write(text.toString().getBytes(StandardCharsets.UTF_8));
        int writtenBeforeClose = sink.size();
        out.close();

        assertThat(writtenBeforeClose).as("a long line does not wait for its end").isGreaterThan(0);
        String result = sink.toString(StandardCharsets.UTF_8);
        assertThat(result).doesNotContain(secret).isEqualTo(text.toString().replace(secret, SecretMasker.MASK));
        assertThat(secrets).isGreaterThan(100);
    }

    @Test
    void an_incomplete_utf8_sequence_is_not_counted_as_whole_characters() {
        byte[] euro = "a€".getBytes(StandardCharsets.UTF_8);

        assertThat(SecretMasker.completeUtf8Length(euro)).isEqualTo(4);
        assertThat(SecretMasker.completeUtf8Length(java.util.Arrays.copyOf(euro, 3))).isEqualTo(1);
        assertThat(SecretMasker.completeUtf8Length(java.util.Arrays.copyOf(euro, 2))).isEqualTo(1);
        assertThat(SecretMasker.completeUtf8Length(new byte[0])).isEqualTo(0);
    }
}
