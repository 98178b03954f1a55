package io.jenkins.plugins.systemtests.core.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TestLibraryTest {
    @TempDir
    Path root;

    private static final byte[] TEST = "assert 1 + 1 == 2\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void uploaded_tests_are_listed_and_referenced_as_library_dir_file() throws Exception {
        TestLibrary library = new TestLibrary(root);
        TestLibrary.Entry entry = library.save("door_v2", "test_lock.py", TEST, false);
        library.save("door_v2", "test_open.py", TEST, false);

        assertThat(entry.reference()).isEqualTo("library:door_v2/test_lock.py");
        assertThat(library.list()).containsOnlyKeys("door_v2");
        assertThat(library.list().get("door_v2")).extracting(TestLibrary.Entry::file)
                .containsExactly("test_lock.py", "test_open.py");
        assertThat(library.resolve("library:door_v2/test_lock.py")).hasContent("assert 1 + 1 == 2");
    }

    @Test
    void an_existing_file_is_replaced_only_when_asked() throws Exception {
        TestLibrary library = new TestLibrary(root);
        library.save("lamp", "test_on.py", TEST, false);

        assertThatThrownBy(() -> library.save("lamp", "test_on.py", "pass\n".getBytes(StandardCharsets.UTF_8), false))
                .isInstanceOfSatisfying(RejectedException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.FILE_EXISTS);
                    assertThat(e.errorCode().httpStatus()).isEqualTo(409);
                });
        library.save("lamp", "test_on.py", "pass\n".getBytes(StandardCharsets.UTF_8), true);
        assertThat(library.resolve("library:lamp/test_on.py")).hasContent("pass");
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../etc", ".hidden", "a/b", "a\\b", "", "dir with space", "é"})
    void directory_names_that_could_escape_or_confuse_are_refused(String directory) {
        assertThatThrownBy(() -> new TestLibrary(root).save(directory, "test_x.py", TEST, false))
                .isInstanceOfSatisfying(RejectedException.class,
                        e -> assertThat(e.getMessage()).startsWith("directory: '" + directory + "' is not a valid name"));
        assertThat(root).isEmptyDirectory();
    }

    @Test
    void only_python_files_up_to_one_mebibyte() {
        TestLibrary library = new TestLibrary(root);
        assertThatThrownBy(() -> library.save("lamp", "notes.txt", TEST, false)).hasMessage("file: 'notes.txt' is not a .py file");
        assertThatThrownBy(() -> library.save("lamp", "../x.py", TEST, false)).hasMessageStartingWith("file: '../x.py' is not a valid name");
        assertThatThrownBy(() -> library.save("lamp", "big.py", new byte[TestLibrary.MAX_FILE_BYTES + 1], false))
                .isInstanceOfSatisfying(RejectedException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.BODY_TOO_LARGE));
    }

    @Test
    void deleting_the_last_file_removes_its_directory_and_unknown_files_are_404() throws Exception {
        TestLibrary library = new TestLibrary(root);
        library.save("trunk", "test_latch.py", TEST, false);

        library.delete("trunk", "test_latch.py");

        assertThat(Files.exists(root.resolve("trunk"))).isFalse();
        assertThatThrownBy(() -> library.delete("trunk", "test_latch.py"))
                .isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> library.resolve("library:trunk"))
                .hasMessage("'library:trunk' is not library:<dir>/<file>.py");
    }
}
