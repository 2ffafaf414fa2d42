package dev.dgan.spark;

import dev.dgan.host.generate.Shard;
import dev.dgan.host.generate.ShardManifest;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.LocatedFileStatus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The dataset directory through Hadoop's FileSystem API ({@code file:}, {@code hdfs:}, {@code s3a:}
 * ..., whatever the classpath has a FileSystem for). Every file is written under a temporary name
 * and renamed, as dgan does locally; a shard's manifest is renamed last, which commits it.
 */
final class DatasetStore {

    private final FileSystem fs;
    private final org.apache.hadoop.fs.Path root;

    DatasetStore(String uri, Map<String, String> hadoop) {
        Configuration conf = new Configuration();
        hadoop.forEach(conf::set);
        this.root = new org.apache.hadoop.fs.Path(uri);
        try {
            FileSystem f = root.getFileSystem(conf);
            // the local file system's checksummed form would add a .NAME.crc beside every file of the dataset
            this.fs = f instanceof LocalFileSystem local ? local.getRawFileSystem() : f;
        } catch (IOException e) {
            throw new UncheckedIOException("no file system for " + uri + ": " + e.getMessage(), e);
        }
    }

    /** A {@code file:} URI or a plain path: dgan writes there in place. */
    static boolean isLocal(String uri) {
        String scheme = URI.create(uri.replace(" ", "%20")).getScheme();
        return scheme == null || scheme.equals("file");
    }

    static Path localPath(String uri) {
        URI u = URI.create(uri.replace(" ", "%20"));
        return u.getScheme() == null ? Path.of(uri) : Path.of(u);
    }

    /** The shards of an {@code n}-way run that have no manifest yet. */
    List<Integer> uncommitted(int n) throws IOException {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++)
            if (!fs.exists(new org.apache.hadoop.fs.Path(root, ShardManifest.fileName(new Shard(i, n))))) out.add(i);
        return out;
    }

    /**
     * Copies the files under {@code local} (relative paths kept) into the dataset, each under a temporary
     * name then renamed; {@code last} (a manifest), if present, goes after all the others.
     */
    void upload(Path local, String last) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(local)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        Path manifest = null;
        for (Path f : files) {
            String rel = local.relativize(f).toString().replace('\\', '/');
            if (rel.equals(last)) manifest = f;
            else put(f, rel);
        }
        if (manifest != null) put(manifest, last);
    }

    private void put(Path file, String rel) throws IOException {
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(root, rel);
        org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
        try (FSDataOutputStream out = fs.create(tmp, true)) {
            Files.copy(file, out);
        }
        // HDFS's rename does not replace: an earlier attempt's identical file goes first
        if (fs.exists(target)) fs.delete(target, false);
        if (!fs.rename(tmp, target)) throw new IOException("cannot rename " + tmp + " to " + target);
    }

    /** Every file of the dataset by relative path, with its length. */
    Map<String, Long> list() throws IOException {
        Map<String, Long> out = new TreeMap<>();
        if (!fs.exists(root)) return out;
        String base = fs.getFileStatus(root).getPath().toUri().getPath();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
        while (it.hasNext()) {
            FileStatus st = it.next();
            String p = st.getPath().toUri().getPath();
            out.put(p.substring(base.length() + (base.endsWith("/") ? 0 : 1)), st.getLen());
        }
        return out;
    }

    /** Copies the whole dataset into {@code local}. */
    void download(Path local) throws IOException {
        for (String rel : list().keySet()) {
            Path to = local.resolve(rel);
            Files.createDirectories(to.getParent());
            try (var in = fs.open(new org.apache.hadoop.fs.Path(root, rel))) {
                Files.copy(in, to);
            }
        }
    }

    /**
     * Makes the dataset what {@code local} now holds, given what it held before ({@code before}, as
     * {@link #list}): new and changed files are put, files no longer there are deleted.
     */
    void sync(Path local, Map<String, byte[]> before) throws IOException {
        Map<String, Path> now = new TreeMap<>();
        try (Stream<Path> s = Files.walk(local)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) now.put(local.relativize(f).toString().replace('\\', '/'), f);
        }
        for (var e : now.entrySet()) {
            byte[] old = before.get(e.getKey());
            if (old == null || !java.util.Arrays.equals(old, digest(e.getValue()))) put(e.getValue(), e.getKey());
        }
        for (String rel : before.keySet()) if (!now.containsKey(rel)) fs.delete(new org.apache.hadoop.fs.Path(root, rel), false);
    }

    /** SHA-256 of each file under {@code local}, by relative path: what {@link #sync} compares against. */
    static Map<String, byte[]> digests(Path local) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(local)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) out.put(local.relativize(f).toString().replace('\\', '/'), digest(f));
        }
        return out;
    }

    private static byte[] digest(Path f) throws IOException {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
