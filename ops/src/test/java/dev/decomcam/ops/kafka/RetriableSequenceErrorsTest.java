package dev.decomcam.ops.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;

class RetriableSequenceErrorsTest {
  private final LoggerContext context = new LoggerContext();
  private final RetriableSequenceErrors filter = new RetriableSequenceErrors();

  private FilterReply reply(String logger, Throwable t) {
    Logger l = context.getLogger(logger);
    return filter.decide(
        new LoggingEvent(
            Logger.class.getName(), l, Level.ERROR, "Error processing append operation", t, null));
  }

  @Test
  void dropsOnlyTheRetriableTransactionsV2Refusal() {
    OutOfOrderSequenceException v2 =
        new OutOfOrderSequenceException(
            "Invalid sequence number for producer 2 at offset 4 in partition x-changelog-1: 2"
                + " (incoming seq. number). Expected sequence 0 for transactions v2 idempotent"
                + " producer with no existing state.");
    assertEquals(FilterReply.DENY, reply(RetriableSequenceErrors.LOGGER, v2));
    // the same exception from another logger, another sequence error, another exception: kept
    assertEquals(FilterReply.NEUTRAL, reply("kafka.server.KafkaApis", v2));
    assertEquals(
        FilterReply.NEUTRAL,
        reply(
            RetriableSequenceErrors.LOGGER,
            new OutOfOrderSequenceException("Out of order sequence number for producer 2")));
    assertEquals(
        FilterReply.NEUTRAL,
        reply(RetriableSequenceErrors.LOGGER, new IllegalStateException("disk full")));
    assertEquals(FilterReply.NEUTRAL, reply(RetriableSequenceErrors.LOGGER, null));
  }
}
