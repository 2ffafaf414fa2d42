package dev.dgan.host.annotate.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server's contract without a browser: the token, the page, a save, and the 409 of a stale one. */
class AnnotateServerTest {

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void tokenSaveAndConflict() throws Exception {
        ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png", dir.resolve("sample_0000.png").toFile());
        Files.writeString(dir.resolve("latents.safetensors"), "");
        Files.writeString(dir.resolve("manifest.json"), """
                {"format": "dgan-samples/1", "backbone": {"name": "stylegan2", "checkpoint": "G.pkl"}, "truncation": 1.0,
                 "latents": "latents.safetensors", "latentKind": "z",
                 "samples": [{"index": 0, "seed": 7, "image": "sample_0000.png", "latentRow": 0}]}""");
        SampleStore store = SampleStore.open(dir, Optional.of(List.of("background", "thing")));
        try (AnnotateServer server = AnnotateServer.start(new AnnotateServer.Settings(store, Optional.of("t0k"), 4, List.of(), Prefill.NONE), 0)) {
            String url = server.url();
            assertTrue(url.startsWith("http://127.0.0.1:") && url.endsWith("/?token=t0k"), url);
            String base = url.substring(0, url.indexOf('?'));
            assertEquals(401, get(base + "api/info").statusCode());
            HttpResponse<String> page = get(url);
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("static/editor.js?token=t0k"), "the page's script carries the token");

            String body = "{\"labels\": \"" + Base64.getEncoder().encodeToString(new byte[] {0, 1, 1, (byte) 255}) + "\"}";
            HttpResponse<String> saved = put(base + "api/mask/0?token=t0k", "none", body);
            assertEquals(200, saved.statusCode(), saved.body());
            assertTrue(Files.exists(dir.resolve("mask_0000.png")));
            HttpResponse<String> stale = put(base + "api/mask/0?token=t0k", "none", body);
            assertEquals(409, stale.statusCode(), stale.body());
            HttpResponse<String> wrongSize = put(base + "api/mask/0?token=t0k", MaskVersion.of(dir.resolve("mask_0000.png")),
                    "{\"labels\": \"AAAA\"}");
            assertEquals(400, wrongSize.statusCode(), wrongSize.body());
            assertTrue(get(base + "api/info?token=t0k").body().contains("\"annotated\":1"));
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String url, String version, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("If-Match", version)
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
