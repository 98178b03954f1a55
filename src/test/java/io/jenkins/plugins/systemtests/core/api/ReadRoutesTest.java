package io.jenkins.plugins.systemtests.core.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.config.Settings;
import io.jenkins.plugins.systemtests.core.ingest.IngestionService;
import io.jenkins.plugins.systemtests.core.json.Json;
import io.jenkins.plugins.systemtests.core.protocol.MessageKind;
import io.jenkins.plugins.systemtests.core.store.RunLocator;
import io.jenkins.plugins.systemtests.core.store.RunStore;
import io.jenkins.plugins.systemtests.core.support.Plans;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read API's routes are the GET paths of {@code docs/openapi.yaml}, written as it writes them, and each answers
 * its path: a path documented and not routed, routed and not documented, or routed to nothing fails here.
 */
class ReadRoutesTest {
    private static final Path OPENAPI = Path.of(System.getProperty("project.basedir", ".")).resolve("docs/openapi.yaml");
    private static final String PREFIX = "/api/v1";
    private static final Pattern PATH = Pattern.compile("^  (/\\S+):$");
    /**
     * GET paths of the document that read a job's configuration, not the run store: the Jenkins layer serves them
     * (QuarantineEndpoints, checked by QuarantineApiTest), so they are no route of the read API.
     */
    private static final List<String> JOB_CONFIGURATION_PATHS = List.of("/quarantine");

    /** The paths below {@code /api/v1} that openapi.yaml gives a {@code get:}. */
    static List<String> documentedReadPaths() throws IOException {
        List<String> paths = new ArrayList<>();
        String path = null;
        for (String line : Files.readAllLines(OPENAPI)) {
            Matcher start = PATH.matcher(line);
            if (start.matches()) {
                path = start.group(1);
            } else if (line.equals("    get:") && path != null && path.startsWith(PREFIX + "/")
                    && !JOB_CONFIGURATION_PATHS.contains(path.substring(PREFIX.length()))) {
                paths.add(path.substring(PREFIX.length()));
            }
        }
        return paths;
    }

    @Test
    void the_routes_are_the_read_paths_of_the_openapi_document_as_it_writes_them() throws IOException {
        assertThat(documentedReadPaths()).as("GET paths in docs/openapi.yaml").hasSizeGreaterThan(5);

        assertThat(ReadApi.paths()).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(documentedReadPaths());
    }

    @Test
    void each_route_answers_its_path_and_a_path_of_none_is_not_found(@TempDir Path home) throws Exception {
        try (RunStore store = RunStore.open(home, RunLocator.STANDALONE)) {
            IngestionService service = new IngestionService(store, Clock.systemUTC(), () -> Settings.DEFAULTS,
                    id -> "/runs/" + id);
            service.receive(MessageKind.DRY_RUN, Plans.example("dry-run.json"));
            ReadApi api = new ReadApi(service.reader(), new JobHistory(store));
            Map<String, String> query = Map.of("job", "nightly", "file_path", "/t", "file_name", "a.py");

            for (String template : ReadApi.paths()) {
                String path = template.replace("{id}", "1").replace("{n}", "0").replace("{name}", "machine #1");
                ApiResponse answer = api.get(Arrays.asList(path.substring(1).split("/")), query);
                assertThat(answer.status()).as("GET %s: %s", path, answer.body()).isEqualTo(200);
            }
            ApiResponse none = api.get(List.of("runs", "1", "nonsense"), Map.of());
            assertThat(none.status()).isEqualTo(404);
            assertThat(Json.MAPPER.valueToTree(none.body()).path("message").asText())
                    .isEqualTo("No such resource: /runs/1/nonsense");
        }
    }
}
