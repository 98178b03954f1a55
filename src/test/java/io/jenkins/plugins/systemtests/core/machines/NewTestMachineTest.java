package io.jenkins.plugins.systemtests.core.machines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.systemtests.core.machines.NewTestMachine.InvalidMachineException;
import io.jenkins.plugins.systemtests.core.machines.NewTestMachine.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewTestMachineTest {
    @Test
    void blank_optional_fields_take_defaults_and_the_labels_include_the_test_machine_label_and_the_os() {
        NewTestMachine machine = NewTestMachine.of(" lab-03 ", "lab-03.example.test", "", "lab-ssh", "", "", "",
                "gpu, usb-relay", "system-tests");

        assertThat(machine).isEqualTo(new NewTestMachine("lab-03", "lab-03.example.test", 22, "lab-ssh", "linux",
                "/home/jenkins/agent", 1, List.of("system-tests", "linux", "gpu", "usb-relay")));
        assertThat(machine.labelString()).isEqualTo("system-tests linux gpu usb-relay");
    }

    @Test
    void a_windows_machine_gets_a_windows_folder_and_label() {
        NewTestMachine machine = NewTestMachine.of("win-1", "10.0.0.7", "2222", "win-ssh", "Windows", "", "2", "",
                "system-tests");

        assertThat(machine.remoteRoot()).isEqualTo("C:\\jenkins\\agent");
        assertThat(machine.port()).isEqualTo(2222);
        assertThat(machine.labels()).containsExactly("system-tests", "windows");
    }

    @Test
    void every_problem_is_reported_at_once_with_its_field() {
        InvalidMachineException e = catchThrowableOfType(() -> NewTestMachine.of("-bad name", "not a host!", "70000",
                " ", "solaris", "relative/dir", "0", "ok bad&label", "system-tests"), InvalidMachineException.class);

        assertThat(e.problems()).extracting(Problem::field).containsExactly("name", "host", "port", "credentialsId",
                "os", "remoteRoot", "executors", "labels");
        assertThat(e.getMessage()).contains("port: enter a port from 1 to 65535").contains("'bad&label' is not a label");
    }

    @Test
    void ip_addresses_are_hosts_too() {
        assertThat(NewTestMachine.of("a", "192.168.1.20", "", "c", "linux", "/opt/agent", "", "", "t").host())
                .isEqualTo("192.168.1.20");
        assertThat(NewTestMachine.of("a", "[fe80::1]", "", "c", "linux", "/opt/agent", "", "", "t").host())
                .isEqualTo("[fe80::1]");
    }
}
