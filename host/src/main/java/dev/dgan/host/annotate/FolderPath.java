package dev.dgan.host.annotate;

import dev.dgan.api.annotate.AnnotationException;
import dev.dgan.api.annotate.JsonAt;
import dev.dgan.runtime.files.FileErrors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * A file a sample listing names (an image, a mask, the latents), resolved in the listing's
 * folder. The listing is input like any other: a path that leaves the folder (absolute, with
 * {@code ..}, or through a symbolic link) would make dgan open whatever file it names, so it is
 * refused with the listing, the field and the value.
 */
final class FolderPath {

    private FolderPath() {
    }

    static Path inside(Path dir, JsonAt field) {
        String text = field.text();
        Path given;
        try {
            given = Path.of(text);
        } catch (InvalidPathException e) {
            throw outside(dir, field);
        }
        if (given.isAbsolute() || text.startsWith("/") || text.startsWith("\\")) throw outside(dir, field);
        Path base = dir.toAbsolutePath().normalize();
        Path resolved = base.resolve(given).normalize();
        if (!resolved.startsWith(base) || resolved.equals(base)) throw outside(dir, field);
        if (Files.exists(resolved)) {
            try {
                if (!resolved.toRealPath().startsWith(base.toRealPath())) throw outside(dir, field);
            } catch (IOException e) {
                throw new AnnotationException(field.file() + ": field " + field.path() + ": cannot resolve " + resolved + ": " + FileErrors.reason(e), e);
            }
        }
        return dir.resolve(given);
    }

    private static AnnotationException outside(Path dir, JsonAt field) {
        return field.expected("a relative path inside " + dir + " (the files a listing names must stay inside its folder:"
                + " no absolute paths, no .. and no symbolic links out of it)");
    }
}
