package dev.dgan.api.annotate;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dgan.runtime.files.FileErrors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A node of a JSON file together with where it sits (file and field path), so a value of the
 * wrong kind is reported as "file: field samples[3].image: expected a string, got 12".
 */
public record JsonAt(Path file, String path, JsonNode node) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static JsonAt read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new AnnotationException(file + ": cannot read: " + FileErrors.reason(e), e);
        }
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || root.isMissingNode()) throw new AnnotationException(file + ": expected a JSON document, the file is empty");
            return new JsonAt(file, "", root);
        } catch (JsonProcessingException e) {
            // Jackson's limits (nesting depth, number length) fail without a location
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new AnnotationException(file + ": not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new AnnotationException(file + ": cannot read: " + FileErrors.reason(e), e);
        }
    }

    public JsonAt get(String field) {
        return new JsonAt(file, path.isEmpty() ? field : path + "." + field, node == null ? null : node.get(field));
    }

    /** Present and not JSON null. */
    public boolean present() {
        return node != null && !node.isNull();
    }

    public JsonAt object() {
        if (!present() || !node.isObject()) throw expected("an object");
        return this;
    }

    public String text() {
        if (!present() || !node.isTextual()) throw expected("a string");
        return node.textValue();
    }

    public double number() {
        if (!present() || !node.isNumber() || !Double.isFinite(node.doubleValue())) throw expected("a number");
        return node.doubleValue();
    }

    public long integer() {
        if (!present() || !node.isIntegralNumber() || !node.canConvertToLong()) throw expected("an integer");
        return node.longValue();
    }

    public int nonNegativeInt() {
        if (!present() || !node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 0) {
            throw expected("a non-negative integer");
        }
        return node.intValue();
    }

    public boolean bool() {
        if (!present() || !node.isBoolean()) throw expected("true or false");
        return node.booleanValue();
    }

    public List<JsonAt> elements() {
        if (!present() || !node.isArray()) throw expected("an array");
        List<JsonAt> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) out.add(new JsonAt(file, path + "[" + i + "]", node.get(i)));
        return out;
    }

    public AnnotationException expected(String what) {
        String where = path.isEmpty() ? "the document" : "field " + path;
        return new AnnotationException(file + ": " + where + ": expected " + what + ", got " + describe());
    }

    private String describe() {
        if (node == null) return "nothing (the field is missing)";
        String text = node.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
