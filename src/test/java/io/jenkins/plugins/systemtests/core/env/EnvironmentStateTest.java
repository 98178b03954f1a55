package io.jenkins.plugins.systemtests.core.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environments a form offers: the IDs 1 to 100, then the names in use, each free or busy. */
class EnvironmentStateTest {
    @Test
    void the_board_lists_every_id_then_the_names_in_use_each_with_what_is_known() {
        Instant since = Instant.parse("2026-12-02T06:00:00Z");
        List<EnvironmentState> board = EnvironmentState.board(Map.of(
                "7", new EnvironmentState("7", "lab #3", since, 2),
                "rig-b", new EnvironmentState("rig-b", null, null, 0),
                "Rig-a", new EnvironmentState("Rig-a", null, null, 1),
                "250", new EnvironmentState("250", null, null, 0)));

        assertThat(board).hasSize(102);
        assertThat(board.get(0)).isEqualTo(new EnvironmentState("1", null, null, 0));
        assertThat(board.get(6).busy()).isTrue();
        assertThat(board.get(6).holder()).isEqualTo("lab #3");
        assertThat(board.get(6).waiting()).isEqualTo(2);
        assertThat(board.get(99).id()).isEqualTo("100");
        assertThat(board.subList(100, 102)).extracting(EnvironmentState::id).containsExactly("Rig-a", "rig-b");
        assertThat(board).noneMatch(state -> state.id().equals("250"));
    }
}
