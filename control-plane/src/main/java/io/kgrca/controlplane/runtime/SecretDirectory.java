package io.kgrca.controlplane.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;

/**
 * One worker's secret files on disk: a directory (mode 0700) holding one file per secret (mode 0400), both owned by
 * the worker's uid. The directory is kept and its files replaced atomically, so a bind mount of it in a running
 * container (which holds the directory itself) sees the new files.
 */
final class SecretDirectory {

    private SecretDirectory() {
    }

    /**
     * Writes {@code files} into {@code dir}, removes any other file there, and hands everything to {@code uid}
     * (a negative uid keeps the current owner).
     */
    static void write(Path dir, Map<String, String> files, int uid) throws IOException {
        Files.createDirectories(Objects.requireNonNull(dir.getParent(), "a secret directory has a parent"));
        if (!Files.isDirectory(dir)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path tmp = dir.resolve("." + f.getKey() + ".tmp");
            Files.deleteIfExists(tmp);
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, f.getValue(), StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("r--------"));
            own(tmp, uid);
            Files.move(tmp, dir.resolve(f.getKey()), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
            for (Path p : all) {
                if (!files.containsKey(String.valueOf(p.getFileName()))) {
                    Files.deleteIfExists(p);
                }
            }
        }
        own(dir, uid);
    }

    /** Removes {@code dir} and its files; an absent directory is no error. */
    static void delete(Path dir) throws IOException {
        try (DirectoryStream<Path> all = Files.newDirectoryStream(dir)) {
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException e) {
            return;
        }
        Files.deleteIfExists(dir);
    }

    private static void own(Path p, int uid) throws IOException {
        if (uid >= 0 && !Integer.valueOf(uid).equals(Files.getAttribute(p, "unix:uid"))) {
            try {
                Files.setAttribute(p, "unix:uid", uid);
            } catch (IOException e) {
                throw new IOException("cannot give " + p + " to uid " + uid + " (" + e.getClass().getSimpleName()
                        + "): run the control plane as root or as uid " + uid + " (WORKER_UID)", e);
            }
        }
    }
}
