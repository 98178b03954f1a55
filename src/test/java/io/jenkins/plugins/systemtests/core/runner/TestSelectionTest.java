package io.jenkins.plugins.systemtests.core.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.systemtests.core.library.TestLibrary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tests chosen for one build: what the form offers and what a choice must be. */
class TestSelectionTest {
    @TempDir
    Path root;

    @Test
    void a_choice_is_kept_in_order_each_test_once_inside_the_workspace_or_in_the_library() throws Exception {
        TestLibrary library = new TestLibrary(root);
        library.save("door", "test_lock.py", "pass\n".getBytes(StandardCharsets.UTF_8), false);

        assertThat(TestSelection.check(List.of(" b/test_b.py", "library:door/test_lock.py", "a/", "b/test_b.py"),
                library)).containsExactly("b/test_b.py", "library:door/test_lock.py", "a/");
        assertThatThrownBy(() -> TestSelection.check(List.of("../etc/test.py"), library))
                .hasMessageContaining("must stay inside the workspace");
        assertThatThrownBy(() -> TestSelection.check(List.of("/abs/test.py"), library))
                .hasMessageContaining("must stay inside the workspace");
        assertThatThrownBy(() -> TestSelection.check(List.of("library:door/test_gone.py"), library))
                .hasMessageContaining("library:door/test_gone.py").hasMessageContaining("has no door/test_gone.py");
        assertThatThrownBy(() -> TestSelection.check(List.of("library:../x.py"), library))
                .hasMessageContaining("is not a library test");
        assertThatThrownBy(() -> TestSelection.check(List.of(" ", ""), library))
                .hasMessageContaining("Select at least one test");
    }

    @Test
    void the_offer_adds_the_chosen_tests_the_catalog_lacks_to_their_side() {
        TestSelection.Offer offer = TestSelection.offer(List.of("t/test_a.py", "t/test_b.py"),
                List.of("library:door/test_lock.py"),
                List.of("t/test_b.py", "suite/", "library:lamp/test_on.py", "t/test_b.py", " "));

        assertThat(offer.workspace()).containsExactly("t/test_a.py", "t/test_b.py", "suite/");
        assertThat(offer.library()).containsExactly("library:door/test_lock.py", "library:lamp/test_on.py");
        assertThat(offer.selected()).containsExactly("t/test_b.py", "suite/", "library:lamp/test_on.py");
    }

    @Test
    void a_value_is_read_one_test_a_line() {
        assertThat(TestSelection.lines("a.py\r\n\n  b.py \n")).containsExactly("a.py", "b.py");
        assertThat(TestSelection.lines(null)).isEmpty();
    }
}
