package dev.dgan.host.annotate.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dgan.api.task.LabelMap;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The annotation editor's web server: the page and its scripts from the class path, the sample
 * images, and each sample's mask to read and save. Bound to 127.0.0.1 only; with a token, every
 * request must carry it ({@code ?token=} or the {@value #TOKEN_HEADER} header).
 */
public final class AnnotateServer implements AutoCloseable {

    static final String TOKEN_HEADER = "X-Dgan-Token";
    private static final String RESOURCES = "/dev/dgan/host/annotate/web/";
    private static final Map<String, String> PAGES = Map.of(
            "editor.js", "text/javascript", "editor.css", "text/css", "index.html", "text/html");

    /** How the server runs: the sample store, the token (empty: none), the gallery's goal and order, the model's pre-fill. */
    public record Settings(SampleStore store, Optional<String> token, int target, List<Integer> order, Prefill prefill) {}

    private final Settings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final Javalin app;

    private AnnotateServer(Settings settings, int port) {
        this.settings = settings;
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.routes.before(this::checkToken);
            config.routes.get("/", ctx -> page(ctx, "index.html"));
            config.routes.get("/static/{file}", ctx -> page(ctx, ctx.pathParam("file")));
            config.routes.get("/api/info", this::info);
            config.routes.get("/api/image/{index}", this::image);
            config.routes.get("/api/mask/{index}", this::readMask);
            config.routes.put("/api/mask/{index}", this::saveMask);
            config.routes.exception(IllegalArgumentException.class, (e, ctx) ->
                    send(ctx.status(HttpStatus.BAD_REQUEST), Map.of("error", String.valueOf(e.getMessage()))));
        }).start("127.0.0.1", port);
    }

    /** Starts serving on 127.0.0.1:{@code port} (0: a free port). */
    public static AnnotateServer start(Settings settings, int port) {
        return new AnnotateServer(settings, port);
    }

    /** The page's address, with the token when there is one. */
    public String url() {
        return "http://127.0.0.1:" + app.port() + "/" + settings.token().map(t -> "?token=" + t).orElse("");
    }

    private void checkToken(Context ctx) {
        if (settings.token().isEmpty()) return;
        String given = ctx.queryParam("token");
        if (given == null) given = ctx.header(TOKEN_HEADER);
        if (!settings.token().get().equals(given)) {
            ctx.status(HttpStatus.UNAUTHORIZED).result("missing or wrong token: open the address dgan annotate printed");
            ctx.skipRemainingHandlers();
        }
    }

    private void page(Context ctx, String name) throws IOException {
        String type = PAGES.get(name);
        if (type == null) {
            ctx.status(HttpStatus.NOT_FOUND);
            return;
        }
        try (InputStream in = AnnotateServer.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) throw new IllegalStateException("resource " + RESOURCES + name + " missing from the dgan jar");
            byte[] bytes = in.readAllBytes();
            if (name.equals("index.html")) {
                // the page's own scripts are requests too: they carry the token like the rest
                String html = new String(bytes, StandardCharsets.UTF_8);
                bytes = html.replace("?token=__TOKEN__", settings.token().map(t -> "?token=" + t).orElse(""))
                        .getBytes(StandardCharsets.UTF_8);
            }
            ctx.contentType(type + "; charset=utf-8").header("Cache-Control", "no-store").result(bytes);
        }
    }

    private void info(Context ctx) throws IOException {
        SampleStore store = settings.store();
        ObjectNode root = json.createObjectNode();
        root.putPOJO("classes", store.classes());
        root.put("target", settings.target());
        root.put("folder", store.dir().toAbsolutePath().toString());
        root.put("prefill", settings.prefill() != Prefill.NONE);
        ArrayNode samples = root.putArray("samples");
        int annotated = 0;
        for (int index : order()) {
            SampleStore.Entry e = store.entry(index);
            boolean done = store.annotated(e);
            if (done) annotated++;
            ObjectNode s = samples.addObject();
            s.put("index", index);
            s.put("image", e.sample().image().getFileName().toString());
            if (e.sample().seed() != null) s.put("seed", e.sample().seed());
            s.put("annotated", done);
        }
        root.put("annotated", annotated);
        ctx.contentType("application/json").result(json.writeValueAsBytes(root));
    }

    /** The gallery's order: the selection's first (best first), then every other sample by index. */
    private List<Integer> order() {
        List<Integer> chosen = settings.order();
        var rest = settings.store().entries().stream().map(SampleStore.Entry::index).filter(i -> !chosen.contains(i));
        return java.util.stream.Stream.concat(chosen.stream(), rest).toList();
    }

    private SampleStore.Entry entry(Context ctx) {
        String raw = ctx.pathParam("index");
        try {
            return settings.store().entry(Integer.parseInt(raw));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("sample index " + raw + ": expected a number");
        }
    }

    private void image(Context ctx) throws IOException {
        ctx.contentType("image/png").header("Cache-Control", "no-store").result(Files.readAllBytes(entry(ctx).sample().image()));
    }

    private void readMask(Context ctx) throws Exception {
        SampleStore.Entry e = entry(ctx);
        SampleStore.Saved saved = settings.store().read(e);
        ObjectNode root = json.createObjectNode();
        root.put("version", saved.version());
        root.put("width", e.size().width());
        root.put("height", e.size().height());
        saved.mask().ifPresent(m -> root.put("labels", Base64.getEncoder().encodeToString(m.labels())));
        if (saved.shapesJson().isPresent()) root.set("labelme", json.readTree(saved.shapesJson().get()));
        if (saved.mask().isEmpty()) {
            Optional<Prefill.Prediction> p = settings.prefill().predict(e);
            if (p.isPresent()) {
                ObjectNode pre = root.putObject("prefill");
                pre.put("labels", Base64.getEncoder().encodeToString(p.get().labels()));
                pre.put("uncertain", Base64.getEncoder().encodeToString(p.get().uncertain()));
            }
        }
        ctx.contentType("application/json").header("Cache-Control", "no-store").result(json.writeValueAsBytes(root));
    }

    /** PUT with {@code If-Match: VERSION} and {"labels": base64, "labelme": {...}}; 409 when the version moved on. */
    private void saveMask(Context ctx) throws IOException {
        SampleStore.Entry e = entry(ctx);
        String expected = ctx.header("If-Match");
        if (expected == null) throw new IllegalArgumentException("save without If-Match: expected the version the page loaded");
        JsonNode body = json.readTree(ctx.bodyAsBytes());
        if (body == null || !body.path("labels").isTextual()) throw new IllegalArgumentException("body: expected {\"labels\": base64}");
        byte[] labels = Base64.getDecoder().decode(body.get("labels").asText());
        LabelMap mask = new LabelMap(e.size().width(), e.size().height(), checkedLength(labels, e));
        Optional<String> shapes = body.path("labelme").isObject() ? Optional.of(json.writeValueAsString(body.get("labelme")))
                : Optional.empty();
        try {
            String version = settings.store().save(e, expected.replace("\"", ""), mask, shapes);
            send(ctx.header("ETag", "\"" + version + "\""), Map.of("version", version));
        } catch (SampleStore.Conflict c) {
            send(ctx.status(HttpStatus.CONFLICT), Map.of("error", c.getMessage(), "version", c.current));
        }
    }

    private void send(Context ctx, Object body) {
        try {
            ctx.contentType("application/json").result(json.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] checkedLength(byte[] labels, SampleStore.Entry e) {
        long want = (long) e.size().width() * e.size().height();
        if (labels.length != want) {
            throw new IllegalArgumentException("labels: " + labels.length + " bytes, expected " + want + " (one per pixel of "
                    + e.size() + ")");
        }
        return labels;
    }

    @Override
    public void close() {
        app.stop();
    }
}
