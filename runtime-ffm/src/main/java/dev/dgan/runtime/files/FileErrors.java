package dev.dgan.runtime.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Says in words what went wrong with a file. The JDK's {@link FileSystemException}s carry the
 * reason in their type and, for the common ones (no such file, already exists, permission
 * denied), a message that is just the path, which read on its own says nothing; plain
 * {@link IOException}s from a write ("No space left on device") name no file at all.
 */
public final class FileErrors {

    private FileErrors() {
    }

    /** Why an operation failed, in lower case words without the path: "no such file or directory", "no space left on device". */
    public static String reason(IOException e) {
        return switch (e) {
            case NoSuchFileException x -> "no such file or directory";
            case FileAlreadyExistsException x -> "already exists";
            case AccessDeniedException x -> "permission denied";
            case NotDirectoryException x -> "not a directory";
            case DirectoryNotEmptyException x -> "directory not empty";
            case FileSystemException x when x.getReason() != null -> lowerFirst(x.getReason());
            case FileSystemException x -> "failed"; // its message is only the path
            case FileOperationException x -> x.reason();
            default -> e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : lowerFirst(e.getMessage());
        };
    }

    /**
     * One line for the user: "FILE: reason" (or "FILE -> OTHER: reason" for a move) when the
     * exception names a file; otherwise its own message, which for dgan's exceptions already names one.
     */
    public static String describe(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null && isBare(u)) return describe(u.getCause());
        if (e instanceof FileSystemException f && !(e instanceof FileOperationException) && f.getFile() != null) {
            return f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": " + reason(f);
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** A failed {@code operation} ("write", "read", "create the directory") on {@code file}, explained. */
    public static FileOperationException failed(String operation, Path file, IOException cause) {
        if (cause instanceof FileOperationException already && already.file().equals(file)) return already;
        return new FileOperationException(operation, file, reason(cause), cause);
    }

    /** {@code new UncheckedIOException(cause)} keeps only the cause's toString as its message. */
    private static boolean isBare(UncheckedIOException u) {
        return u.getMessage() == null || u.getMessage().equals(u.getCause().toString());
    }

    /** "No space left on device" -> "no space left on device"; leaves acronyms ("EOF reached") alone. */
    private static String lowerFirst(String s) {
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))) {
            return Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }
}
