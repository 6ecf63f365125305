package org.doorstep.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scrape parser the metrics tests assert with: it must read what Micrometer writes, and nothing less. */
class PrometheusTextTest {

  @Test
  void reads_samples_labels_types_and_escaped_values() {
    PrometheusText m = PrometheusText.parse("""
        # HELP doorstep_x_total things
        # TYPE doorstep_x_total counter
        doorstep_x_total{outcome="stored",reason="none"} 2.0
        doorstep_x_total{outcome="refused",reason="a \\"quoted\\", comma\\\\"} 1.0 1700000000000
        doorstep_up 1
        doorstep_h_bucket{le="+Inf"} 3
        # EOF
        """);

    assertThat(m.type("doorstep_x_total")).contains("counter");
    assertThat(m.value("doorstep_x_total", Map.of("outcome", "stored"))).isEqualTo(2.0);
    assertThat(m.value("doorstep_x_total", Map.of("reason", "a \"quoted\", comma\\"))).isEqualTo(1.0);
    assertThat(m.value("doorstep_up")).isEqualTo(1.0);
    assertThat(m.value("doorstep_h_bucket", Map.of("le", "+Inf"))).isEqualTo(3.0);
    assertThat(m.has("doorstep_down")).isFalse();
  }

  @Test
  void an_ambiguous_or_missing_sample_fails_the_assertion() {
    PrometheusText m = PrometheusText.parse("a{x=\"1\"} 1\na{x=\"2\"} 2\n");

    assertThatThrownBy(() -> m.value("a")).isInstanceOf(AssertionError.class).hasMessageContaining("2 samples");
    assertThatThrownBy(() -> m.value("b")).isInstanceOf(AssertionError.class).hasMessageContaining("0 samples");
  }

  @Test
  void a_line_that_is_not_a_sample_is_refused_naming_the_line() {
    assertThatThrownBy(() -> PrometheusText.parse("ok 1\nbroken{x=1} 2\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
    assertThatThrownBy(() -> PrometheusText.parse("novalue\n")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void reads_a_micrometer_scrape_in_both_formats() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Counter.builder("doorstep.test.records").tag("outcome", "stored").register(registry).increment(3);
    Timer t = Timer.builder("doorstep.test.latency").publishPercentileHistogram().register(registry);
    t.record(Duration.ofMillis(20));
    t.record(Duration.ofMillis(40));

    for (String type : new String[] {"text/plain; version=0.0.4; charset=utf-8",
        "application/openmetrics-text; version=1.0.0; charset=utf-8"}) {
      PrometheusText m = PrometheusText.parse(registry.scrape(type));
      assertThat(m.value("doorstep_test_records_total", Map.of("outcome", "stored"))).as(type).isEqualTo(3.0);
      assertThat(m.value("doorstep_test_latency_seconds_count")).as(type).isEqualTo(2.0);
      assertThat(m.value("doorstep_test_latency_seconds_sum")).as(type).isCloseTo(0.06, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(m.type("doorstep_test_latency_seconds")).as(type).contains("histogram");
    }
  }
}
