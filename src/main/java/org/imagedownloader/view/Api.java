package org.imagedownloader.view;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.platform.http.vertx.HttpMessage;

/**
 * The JSON API and the status page: answers for the routes of routes/api.yaml. Reads only what
 * {@link Status} and {@link ListUpload} know; a name from a request never becomes a path on its own.
 */
public final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Status status;
    private final ListUpload uploads;

    public Api(Status status, ListUpload uploads) {
        this.status = status;
        this.uploads = uploads;
    }

    public String all(Exchange exchange) {
        return json(exchange, 200, status.all());
    }

    public String open(Exchange exchange) {
        return json(exchange, 200, status.open());
    }

    public String finished(Exchange exchange) {
        return json(exchange, 200, status.finished());
    }

    public String failures(Exchange exchange) {
        return json(exchange, 200, status.failures());
    }

    public String totals(Exchange exchange) {
        return json(exchange, 200, status.totals());
    }

    /** One list: waiting in the inbox, open, or finished lately. */
    public String list(Exchange exchange) {
        String name = exchange.getIn().getHeader("name", String.class);
        Optional<Map<String, Object>> state = uploads.state(name, status);
        return state.map(s -> json(exchange, 200, s))
                .orElseGet(() -> json(exchange, 404, Map.of("error", "no list " + name + " here")));
    }

    /** A report of a list this daemon finished lately; nothing else is served. */
    public Object report(Exchange exchange) throws IOException {
        String name = exchange.getIn().getHeader("name", String.class);
        Optional<Path> report = status.report(name);
        if (report.isEmpty() || !Files.isRegularFile(report.get())) {
            return json(exchange, 404, Map.of("error", "no report " + name + " here"));
        }
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/csv; charset=utf-8");
        return Files.newInputStream(report.get()); // streamed: a report of millions of lines is large
    }

    public String put(Exchange exchange) {
        if (isForm(exchange.getIn().getHeader(Exchange.CONTENT_TYPE, String.class))) {
            // The HTTP server has already taken a form's body apart into fields: the list would arrive empty.
            return json(exchange, 415, Map.of("error", "send the list as it is (curl -T), not as a form"));
        }
        ListUpload.Answer answer = uploads.put(exchange.getIn().getHeader("name", String.class),
                exchange.getIn().getHeader("Authorization", String.class), host(exchange), exchange.getIn().getBody(byte[].class));
        String body = json(exchange, answer.status(), answer.body());
        if (answer.location() != null) {
            exchange.getMessage().setHeader("Location", answer.location());
        }
        if (answer.status() == 401) {
            exchange.getMessage().setHeader("WWW-Authenticate", "Bearer");
        }
        return body;
    }

    private static boolean isForm(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("application/x-www-form-urlencoded");
    }

    /** The host the request names (Host, or HTTP/2's :authority), which Camel keeps from the headers. */
    private static String host(Exchange exchange) {
        if (exchange.getIn() instanceof HttpMessage http && http.getRequest().authority() != null) {
            return http.getRequest().authority().host();
        }
        return null;
    }

    /** The status page, from the jar. */
    public byte[] page(Exchange exchange) throws IOException {
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/html; charset=utf-8");
        try (InputStream in = Api.class.getResourceAsStream("/web/index.html")) {
            if (in == null) {
                throw new IOException("the status page is missing from the jar");
            }
            return in.readAllBytes();
        }
    }

    private static String json(Exchange exchange, int code, Object body) {
        Message out = exchange.getMessage();
        // Nothing of the request goes back as a header (a list name may hold anything).
        out.removeHeaders("*", Exchange.HTTP_RESPONSE_CODE);
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, code);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
