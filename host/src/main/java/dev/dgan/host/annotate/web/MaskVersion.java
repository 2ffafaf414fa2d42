package dev.dgan.host.annotate.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The version of a saved mask as the editor sees it: the SHA-256 of the file's bytes (first 16
 * hex digits), or {@value #NONE} while there is none. Hashing the file itself, not counting
 * saves, means a version survives a server restart and notices edits made outside the editor.
 */
final class MaskVersion {

    static final String NONE = "none";

    private MaskVersion() {
    }

    static String of(Path mask) throws IOException {
        try {
            return of(Files.readAllBytes(mask));
        } catch (NoSuchFileException e) {
            return NONE;
        }
    }

    static String of(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
