package org.doorstep.agent.bench;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.doorstep.agent.device.forms.FormFonts;
import org.doorstep.agent.device.forms.FormSheet;
import org.doorstep.agent.device.forms.FormTemplates;
import org.doorstep.agent.device.forms.PdfFormRenderer;
import org.doorstep.agent.device.forms.sim.SampleForms;
import org.doorstep.agent.device.ipp.IppAttribute;
import org.doorstep.agent.device.ipp.IppClient;
import org.doorstep.agent.device.ipp.IppMessage;
import org.doorstep.agent.device.ipp.IppRequests;
import org.doorstep.agent.device.ipp.IppStatus;
import org.doorstep.agent.device.ipp.IppTag;
import org.doorstep.agent.device.ipp.JobState;
import org.doorstep.agent.device.ipp.sim.IppPrinterSimulator;

/**
 * A4 form figures: the font parse and first render (cold: a new renderer), the warm render of the registration
 * application form (median of N), its PDF size, and the IPP submit time (Print-Job of that PDF until the printer
 * answers with a job-id) against the in-JVM IPP printer simulator, or against a real printer with {@code --uri}
 * (e.g. ippeveprinter). A harness, not a timed test: run it by hand.
 *
 * <pre>
 * ./mvnw -B -q -Pbench -pl agent test-compile exec:exec \
 *     -Dbench.main=org.doorstep.agent.bench.FormPrintBenchmark -Dbench.args="--iterations 40 [--uri ipp://127.0.0.1:8631/ipp/print]"
 * </pre>
 *
 * With {@code --uri} every submit is a real job on that printer; the harness then polls until it is completed
 * before the next (ippeveprinter takes one job at a time and simulates the print time), and reports that too.
 */
public final class FormPrintBenchmark {
  private FormPrintBenchmark() {}

  public static void main(String[] args) throws Exception {
    int iterations = 40;
    String uri = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--iterations" -> iterations = Integer.parseInt(args[++i]);
        case "--uri" -> uri = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i] + " (--iterations N, --uri U)");
      }
    }
    FormSheet sheet = FormTemplates.registrationApplication(SampleForms.application("R-BENCH"), ZoneId.of("Asia/Shanghai"));
    long t0 = System.nanoTime();
    byte[] pdf;
    try (PdfFormRenderer cold = new PdfFormRenderer(FormFonts.regular())) {
      pdf = cold.render(sheet);
    }
    double coldMs = (System.nanoTime() - t0) / 1e6;
    double[] warm = new double[iterations];
    try (PdfFormRenderer r = new PdfFormRenderer(FormFonts.regular())) {
      r.render(sheet);
      for (int i = 0; i < iterations; i++) {
        long s = System.nanoTime();
        pdf = r.render(sheet);
        warm[i] = (System.nanoTime() - s) / 1e6;
      }
    }
    System.out.printf("A4 registration form: cold (font parse + first render) %.0f ms; PDF %d bytes (%.1f KiB)%n",
        coldMs, pdf.length, pdf.length / 1024.0);
    print("warm render", warm);

    Vertx vertx = Vertx.vertx();
    IppPrinterSimulator sim = null;
    try {
      if (uri == null) {
        sim = IppPrinterSimulator.start(vertx).await(10, TimeUnit.SECONDS);
        uri = sim.uri();
      }
      IppClient client = IppClient.create(vertx, uri, Duration.ofSeconds(10));
      double[] submit = new double[iterations];
      double[] completed = new double[iterations];
      for (int i = sim == null ? -1 : -3; i < iterations; i++) {       // warm-up submits (connection, JIT)
        long s = System.nanoTime();
        IppMessage resp = client.send(IppRequests.printJob(client.nextRequestId(), client.printerUri(), "bench",
            "bench " + i, pdf)).await(20, TimeUnit.SECONDS);
        if (!IppStatus.isSuccessful(resp.code())) {
          throw new IllegalStateException("Print-Job answered " + IppStatus.describe(resp.code()));
        }
        if (i >= 0) {
          submit[i] = (System.nanoTime() - s) / 1e6;
        }
        if (sim == null) {
          // a real printer takes one job at a time: wait for this one (the time to completed is its print time)
          int jobId = resp.attribute(IppTag.JOB_ATTRIBUTES, "job-id").flatMap(IppAttribute::firstInt).orElseThrow();
          JobState state;
          do {
            vertx.timer(200, TimeUnit.MILLISECONDS).await(5, TimeUnit.SECONDS);
            state = client.send(IppRequests.getJobAttributes(client.nextRequestId(), client.printerUri(), "bench", jobId))
                .await(20, TimeUnit.SECONDS).attribute(IppTag.JOB_ATTRIBUTES, "job-state")
                .flatMap(IppAttribute::firstInt).flatMap(JobState::of).orElseThrow();
          } while (!state.isTerminal());
          if (i >= 0) {
            completed[i] = (System.nanoTime() - s) / 1e6;
          }
        }
      }
      print("IPP Print-Job submit to " + (sim != null ? "the simulator" : uri), submit);
      if (sim == null) {
        print("Print-Job until job-state completed", completed);
      }
      client.close();
    } finally {
      if (sim != null) {
        sim.close();
      }
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static void print(String what, double[] ms) {
    double[] s = ms.clone();
    Arrays.sort(s);
    System.out.printf("%-40s min %7.2f  median %7.2f  p90 %7.2f  max %7.2f ms (n=%d)%n", what, s[0], s[s.length / 2],
        s[(int) Math.min(s.length - 1, Math.round(s.length * 0.9))], s[s.length - 1], s.length);
  }
}
