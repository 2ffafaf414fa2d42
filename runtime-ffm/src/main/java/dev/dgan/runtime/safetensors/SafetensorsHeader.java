package dev.dgan.runtime.safetensors;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.dgan.runtime.DType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and validated JSON header of a safetensors file. Everything that can be checked
 * without touching tensor bytes is checked here, so that a {@link TensorEntry} can never point
 * outside the data section.
 */
record SafetensorsHeader(Map<String, Spec> tensors, Map<String, String> metadata) {

    static final String METADATA_KEY = "__metadata__";

    /** Where one tensor lives, relative to the start of the data section. */
    record Spec(String name, DType dtype, long[] shape, long begin, long end) {
    }

    // Duplicate keys would silently shadow a tensor, and trailing garbage means a broken writer.
    static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static SafetensorsHeader parse(Path file, byte[] json, long dataLength) throws SafetensorsFormatException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw SafetensorsFormatException.header(file, "header",
                    "expected valid JSON, got a parse error: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw SafetensorsFormatException.header(file, "header", "expected valid JSON, got " + e);
        }
        if (root == null || !root.isObject()) {
            throw SafetensorsFormatException.header(file, "header",
                    "expected a JSON object, got " + (root == null ? "nothing" : root.getNodeType()));
        }

        Map<String, Spec> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = Map.of();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(METADATA_KEY)) {
                metadata = parseMetadata(file, field.getValue());
            } else {
                tensors.put(field.getKey(), parseSpec(file, field.getKey(), field.getValue(), dataLength));
            }
        }
        checkNoOverlap(file, tensors.values());
        return new SafetensorsHeader(Collections.unmodifiableMap(tensors), metadata);
    }

    private static Map<String, String> parseMetadata(Path file, JsonNode node) throws SafetensorsFormatException {
        if (!node.isObject()) {
            throw SafetensorsFormatException.header(file, "'" + METADATA_KEY + "'",
                    "expected an object of string to string, got " + node.getNodeType());
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw SafetensorsFormatException.header(file, "'" + METADATA_KEY + "." + e.getKey() + "'",
                        "expected a string value, got " + e.getValue().getNodeType() + " " + e.getValue());
            }
            metadata.put(e.getKey(), e.getValue().textValue());
        }
        return Collections.unmodifiableMap(metadata);
    }

    private static Spec parseSpec(Path file, String name, JsonNode node, long dataLength)
            throws SafetensorsFormatException {
        if (!node.isObject()) {
            throw new SafetensorsFormatException(file, name, "entry",
                    "expected an object with dtype, shape and data_offsets, got " + node.getNodeType());
        }
        DType dtype = parseDType(file, name, required(file, name, node, "dtype"));
        long[] shape = nonNegativeLongs(file, name, "shape", required(file, name, node, "shape"), -1);
        long[] offsets = nonNegativeLongs(file, name, "data_offsets", required(file, name, node, "data_offsets"), 2);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end) {
            throw SafetensorsFormatException.tensor(file, name, "data_offsets",
                    "expected begin <= end, got [" + begin + ", " + end + "]");
        }
        if (end > dataLength) {
            throw SafetensorsFormatException.tensor(file, name, "data_offsets",
                    "expected end <= " + dataLength + " (the data section's length), got [" + begin + ", " + end + "]");
        }
        long byteCount;
        try {
            byteCount = Math.multiplyExact(Shapes.numel(shape), (long) dtype.byteSize());
        } catch (ArithmeticException e) {
            throw SafetensorsFormatException.tensor(file, name, "shape",
                    "expected a byte size that fits in 64 bits, got " + Arrays.toString(shape) + " of " + dtype);
        }
        if (byteCount != end - begin) {
            throw SafetensorsFormatException.tensor(file, name, "data_offsets",
                    "expected end - begin = " + byteCount + " (" + dtype + Arrays.toString(shape) + "), got ["
                            + begin + ", " + end + "] = " + (end - begin) + " bytes");
        }
        return new Spec(name, dtype, shape, begin, end);
    }

    private static JsonNode required(Path file, String name, JsonNode node, String field)
            throws SafetensorsFormatException {
        JsonNode value = node.get(field);
        if (value == null) {
            throw SafetensorsFormatException.tensor(file, name, field, "expected it to be present, but it is missing");
        }
        return value;
    }

    private static DType parseDType(Path file, String name, JsonNode node) throws SafetensorsFormatException {
        String text = node.isTextual() ? node.textValue() : null;
        DType dtype = text == null ? null : DType.fromSafetensorsName(text).orElse(null);
        if (dtype == null) {
            List<String> known = Arrays.stream(DType.values()).map(DType::safetensorsName).toList();
            throw SafetensorsFormatException.tensor(file, name, "dtype",
                    "expected one of " + known + ", got " + node);
        }
        return dtype;
    }

    /** Reads a JSON array of non-negative integers; {@code length < 0} means any length. */
    private static long[] nonNegativeLongs(Path file, String name, String field, JsonNode node, int length)
            throws SafetensorsFormatException {
        String expected = length < 0 ? "a list of non-negative integers"
                : "a list of " + length + " non-negative integers";
        if (!node.isArray() || (length >= 0 && node.size() != length)) {
            throw SafetensorsFormatException.tensor(file, name, field, "expected " + expected + ", got " + node);
        }
        long[] values = new long[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = node.get(i);
            // isIntegralNumber rejects 2.0: a fractional-looking dimension means a confused writer.
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw SafetensorsFormatException.tensor(file, name, field, "expected " + expected + ", got " + node);
            }
            values[i] = v.longValue();
        }
        return values;
    }

    /**
     * Overlapping tensors would alias each other's bytes. Gaps are tolerated: they waste space
     * but are harmless. Empty tensors own no bytes, so they cannot overlap anything.
     */
    private static void checkNoOverlap(Path file, Iterable<Spec> specs) throws SafetensorsFormatException {
        List<Spec> sorted = new ArrayList<>();
        for (Spec s : specs) {
            if (s.end() > s.begin()) sorted.add(s);
        }
        sorted.sort(Comparator.comparingLong(Spec::begin));
        for (int i = 1; i < sorted.size(); i++) {
            Spec prev = sorted.get(i - 1);
            Spec cur = sorted.get(i);
            if (cur.begin() < prev.end()) {
                throw SafetensorsFormatException.tensor(file, cur.name(), "data_offsets",
                        "expected begin >= " + prev.end() + " (end of tensor '" + prev.name()
                                + "'), got [" + cur.begin() + ", " + cur.end() + "], which overlaps it");
            }
        }
    }
}
