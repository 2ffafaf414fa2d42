package dev.dgan.host.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The dgan build this code came from: its version and the git commit it was built from
 * ({@code build.properties}, filled in by the build; "unknown" where the build had no git or
 * the classes were compiled without it, e.g. by an IDE).
 */
public record BuildInfo(String version, String revision) {

    public static final String UNKNOWN = "unknown";

    private static final BuildInfo CURRENT = load();

    public static BuildInfo current() {
        return CURRENT;
    }

    private static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            // an unreadable resource only costs the revision: the bench still runs
        }
        return new BuildInfo(filled(p.getProperty("version")), filled(p.getProperty("revision")));
    }

    /** A value the build did not fill in is left as its "${...}" placeholder. */
    static String filled(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? UNKNOWN : value.strip();
    }
}
