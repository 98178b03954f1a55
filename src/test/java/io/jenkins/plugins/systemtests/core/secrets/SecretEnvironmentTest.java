package io.jenkins.plugins.systemtests.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class SecretEnvironmentTest {
    @Test
    void secret_text_is_one_variable_and_masked() {
        SecretEnvironment environment = new SecretEnvironment()
                .addSecretText(new SecretVariable("api", "API_TOKEN"), "tok-123");

        assertThat(environment.variables()).containsExactly(java.util.Map.entry("API_TOKEN", "tok-123"));
        assertThat(environment.secretNames()).containsExactly("API_TOKEN");
        assertThat(environment.masker().mask("token tok-123")).isEqualTo("token ****");
    }

    @Test
    void a_username_and_password_set_three_variables_and_the_username_stays_readable() {
        SecretEnvironment environment = new SecretEnvironment()
                .addUsernamePassword(new SecretVariable("db", "DB"), "tester", "pa55");

        assertThat(environment.variables()).containsEntry("DB", "tester:pa55").containsEntry("DB_USR", "tester")
                .containsEntry("DB_PSW", "pa55");
        assertThat(environment.secretNames()).containsExactlyInAnyOrder("DB", "DB_PSW");
        assertThat(environment.masker().mask("tester logged in with tester:pa55 / pa55"))
                .isEqualTo("tester logged in with **** / ****");
    }

    @Test
    void variable_names_are_checked() {
        assertThat(new SecretVariable(" id ", " DB_1 ")).isEqualTo(new SecretVariable("id", "DB_1"));
        assertThatThrownBy(() -> new SecretVariable("id", "1DB")).hasMessageContaining("not an environment variable");
        assertThatThrownBy(() -> new SecretVariable("id", "DB-X")).hasMessageContaining("not an environment variable");
        assertThatThrownBy(() -> new SecretVariable("id", "path")).hasMessageContaining("needed by the runner");
        assertThatThrownBy(() -> new SecretVariable("id", "SYSTEM_TESTS_X")).hasMessageContaining("needed by");
        assertThatThrownBy(() -> new SecretVariable(" ", "DB")).hasMessageContaining("Choose the credentials");
    }

    @Test
    void two_credentials_may_not_set_the_same_variable() {
        assertThatThrownBy(() -> SecretVariable.checkDistinct(List.of(new SecretVariable("a", "DB"),
                new SecretVariable("b", "db_usr")))).hasMessageContaining("db_usr");
        assertThat(SecretVariable.checkDistinct(List.of(new SecretVariable("a", "DB"), new SecretVariable("b", "API"))))
                .hasSize(2);
        assertThatThrownBy(() -> new SecretEnvironment().addSecretText(new SecretVariable("a", "X"), "1")
                .addSecretText(new SecretVariable("b", "X"), "2")).hasMessageContaining("X");
    }
}
