package dev.dgan.host.annotate;

/**
 * The backbone that drew the samples, as the sample manifest names it: plugin name,
 * checkpoint path, config path (null when none was given) and the checkpoint's SHA-256
 * (null when it was not recorded).
 */
public record SourceBackbone(String name, String checkpoint, String config, String checkpointSha256) {
}
