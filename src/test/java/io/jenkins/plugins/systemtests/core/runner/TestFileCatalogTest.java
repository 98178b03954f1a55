package io.jenkins.plugins.systemtests.core.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TestFileCatalogTest {
    @Test
    void offers_python_test_files_master_scenarios_first_and_skips_what_is_not_a_test() {
        TestFileCatalog.Choices choices = TestFileCatalog.choose(List.of("test_cases/test_b.py", "./test_cases/Test_a.py",
                "scenarios\\scenario_master.py", "scenarios/__init__.py", "conftest.py", ".venv/lib/x.py",
                "venv/lib/python3.11/site-packages/pytest/y.py", "test_cases/__pycache__/t.py", "README.md",
                "test_cases/test_b.py", "tools/.hidden/z.py"));

        assertThat(choices.files()).containsExactly("scenarios/scenario_master.py", "test_cases/Test_a.py",
                "test_cases/test_b.py");
        assertThat(choices.truncated()).isFalse();
    }

    @Test
    void a_huge_workspace_is_cut_at_the_limit_and_says_so() {
        List<String> many = IntStream.range(0, TestFileCatalog.MAX_CHOICES + 20).mapToObj(i -> "t/test_" + i + ".py")
                .toList();

        TestFileCatalog.Choices choices = TestFileCatalog.choose(many);

        assertThat(choices.files()).hasSize(TestFileCatalog.MAX_CHOICES);
        assertThat(choices.truncated()).isTrue();
    }

    @Test
    void the_sample_tests_shipped_with_the_project_are_all_offered() throws IOException {
        Path samples = Path.of(System.getProperty("project.basedir", ".")).resolve("sample-tests");
        List<String> paths;
        try (Stream<Path> files = Files.walk(samples)) {
            paths = files.filter(Files::isRegularFile).map(p -> samples.relativize(p).toString()).toList();
        }

        List<String> offered = TestFileCatalog.choose(paths).files();

        assertThat(offered).isNotEmpty().allMatch(p -> p.endsWith(".py")).doesNotContain("__init__.py");
        assertThat(offered.get(0)).contains("master");
    }
}
