package io.kgrca.controlplane.auth;

import io.kgrca.common.config.InvalidConfigurationException;
import io.kgrca.common.http.ApiToken;
import io.kgrca.common.http.ApiTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Set;

/**
 * The operator token's file ({@code API_TOKEN_FILE}). An existing file is read (its content, without a trailing
 * line break, is the token); an absent one is created with a new random token, mode 0600, and its path (never the
 * token) is logged once. A file readable by group or others is used but warned about.
 */
public final class OperatorTokenFile {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorTokenFile.class);
    private static final String SETTING = "API_TOKEN_FILE";

    private OperatorTokenFile() {
    }

    /** Reads the token in {@code file}, or creates the file with a new one. */
    public static ApiToken loadOrCreate(Path file, SecureRandom random) {
        if (!Files.exists(file)) {
            try {
                return create(file, random);
            } catch (FileAlreadyExistsException e) {
                // another process created it meanwhile: read theirs
            } catch (IOException e) {
                throw new InvalidConfigurationException(SETTING, "cannot create '" + file + "': " + e.getMessage());
            }
        }
        return read(file);
    }

    /** Reads the token in {@code file}; a missing, unreadable or malformed file fails naming the path only. */
    public static ApiToken read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new InvalidConfigurationException(SETTING, "cannot read '" + file + "': " + e.getClass().getSimpleName());
        }
        if (!ApiToken.wellFormed(text)) {
            throw new InvalidConfigurationException(SETTING, "'" + file + "' does not hold a token (16-"
                    + ApiToken.MAX_LENGTH + " characters of A-Z a-z 0-9 . _ ~ + / = -)");
        }
        warnIfShared(file);
        return ApiToken.of(text);
    }

    private static ApiToken create(Path file, SecureRandom random) throws IOException {
        Path dir = Objects.requireNonNull(file.toAbsolutePath().getParent(), "the token file is not a root directory");
        Files.createDirectories(dir);
        ApiToken token = ApiTokens.newOperatorToken(random);
        Path tmp = Files.createTempFile(dir, ".api-token", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, token.reveal() + "\n", StandardCharsets.UTF_8);
            try {
                Files.createLink(file, tmp); // fails when the file appeared meanwhile: never overwrite a token
            } catch (UnsupportedOperationException | AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        LOG.info("tenant=- generated a new operator API token in {} (mode 0600); send it as 'Authorization: Bearer "
                + "<token>'. The token itself is never logged.", file);
        return token;
    }

    private static void warnIfShared(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("tenant=- the operator API token in {} is readable by group or others ({}); chmod 600 it",
                        file, PosixFilePermissions.toString(perms));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
    }
}
