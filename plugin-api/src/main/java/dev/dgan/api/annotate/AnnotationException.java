package dev.dgan.api.annotate;

/**
 * Annotations that cannot be used as they are. The message names the file, the field or
 * pixel at fault and what was expected there, so the person who made the annotation can fix
 * it without reading code.
 */
public final class AnnotationException extends RuntimeException {

    public AnnotationException(String message) {
        super(message);
    }

    public AnnotationException(String message, Throwable cause) {
        super(message, cause);
    }
}
