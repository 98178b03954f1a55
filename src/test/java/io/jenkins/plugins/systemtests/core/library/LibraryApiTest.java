package io.jenkins.plugins.systemtests.core.library;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.api.ApiResponse;
import io.jenkins.plugins.systemtests.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryApiTest {
    @TempDir
    Path root;

    private static byte[] json(Object value) throws Exception {
        return Json.MAPPER.writeValueAsBytes(value);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void files_are_saved_each_with_its_own_answer() throws Exception {
        LibraryApi api = new LibraryApi(new TestLibrary(root));
        ApiResponse answer = api.upload(json(Map.of("directory", "door", "files", List.of(
                Map.of("name", "test_open.py", "content", base64("assert True\n")),
                Map.of("name", "notes.txt", "content", base64("x")),
                Map.of("name", "test_bad.py", "content", "!!not base64!!")))));

        assertThat(answer.status()).isEqualTo(207);
        Map<?, ?> body = (Map<?, ?>) answer.body();
        assertThat(body.get("saved")).isEqualTo(1);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> files = (List<Map<String, Object>>) body.get("files");
        assertThat(files.get(0)).containsEntry("saved", true).containsEntry("reference", "library:door/test_open.py");
        assertThat(files.get(1)).containsEntry("saved", false)
                .containsEntry("message", "file: 'notes.txt' is not a .py file");
        assertThat(files.get(2)).containsEntry("message", "content: not base64");
        assertThat(new TestLibrary(root).list().get("door")).hasSize(1);
    }

    @Test
    void replacing_needs_overwrite_and_bad_requests_are_400s() throws Exception {
        LibraryApi api = new LibraryApi(new TestLibrary(root));
        Map<String, Object> upload = Map.of("directory", "lamp", "files",
                List.of(Map.of("name", "test_on.py", "content", base64("pass\n"))));
        assertThat(api.upload(json(upload)).status()).isEqualTo(201);
        assertThat(api.upload(json(upload)).status()).isEqualTo(400);
        assertThat(api.upload(json(Map.of("directory", "lamp", "overwrite", true, "files", upload.get("files")))).status())
                .isEqualTo(201);

        assertThat(api.upload("{".getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(400);
        assertThat(api.upload(json(Map.of("directory", "lamp", "files", List.of()))).status()).isEqualTo(400);
        assertThat(api.upload(json(Map.of("directory", "../x", "files", upload.get("files")))).status()).isEqualTo(400);
        assertThat(api.delete(json(Map.of("directory", "lamp", "file", "test_on.py"))).status()).isEqualTo(200);
        assertThat(api.delete(json(Map.of("directory", "lamp", "file", "test_on.py"))).status()).isEqualTo(404);
    }
}
