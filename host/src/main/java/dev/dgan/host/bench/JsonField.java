package dev.dgan.host.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Optional;

/**
 * A field of a result file being read, with its dotted path, so that every complaint names the
 * file, the field and what was expected: "old.json: field stages.backbone.p50_ms: expected a
 * number, got "fast"".
 */
record JsonField(String source, String path, JsonNode node) {

    static JsonField root(String source, JsonNode node) {
        return new JsonField(source, "", node);
    }

    JsonField get(String name) {
        return new JsonField(source, path.isEmpty() ? name : path + "." + name, node == null ? null : node.get(name));
    }

    JsonField get(int index) {
        return new JsonField(source, path + "[" + index + "]", node == null ? null : node.get(index));
    }

    boolean present() {
        return node != null && !node.isNull();
    }

    JsonField object() {
        if (node == null || !node.isObject()) throw expected("an object");
        return this;
    }

    double number() {
        if (node == null || !node.isNumber()) throw expected("a number");
        return node.asDouble();
    }

    /** A number where JMH may write "NaN" (a score error of a single measurement) or an infinity as a string. */
    double numberOrNaN() {
        if (node != null && node.isTextual() && node.asText().matches("NaN|-?Infinity")) return Double.parseDouble(node.asText());
        return number();
    }

    long whole() {
        if (node == null || !node.canConvertToLong() || !node.isIntegralNumber() && node.asDouble() != Math.rint(node.asDouble()))
            throw expected("a whole number");
        return node.asLong();
    }

    String text() {
        if (node == null || !node.isTextual()) throw expected("a string");
        return node.asText();
    }

    Optional<String> optionalText() {
        return present() ? Optional.of(text()) : Optional.empty();
    }

    Integer optionalInt() {
        return present() ? Math.toIntExact(whole()) : null;
    }

    IllegalArgumentException expected(String what) {
        return new IllegalArgumentException(source + ": " + (path.isEmpty() ? "" : "field " + path + ": ") + "expected " + what + ", got "
                + (node == null ? "nothing" : shortened(node.toString())));
    }

    private static String shortened(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
