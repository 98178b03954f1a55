// Compile-only stub of jenkinsci/jenkins core/src/main/java/hudson/FilePath.java (2.516.3).
package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URL;

public final class FilePath implements Serializable {
    private FilePath() {
        throw new UnsupportedOperationException("stub");
    }

    public @NonNull String getRemote() {
        throw new UnsupportedOperationException("stub");
    }

    public @NonNull FilePath child(String relOrAbsolute) {
        throw new UnsupportedOperationException("stub");
    }

    public void copyFrom(URL url) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public void copyFrom(InputStream in) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public InputStream read() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public InputStream readFromOffset(long offset) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public @NonNull FilePath[] list(final String includes, final String excludes) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public boolean exists() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public boolean delete() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public void deleteRecursive() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }

    public void mkdirs() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("stub");
    }
}
