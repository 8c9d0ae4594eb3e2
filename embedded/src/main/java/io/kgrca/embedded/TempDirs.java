package io.kgrca.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Deletes the temporary directories of the embedded servers. */
public final class TempDirs {

    private TempDirs() {
    }

    /** Deletes {@code dir} and everything below it; what cannot be deleted stays (it is temporary anyway). */
    public static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(TempDirs::deleteOne);
        } catch (IOException e) {
            // a temporary directory; nothing else to do
        }
    }

    private static void deleteOne(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // it stays: a temporary file
        }
    }
}
