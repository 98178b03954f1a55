package io.jenkins.plugins.systemtests.runner;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.systemtests.core.runner.BuildRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A {@link BuildRun.Agent} on this machine: the plugin's folder beside a workspace, commands started as processes,
 * processes found by their environment in /proc (as the agent's {@code RunProcesses} does).
 */
public final class LocalFolderAgent implements BuildRun.Agent {
    private final Path workspace;
    final Path folder;

    public LocalFolderAgent(Path workspace) throws IOException {
        this.workspace = workspace;
        this.folder = Files.createDirectories(workspace.resolveSibling(workspace.getFileName() + "@tmp/system-tests"));
    }

    @Override
    public String folder() {
        return folder.toString();
    }

    @Override
    public void write(String name, InputStream content) throws IOException {
        Path file = folder.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, content.readAllBytes());
    }

    @Override
    public void launch(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workspace.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        assertThat(builder.start().waitFor()).isZero();
    }

    @Override
    public byte[] read(String name, long offset, int max) throws IOException {
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file)) {
            return new byte[0];
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.min(max, Math.max(0, in.length() - offset))];
            in.seek(offset);
            in.readFully(bytes);
            return bytes;
        }
    }

    @Override
    public List<String> list(String name) throws IOException {
        Path listed = folder.resolve(name);
        if (!Files.isDirectory(listed)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> files = Files.list(listed)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    @Override
    public void delete(String name) throws IOException {
        Path file = folder.resolve(name);
        if (Files.isDirectory(file)) {
            try (Stream<Path> all = Files.walk(file)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        } else {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public int endProcesses(String variable, String value) throws InterruptedException {
        List<ProcessHandle> found = ProcessHandle.allProcesses().filter(p -> hasVariable(p, variable + "=" + value))
                .toList();
        found.forEach(ProcessHandle::destroy);
        Thread.sleep(500);
        found.stream().filter(LocalFolderAgent::running).forEach(ProcessHandle::destroyForcibly);
        Thread.sleep(200);
        return found.size();
    }

    private static boolean hasVariable(ProcessHandle process, String entry) {
        try {
            String environ = Files.readString(Path.of("/proc", Long.toString(process.pid()), "environ"),
                    StandardCharsets.ISO_8859_1);
            return List.of(environ.split("\0")).contains(entry);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** SIGKILL to every process of the run at once, as when its machine goes down. */
    public int killAll(String variable, String value) {
        List<ProcessHandle> found = ProcessHandle.allProcesses().filter(p -> hasVariable(p, variable + "=" + value))
                .toList();
        found.forEach(ProcessHandle::destroyForcibly);
        return found.size();
    }

    static boolean running(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }
}
