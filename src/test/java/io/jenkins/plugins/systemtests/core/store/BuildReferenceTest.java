package io.jenkins.plugins.systemtests.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuildReferenceTest {
    @Test
    void an_absolute_build_url_under_the_jenkins_root_names_job_and_number() throws Exception {
        assertThat(BuildReference.parse("https://ci.example/jenkins/job/lab/job/night%20ly/7/", "https://ci.example/jenkins/"))
                .isEqualTo(new BuildReference("lab/night ly", 7));
    }

    @Test
    void relative_urls_and_missing_slashes_are_fine() throws Exception {
        assertThat(BuildReference.parse("job/lab/12", null)).isEqualTo(new BuildReference("lab", 12));
        assertThat(BuildReference.parse("/job/lab/12/", "http://127.0.0.1:8080/")).isEqualTo(new BuildReference("lab", 12));
        assertThat(BuildReference.parse("http://other:8080/job/a/job/b/3", null)).isEqualTo(new BuildReference("a/b", 3));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "job/lab", "job/lab/last", "job/lab/0", "lab/7", "job/a/b/7", "job/a/job/7/x",
            "http://[bad", "job/lab/-3"})
    void anything_else_is_a_clear_refusal(String url) {
        assertThatThrownBy(() -> BuildReference.parse(url, null)).isInstanceOf(RejectedException.class)
                .hasMessageStartingWith("build_url: '" + url + "' names no build");
    }
}
