package dev.dgan.host;

import java.nio.file.Files;
import java.nio.file.Path;

/** The demo bundle installed beside dgan: a small StyleGAN2 and 16 annotated samples. */
final class BundledDemo {

    private BundledDemo() {}

    static Path directory() {
        String home = System.getProperty("dgan.home");
        Path demo = home == null ? null : Path.of(home, "demo");
        if (demo == null || !Files.isRegularFile(demo.resolve("G_ema.safetensors")))
            throw new IllegalArgumentException("this install has no bundled demo (expected demo/G_ema.safetensors beside bin/dgan)");
        return demo;
    }
}
