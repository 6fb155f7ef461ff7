package dev.decomcam.ops.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RetriableSequenceErrorsTest {
  private final LoggerContext context = new LoggerContext();
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final RetriableSequenceErrors filter = new RetriableSequenceErrors(now::get);

  private FilterReply reply(String logger, Throwable t) {
    Logger l = context.getLogger(logger);
    return filter.decide(
        new LoggingEvent(
            Logger.class.getName(), l, Level.ERROR, "Error processing append operation", t, null));
  }

  private static OutOfOrderSequenceException refusal(int producer, String partition) {
    return new OutOfOrderSequenceException(
        "Invalid sequence number for producer "
            + producer
            + " at offset 4 in partition "
            + partition
            + ": 2 (incoming seq. number). Expected sequence 0 for transactions v2 idempotent"
            + " producer with no existing state.");
  }

  private static OutOfOrderSequenceException outOfOrder(int producer, String partition) {
    return new OutOfOrderSequenceException(
        "Out of order sequence number for producer "
            + producer
            + " at offset 7 in partition "
            + partition
            + ": 7 (incoming seq. number), 4 (current end sequence number)");
  }

  @Test
  void dropsOnlyTheRetriableTransactionsV2Refusal() {
    assertEquals(FilterReply.DENY, reply(RetriableSequenceErrors.LOGGER, refusal(2, "x-1")));
    // the same exception from another logger, another exception, none: kept
    assertEquals(FilterReply.NEUTRAL, reply("kafka.server.KafkaApis", refusal(2, "x-1")));
    assertEquals(
        FilterReply.NEUTRAL,
        reply(RetriableSequenceErrors.LOGGER, new IllegalStateException("disk full")));
    assertEquals(FilterReply.NEUTRAL, reply(RetriableSequenceErrors.LOGGER, null));
  }

  @Test
  void outOfOrderRefusalsAreNeverAnErrorWithAStackTrace() {
    // on its own: a one-line warning of this class instead of the broker's ERROR
    ListAppender<ILoggingEvent> warnings = warnings();
    assertEquals(FilterReply.DENY, reply(RetriableSequenceErrors.LOGGER, outOfOrder(0, "c-1")));
    assertEquals(1, warnings.list.size());
    assertEquals(Level.WARN, warnings.list.get(0).getLevel());
    assertTrue(warnings.list.get(0).getFormattedMessage().contains("partition c-1"));
    // behind a transactions-v2 refusal of the same producer and partition: dropped silently
    assertEquals(FilterReply.DENY, reply(RetriableSequenceErrors.LOGGER, refusal(0, "c-1")));
    now.addAndGet(200);
    assertEquals(FilterReply.DENY, reply(RetriableSequenceErrors.LOGGER, outOfOrder(0, "c-1")));
    assertEquals(1, warnings.list.size());
    // another partition, another producer, or long after: the warning again
    reply(RetriableSequenceErrors.LOGGER, outOfOrder(0, "c-2"));
    reply(RetriableSequenceErrors.LOGGER, outOfOrder(1, "c-1"));
    now.addAndGet(RetriableSequenceErrors.CASCADE_MS + 1);
    reply(RetriableSequenceErrors.LOGGER, outOfOrder(0, "c-1"));
    assertEquals(4, warnings.list.size());
  }

  private static ListAppender<ILoggingEvent> warnings() {
    Logger own = (Logger) LoggerFactory.getLogger(RetriableSequenceErrors.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    own.addAppender(appender);
    return appender;
  }
}
