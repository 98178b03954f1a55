package io.jenkins.plugins.systemtests.core.library;

import io.jenkins.plugins.systemtests.core.protocol.ErrorCode;
import io.jenkins.plugins.systemtests.core.protocol.JsonBodies;
import io.jenkins.plugins.systemtests.core.protocol.RejectedException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The controller's library of uploaded tests: directories of {@code .py} files, selectable in builds as
 * {@code library:<dir>/<file>.py}. Names are checked strictly (letters, digits, {@code - _ .}), so nothing can reach
 * outside the library; an existing file is replaced only when asked to.
 */
public final class TestLibrary {
    public static final String PREFIX = "library:";
    public static final int MAX_FILE_BYTES = 1024 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    private final Path root;

    public TestLibrary(Path root) {
        this.root = root;
    }

    /** A file in the library. */
    public record Entry(String directory, String file, long bytes) {
        public String reference() {
            return PREFIX + directory + "/" + file;
        }
    }

    /**
     * Adds a test file.
     *
     * @throws RejectedException 400 for a bad name, type or size; 409 when the file exists and {@code overwrite} is
     *                           false
     */
    public Entry save(String directory, String fileName, byte[] content, boolean overwrite)
            throws RejectedException, IOException {
        checkName(directory, "directory");
        checkName(fileName, "file");
        if (!fileName.endsWith(".py")) {
            throw new RejectedException(ErrorCode.INVALID_FIELD, "file: '" + fileName + "' is not a .py file");
        }
        if (content.length > MAX_FILE_BYTES) {
            throw new RejectedException(ErrorCode.BODY_TOO_LARGE, "file: '" + fileName + "' is larger than 1 MiB");
        }
        Path dir = root.resolve(directory);
        Path target = dir.resolve(fileName);
        if (Files.exists(target) && !overwrite) {
            throw new RejectedException(ErrorCode.FILE_EXISTS,
                    directory + "/" + fileName + " exists already; choose to replace it");
        }
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + fileName + ".upload");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(content));
            channel.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return new Entry(directory, fileName, content.length);
    }

    /** Deletes a file; an emptied directory goes too. */
    public void delete(String directory, String fileName) throws RejectedException, IOException {
        Path file = existing(directory, fileName);
        Files.delete(file);
        Path folder = Objects.requireNonNull(file.getParent(), "a library file is in a folder");
        try (DirectoryStream<Path> left = Files.newDirectoryStream(folder)) {
            if (!left.iterator().hasNext()) {
                Files.delete(folder);
            }
        }
    }

    /** The file a {@code library:<dir>/<file>.py} reference names. */
    public Path resolve(String reference) throws RejectedException {
        if (!reference.startsWith(PREFIX)) {
            throw new RejectedException(ErrorCode.INVALID_FIELD, "'" + reference + "' does not start with " + PREFIX);
        }
        String[] parts = reference.substring(PREFIX.length()).split("/", -1);
        if (parts.length != 2) {
            throw new RejectedException(ErrorCode.INVALID_FIELD, "'" + reference + "' is not library:<dir>/<file>.py");
        }
        return existing(parts[0], parts[1]);
    }

    private Path existing(String directory, String fileName) throws RejectedException {
        checkName(directory, "directory");
        checkName(fileName, "file");
        Path file = root.resolve(directory).resolve(fileName);
        if (!Files.isRegularFile(file)) {
            throw new RejectedException(ErrorCode.NOT_FOUND, "The library has no " + directory + "/" + fileName);
        }
        return file;
    }

    /** Every file, by directory then name. */
    public Map<String, List<Entry>> list() throws IOException {
        Map<String, List<Entry>> result = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return result;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path dir : dirs) {
                List<Entry> files = new ArrayList<>();
                try (DirectoryStream<Path> pys = Files.newDirectoryStream(dir, "*.py")) {
                    for (Path py : pys) {
                        files.add(new Entry(String.valueOf(dir.getFileName()), String.valueOf(py.getFileName()), Files.size(py)));
                    }
                }
                files.sort(java.util.Comparator.comparing(Entry::file));
                if (!files.isEmpty()) {
                    result.put(String.valueOf(dir.getFileName()), files);
                }
            }
        }
        return result;
    }

    private static void checkName(String name, String what) throws RejectedException {
        if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")
                || name.startsWith(".")) {
            throw new RejectedException(ErrorCode.INVALID_FIELD, what + ": " + (name == null ? "missing"
                    : JsonBodies.quoted(name) + " is not a valid name: use letters, digits, '-', '_' and '.' (at most "
                            + "100), not starting with '.'"));
        }
    }
}
