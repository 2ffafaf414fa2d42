package dev.dgan.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where the native libraries live. Two layouts are understood: the unpacked Maven artifacts
 * (files under {@code org/bytedeco/<name>/linux-x86_64/}) and a flat directory such as an
 * installed PyTorch's {@code torch/lib}. Files are found by name anywhere below the root,
 * a few levels deep, so either layout works without configuration.
 */
record LibraryDirectory(Path root, String source) {

    static final String ENV = "DGAN_LIBTORCH";
    static final String PROPERTY = "dgan.libtorch";
    private static final int MAX_DEPTH = 5;

    /** The explicit path if given, else $DGAN_LIBTORCH, else -Ddgan.libtorch. */
    static LibraryDirectory resolve(Path explicit) {
        if (explicit != null) return existing(explicit, "--libtorch");
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) return existing(Path.of(env), "$" + ENV);
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) return existing(Path.of(prop), "-D" + PROPERTY);
        throw new LibTorchLoadException("no libtorch directory given: pass --libtorch DIR, set "
                + ENV + "=DIR (e.g. an installed PyTorch's torch/lib), or run the packaged dgan"
                + " launcher, which points at the libtorch unpacked by the build");
    }

    private static LibraryDirectory existing(Path dir, String source) {
        Path abs = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(abs)) {
            throw new LibTorchLoadException("libtorch directory " + abs + " (from " + source
                    + ") does not exist or is not a directory");
        }
        try {
            return new LibraryDirectory(abs.toRealPath(), source); // a walk does not enter a linked root
        } catch (IOException e) {
            throw new LibTorchLoadException("cannot read libtorch directory " + abs + " (from " + source + "): " + e, e);
        }
    }

    /** "DIR (from $DGAN_LIBTORCH)": says where the directory came from, for error messages. */
    String describe() {
        return root + " (from " + source + ")";
    }

    Optional<Path> find(String fileName) {
        try (Stream<Path> files = Files.find(root, MAX_DEPTH,
                (p, attrs) -> p.getFileName().toString().equals(fileName) && !attrs.isDirectory())) {
            return files.sorted().findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }
}
