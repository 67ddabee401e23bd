package org.imagedownloader.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class JsonTest {

    private final Item item = new Item("run-1", "cats.txt", "cats", 41, 42, "http://x/a b.jpg",
            URI.create("http://x/a%20b.jpg"), null, null);

    @Test
    void anItemSurvivesTheTripAndCarriesItsVersionAndType() {
        String json = Json.item(item);
        assertThat(json).startsWith("{\"v\":1,\"type\":\"item\",");
        assertThat(Json.readItem(json)).isEqualTo(item);
    }

    @Test
    void outcomesAndTheEndOfAListSurviveTheTrip() {
        ItemResult result = new ItemResult(item, Outcome.FAILED, 503, null, -1, "text/html", 6, 31_000,
                "HTTP 503 \"busy\"", false, null, -1, -1);
        assertThat(Json.readOutcome(Json.outcome(result))).isEqualTo(result);
        ItemResult saved = new ItemResult(item, Outcome.DOWNLOADED, 200, "a b.jpg", 48_213, "image/jpeg", 1, 35,
                null, false, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 640, 480);
        assertThat(Json.readOutcome(Json.outcome(saved))).isEqualTo(saved);
        assertThat(Json.readOutcome(Json.outcome(new ListEnd("run-1", 1183)))).isEqualTo(new ListEnd("run-1", 1183));
    }

    @Test
    void messagesAreWrittenFieldForFieldAsDocumented() {
        Item odd = new Item("run-1", "cats.txt", "cats", 41, 42, "http://x/a b \"q\" \u00e9\u0001.jpg",
                URI.create("http://x/a%20b.jpg"), null, null);
        String itemFields = "\"run\":\"run-1\",\"list\":\"cats.txt\",\"folder\":\"cats\",\"seq\":41,\"line\":42,"
                + "\"text\":\"http://x/a b \\\"q\\\" \u00e9\\u0001.jpg\",\"url\":\"http://x/a%20b.jpg\"";
        assertThat(Json.item(odd)).isEqualTo("{\"v\":1,\"type\":\"item\"," + itemFields + "}");
        assertThat(Json.outcome(new ItemResult(odd, Outcome.FAILED, 503, null, -1, "text/html", 6, 31_000,
                "HTTP 503 \"busy\"", false, null, -1, -1))).isEqualTo("{\"v\":1,\"type\":\"outcome\",\"item\":{" + itemFields
                + "},\"outcome\":\"failed\",\"status\":503,\"file\":null,\"bytes\":-1,\"contentType\":\"text/html\","
                + "\"attempts\":6,\"millis\":31000,\"error\":\"HTTP 503 \\\"busy\\\"\",\"ourDisk\":false,\"sha256\":null,"
                + "\"width\":null,\"height\":null}");
        assertThat(Json.outcome(new ListEnd("run-1", 1183))).isEqualTo("{\"v\":1,\"type\":\"end\",\"run\":\"run-1\",\"items\":1183}");
        assertThat(Json.item(new Item("r", "l.txt", "l", 0, 1, "notaurl", null, Outcome.INVALID, "not a URL")))
                .isEqualTo("{\"v\":1,\"type\":\"item\",\"run\":\"r\",\"list\":\"l.txt\",\"folder\":\"l\",\"seq\":0,\"line\":1,"
                        + "\"text\":\"notaurl\",\"url\":null,\"verdict\":\"invalid\",\"reason\":\"not a URL\"}");
    }

    @Test
    void aDecidedLineKeepsItsVerdictAndReason() {
        Item invalid = new Item("r", "l.txt", "l", 0, 1, "notaurl", null, Outcome.INVALID, "not a URL");
        assertThat(Json.readItem(Json.item(invalid))).isEqualTo(invalid);
    }

    @Test
    void fieldsOfALaterMinorAdditionAreIgnored() {
        String json = Json.item(item).replace("{\"v\":1,", "{\"v\":1,\"priority\":3,");
        assertThat(Json.readItem(json)).isEqualTo(item);
    }

    @Test
    void whatIsNotAMessageOfThisVersionIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Json.readItem("not json")).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> Json.readItem("[1]")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> Json.readItem(Json.item(item).replace("\"v\":1", "\"v\":2")))
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> Json.readItem(Json.outcome(new ListEnd("r", 1))))
                .hasMessageContaining("not an item message");
        assertThatThrownBy(() -> Json.readItem("{\"v\":1,\"type\":\"item\",\"list\":\"l\",\"folder\":\"f\"}"))
                .hasMessage("message without run");
        assertThatThrownBy(() -> Json.readItem(Json.item(item).replace("http://x/a%20b.jpg", "http://bob:s3cret@x/a b.jpg")))
                .hasMessage("item with a malformed url: Illegal character in path at index 21");
        assertThatThrownBy(() -> Json.readOutcome(Json.item(item))).hasMessageContaining("not an outcome message");
        assertThatThrownBy(() -> Json.readItem(Json.item(item).replace("\"seq\":41,", "")))
                .hasMessage("message without a whole number seq");
        assertThatThrownBy(() -> Json.readItem(Json.item(item).replace("\"line\":42", "\"line\":\"42\"")))
                .hasMessage("message without a whole number line");
        assertThatThrownBy(() -> Json.readItem(Json.item(item).replace(",\"url\":\"http://x/a%20b.jpg\"", "")))
                .hasMessage("message without url");
        assertThatThrownBy(() -> Json.readOutcome("{\"v\":1,\"type\":\"end\",\"run\":\"r\"}"))
                .hasMessage("message without a whole number items");
        assertThatThrownBy(() -> Json.readOutcome(Json.outcome(new ItemResult(item, Outcome.SKIPPED, 0, "a.jpg", 1,
                null, 0, 0, null, false, null, -1, -1)).replace("\"outcome\":\"skipped\",", ""))).hasMessage("message without outcome");
        assertThatThrownBy(() -> Json.readOutcome(Json.outcome(new ItemResult(item, Outcome.SKIPPED, 0, "a.jpg", 1,
                null, 0, 0, null, false, null, -1, -1)).replace("\"skipped\"", "\"lost\""))).hasMessage("unknown outcome 'lost'");
    }

    @Test
    void aHostPauseSurvivesTheTrip() {
        HostPause pause = new HostPause("x.example:443", 1_796_630_400_000L);
        String json = Json.outcome(pause);
        assertThat(json).isEqualTo("{\"v\":1,\"type\":\"pause\",\"host\":\"x.example:443\",\"until\":1796630400000}");
        assertThat(Json.readOutcome(json)).isEqualTo(pause);
    }
}
