package org.imagedownloader.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.imagedownloader.message.Headers;
import org.imagedownloader.message.HostPause;
import org.imagedownloader.message.Item;
import org.imagedownloader.message.ItemResult;
import org.imagedownloader.message.Json;
import org.imagedownloader.message.ListEnd;
import org.imagedownloader.polite.Hosts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages to and from Kafka records: JSON bodies ({@link Json}), and keys that put them where they
 * belong. An item's key is its host (host:port, as {@link Hosts} keys it), so all of a host's items go to
 * one partition and one daemon at a time serves the host, whatever list they come from; a list spreads
 * over the daemons through its many hosts. An item that needs no request is keyed by its run and
 * position. An outcome's key is its run, so a list's outcomes stay in order in one partition; a pause's
 * is its host.
 */
public final class Records {

    /** Record header that marks a pause on the outcomes topic (routes/kafka.yaml reads it). */
    public static final String PAUSE = "pause";

    private static final Logger LOG = LoggerFactory.getLogger(Records.class);

    private final ItemCommits commits;
    private final Hosts hosts;
    private final Duration longestPause;

    /** @param longestPause no pause told by another daemon lasts longer here (a clock ahead, a bad record) */
    public Records(ItemCommits commits, Hosts hosts, Duration longestPause) {
        this.commits = commits;
        this.hosts = hosts;
        this.longestPause = longestPause;
    }

    public String item(Exchange exchange) {
        Item item = exchange.getIn().getBody(Item.class);
        String host = Hosts.of(item);
        exchange.getIn().setHeader(KafkaConstants.KEY, host != null ? host : item.runId() + "/" + item.seq());
        return Json.item(item);
    }

    public String outcome(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        if (body instanceof HostPause pause) {
            exchange.getIn().setHeader(KafkaConstants.KEY, pause.host());
            exchange.getIn().setHeader(PAUSE, "true");
        } else {
            exchange.getIn().setHeader(KafkaConstants.KEY,
                    body instanceof ItemResult r ? r.item().runId() : ((ListEnd) body).runId());
        }
        return Json.outcome(body);
    }

    /** The item in a record, or null for a record that is not one (logged, and committed past). */
    public Item readItem(Exchange exchange) {
        try {
            return Json.readItem(exchange.getIn().getBody(String.class));
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipped {}: {}", where(exchange.getIn()), e.getMessage());
            commits.ended(exchange);
            return null;
        }
    }

    /**
     * The records of one poll of the outcomes topic, pauses applied: the others gathered per run (their
     * key), unread, as one message each with the run in its header, in the order they came.
     */
    public List<Message> byRun(Exchange poll) {
        Map<String, List<Exchange>> runs = new LinkedHashMap<>();
        for (Exchange record : records(poll)) {
            Message in = record.getIn();
            if (in.getHeader(PAUSE) != null) {
                pause(record);
            } else {
                runs.computeIfAbsent(in.getHeader(KafkaConstants.KEY, "", String.class), key -> new ArrayList<>()).add(record);
            }
        }
        List<Message> messages = new ArrayList<>(runs.size());
        runs.forEach((run, records) -> {
            Message message = new DefaultMessage(poll.getContext());
            message.setHeader(Headers.RUN_ID, run);
            message.setBody(records);
            messages.add(message);
        });
        return messages;
    }

    /** The outcome messages in a run's records, a run this daemon opened; null if none is one (each logged). */
    public List<Object> readOutcomes(Exchange run) {
        List<Object> messages = new ArrayList<>();
        for (Exchange record : records(run)) {
            Object message = read(record);
            if (message instanceof HostPause) {
                skip(record, "a pause without its mark");
            } else if (message != null) {
                messages.add(message);
            }
        }
        return messages.isEmpty() ? null : messages;
    }

    /** The record exchanges in a body: a poll of a batching Kafka consumer, or its records of one run. */
    @SuppressWarnings("unchecked")
    static List<Exchange> records(Exchange exchange) {
        return exchange.getIn().getBody(List.class);
    }

    /** Applies the pause in a record marked as one, whichever daemon met it. */
    void pause(Exchange exchange) {
        Object message = read(exchange);
        if (message instanceof HostPause pause) {
            hosts.pausedElsewhere(pause.host(), Math.min(pause.until(), System.currentTimeMillis() + longestPause.toMillis()));
        } else if (message != null) {
            skip(exchange, "marked as a pause, but not one");
        }
    }

    /** The message in an outcomes record, or null for a record that is not a message (logged). */
    private static Object read(Exchange exchange) {
        try {
            return Json.readOutcome(exchange.getIn().getBody(String.class));
        } catch (IllegalArgumentException e) {
            return skip(exchange, e.getMessage());
        }
    }

    private static Object skip(Exchange exchange, String why) {
        LOG.warn("Skipped {}: {}", where(exchange.getIn()), why);
        return null;
    }

    private static String where(Message record) {
        return "record " + record.getHeader(KafkaConstants.OFFSET) + " of " + record.getHeader(KafkaConstants.TOPIC)
                + "/" + record.getHeader(KafkaConstants.PARTITION);
    }
}
