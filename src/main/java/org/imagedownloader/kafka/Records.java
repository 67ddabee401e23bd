package org.imagedownloader.kafka;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.imagedownloader.message.Headers;
import org.imagedownloader.message.Item;
import org.imagedownloader.message.ItemResult;
import org.imagedownloader.message.Json;
import org.imagedownloader.message.ListEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages to and from Kafka records: JSON bodies ({@link Json}), and keys that put them where they
 * belong. An item's key is its run and position, so one list's items spread over every partition and
 * every daemon; an outcome's key is its run, so a list's outcomes stay in order in one partition.
 */
public final class Records {

    private static final Logger LOG = LoggerFactory.getLogger(Records.class);

    private final ItemCommits commits;

    public Records(ItemCommits commits) {
        this.commits = commits;
    }

    public String item(Exchange exchange) {
        Item item = exchange.getIn().getBody(Item.class);
        exchange.getIn().setHeader(KafkaConstants.KEY, item.runId() + "/" + item.seq());
        return Json.item(item);
    }

    public String outcome(Exchange exchange) {
        Object body = exchange.getIn().getBody();
        String runId = body instanceof ItemResult r ? r.item().runId() : ((ListEnd) body).runId();
        exchange.getIn().setHeader(KafkaConstants.KEY, runId);
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

    /** The outcome message in a record, with its run as header, or null for a record that is not one. */
    public Object readOutcome(Exchange exchange) {
        try {
            Object message = Json.readOutcome(exchange.getIn().getBody(String.class));
            exchange.getIn().setHeader(Headers.RUN_ID,
                    message instanceof ItemResult r ? r.item().runId() : ((ListEnd) message).runId());
            return message;
        } catch (IllegalArgumentException e) {
            LOG.warn("Skipped {}: {}", where(exchange.getIn()), e.getMessage());
            return null;
        }
    }

    private static String where(Message record) {
        return "record " + record.getHeader(KafkaConstants.OFFSET) + " of " + record.getHeader(KafkaConstants.TOPIC)
                + "/" + record.getHeader(KafkaConstants.PARTITION);
    }
}
