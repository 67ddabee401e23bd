package org.imagedownloader.message;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The messages of the two seams as JSON, for a log that other programs may feed and read too. Every
 * message has a version ({@code "v": 1}) and a type: {@code item} on the items topic, {@code outcome},
 * {@code end} and {@code pause} on the outcomes topic. docs/scale-out.md documents the fields.
 */
public final class Json {

    public static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static String item(Item item) {
        return write(g -> {
            head(g, "item");
            itemFields(g, item);
        });
    }

    public static String outcome(Object message) {
        if (message instanceof ItemResult r) {
            return write(g -> {
                head(g, "outcome");
                g.writeObjectFieldStart("item");
                itemFields(g, r.item());
                g.writeEndObject();
                g.writeStringField("outcome", r.outcome().label());
                g.writeNumberField("status", r.httpStatus());
                g.writeStringField("file", r.file());
                g.writeNumberField("bytes", r.bytes());
                g.writeStringField("contentType", r.contentType());
                g.writeNumberField("attempts", r.attempts());
                g.writeNumberField("millis", r.millis());
                g.writeStringField("error", r.error());
                g.writeBooleanField("ourDisk", r.ourDisk());
                g.writeStringField("sha256", r.sha256());
                dimension(g, "width", r.width());
                dimension(g, "height", r.height());
            });
        }
        if (message instanceof ListEnd end) {
            return write(g -> {
                head(g, "end");
                g.writeStringField("run", end.runId());
                g.writeNumberField("items", end.items());
            });
        }
        if (message instanceof HostPause pause) {
            return write(g -> {
                head(g, "pause");
                g.writeStringField("host", pause.host());
                g.writeNumberField("until", pause.until());
            });
        }
        throw new IllegalArgumentException("not an outcome message: " + message);
    }

    /** An item message; a malformed one is refused with the reason. */
    public static Item readItem(String json) {
        return item(parse(json, "item"));
    }

    /** A message of the outcomes topic: an {@link ItemResult}, a {@link ListEnd} or a {@link HostPause}. */
    public static Object readOutcome(String json) {
        JsonNode o = parse(json, null);
        String type = o.path("type").asText();
        return switch (type) {
            case "outcome" -> new ItemResult(item(o.path("item")), outcome(required(o, "outcome")),
                    o.path("status").asInt(), text(o, "file"), o.path("bytes").asLong(-1), text(o, "contentType"),
                    o.path("attempts").asInt(), o.path("millis").asLong(), text(o, "error"),
                    o.path("ourDisk").asBoolean(), text(o, "sha256"), dimension(o, "width"), dimension(o, "height"));
            case "end" -> new ListEnd(required(o, "run"), number(o, "items"));
            case "pause" -> new HostPause(required(o, "host"), number(o, "until"));
            default -> throw new IllegalArgumentException("not an outcome message (type '" + type + "')");
        };
    }

    /** Fields written straight to the text, in a fixed order: no tree of nodes is built for a message. */
    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static void head(JsonGenerator g, String type) throws IOException {
        g.writeNumberField("v", VERSION);
        g.writeStringField("type", type);
    }

    private static void itemFields(JsonGenerator g, Item item) throws IOException {
        g.writeStringField("run", item.runId());
        g.writeStringField("list", item.list());
        g.writeStringField("folder", item.folder());
        g.writeNumberField("seq", item.seq());
        g.writeNumberField("line", item.line());
        g.writeStringField("text", item.text());
        g.writeStringField("url", item.url() == null ? null : item.url().toString());
        if (item.verdict() != null) {
            g.writeStringField("verdict", item.verdict().label());
            g.writeStringField("reason", item.reason());
        }
    }

    /** A size in pixels, null when unknown. */
    private static void dimension(JsonGenerator g, String field, int pixels) throws IOException {
        if (pixels > 0) {
            g.writeNumberField(field, pixels);
        } else {
            g.writeNullField(field);
        }
    }

    private static int dimension(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n != null && n.canConvertToInt() && n.isIntegralNumber() && n.asInt() > 0 ? n.asInt() : -1;
    }

    private static Item item(JsonNode o) {
        String run = required(o, "run");
        String list = required(o, "list");
        String folder = required(o, "folder");
        long seq = number(o, "seq");
        long lineNumber = number(o, "line");
        if (lineNumber > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("message with a line number out of range");
        }
        int line = (int) lineNumber;
        String verdict = text(o, "verdict");
        // Only a line decided while reading has no URL to fetch.
        String url = verdict == null ? required(o, "url") : text(o, "url");
        try {
            return new Item(run, list, folder, seq, line, text(o, "text"), url == null ? null : new URI(url),
                    verdict == null ? null : outcome(verdict), text(o, "reason"));
        } catch (URISyntaxException e) {
            // The reason only: the message would repeat the URL, and with it any credentials it carries.
            throw new IllegalArgumentException("item with a malformed url: " + e.getReason() + " at index " + e.getIndex());
        }
    }

    private static JsonNode parse(String json, String type) {
        JsonNode o;
        try {
            o = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (o.path("v").asInt() != VERSION) {
            throw new IllegalArgumentException("message version " + o.path("v") + ", this daemon reads " + VERSION);
        }
        if (type != null && !type.equals(o.path("type").asText())) {
            throw new IllegalArgumentException("not an " + type + " message (type '" + o.path("type").asText() + "')");
        }
        return o;
    }

    private static Outcome outcome(String label) {
        try {
            return Outcome.valueOf(label.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown outcome '" + label + "'");
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = o.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static String required(JsonNode o, String field) {
        String value = text(o, field);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("message without " + field);
        }
        return value;
    }

    /** A whole number that must be there: a position or count defaulted to 0 would claim someone else's. */
    private static long number(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || !n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < 0) {
            throw new IllegalArgumentException("message without a whole number " + field);
        }
        return n.asLong();
    }

    private static String write(Fields fields) {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(text)) {
            g.writeStartObject();
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a message as JSON", e);
        }
        return text.toString();
    }
}
