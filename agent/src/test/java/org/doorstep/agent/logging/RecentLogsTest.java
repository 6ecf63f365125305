package org.doorstep.agent.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecentLogsTest {

  @BeforeEach
  @AfterEach
  void empty() {
    RecentLogs.clear();
  }

  @Test
  void tail_returns_the_newest_lines_oldest_first_within_both_bounds() {
    for (int i = 1; i <= 10; i++) {
      RecentLogs.add("line " + i);
    }
    assertThat(RecentLogs.tail(3, 10_000).lines()).containsExactly("line 8", "line 9", "line 10");
    RecentLogs.Tail byBytes = RecentLogs.tail(100, 15);     // "line 10\n" = 8, "line 9\n" = 7
    assertThat(byBytes.lines()).containsExactly("line 9", "line 10");
    assertThat(byBytes.bytes()).isEqualTo(15);
    assertThat(byBytes.available()).isEqualTo(10);
  }

  @Test
  void the_buffer_drops_the_oldest_lines_beyond_its_capacity_and_counts_them() {
    String line = "x".repeat(1023);                          // 1 KiB with its newline
    for (int i = 0; i < 600; i++) {
      RecentLogs.add(i + line.substring(String.valueOf(i).length()));
    }
    RecentLogs.Tail all = RecentLogs.tail(Integer.MAX_VALUE, Integer.MAX_VALUE);
    assertThat(all.available()).isEqualTo(512);
    assertThat(all.dropped()).isEqualTo(88);
    assertThat(all.lines().get(0)).startsWith("88x");
  }

  @Test
  void an_overlong_line_is_cut_and_marked() {
    RecentLogs.add("中".repeat(5000));
    String kept = RecentLogs.tail(1, 100_000).lines().get(0);
    assertThat(kept).endsWith(" …[line cut]");
    assertThat(kept.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(RecentLogs.MAX_LINE_BYTES + 20);
  }

  @Test
  void as_an_appender_it_keeps_masked_formatted_lines_with_the_exception() {
    LoggerContext ctx = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    RecentLogs appender = new RecentLogs();
    appender.setContext(ctx);
    appender.start();
    Logger log = ctx.getLogger("org.doorstep.agent.kiosk.Test");
    log.addAppender(appender);
    log.warn("reader saw 110101194001011234", new IllegalStateException("boom"));
    log.detachAppender(appender);
    String kept = RecentLogs.tail(5, 10_000).text();
    assertThat(kept).contains("WARN").contains("kiosk.Test - reader saw 110***********1234")
        .contains("java.lang.IllegalStateException: boom").doesNotContain("194001011234");
    appender.stop();
  }
}
