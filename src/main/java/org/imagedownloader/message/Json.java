package org.imagedownloader.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
        return write(itemFields(head("item"), item));
    }

    public static String outcome(Object message) {
        if (message instanceof ItemResult r) {
            ObjectNode o = head("outcome");
            itemFields(o.putObject("item"), r.item());
            o.put("outcome", r.outcome().label());
            o.put("status", r.httpStatus());
            o.put("file", r.file());
            o.put("bytes", r.bytes());
            o.put("contentType", r.contentType());
            o.put("attempts", r.attempts());
            o.put("millis", r.millis());
            o.put("error", r.error());
            o.put("ourDisk", r.ourDisk());
            o.put("sha256", r.sha256());
            return write(o);
        }
        if (message instanceof ListEnd end) {
            ObjectNode o = head("end");
            o.put("run", end.runId());
            o.put("items", end.items());
            return write(o);
        }
        if (message instanceof HostPause pause) {
            ObjectNode o = head("pause");
            o.put("host", pause.host());
            o.put("until", pause.until());
            return write(o);
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
                    o.path("ourDisk").asBoolean(), text(o, "sha256"));
            case "end" -> new ListEnd(required(o, "run"), number(o, "items"));
            case "pause" -> new HostPause(required(o, "host"), number(o, "until"));
            default -> throw new IllegalArgumentException("not an outcome message (type '" + type + "')");
        };
    }

    private static ObjectNode head(String type) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("v", VERSION);
        o.put("type", type);
        return o;
    }

    private static ObjectNode itemFields(ObjectNode o, Item item) {
        o.put("run", item.runId());
        o.put("list", item.list());
        o.put("folder", item.folder());
        o.put("seq", item.seq());
        o.put("line", item.line());
        o.put("text", item.text());
        o.put("url", item.url() == null ? null : item.url().toString());
        if (item.verdict() != null) {
            o.put("verdict", item.verdict().label());
            o.put("reason", item.reason());
        }
        return o;
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
            throw new IllegalArgumentException("item with a malformed url: " + e.getMessage());
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

    private static String write(ObjectNode o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a message as JSON", e);
        }
    }
}
