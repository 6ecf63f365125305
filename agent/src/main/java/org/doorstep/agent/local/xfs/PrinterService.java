package org.doorstep.agent.local.xfs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.doorstep.agent.device.DeviceException;
import org.doorstep.agent.device.health.HealthRegistry;
import org.doorstep.agent.device.health.Peripheral;
import org.doorstep.agent.device.health.PeripheralStatus;
import org.doorstep.agent.device.printer.Receipt;
import org.doorstep.agent.device.printer.ReceiptPrinter;
import org.doorstep.agent.model.DeviceFault;
import org.doorstep.config.contract.CertificationRecord;
import org.doorstep.config.contract.IdNumber;
import org.doorstep.config.contract.PersonName;

/**
 * The XFS4IoT Printer service over the agent's {@link ReceiptPrinter} port (the ESC/POS receipt printer).
 *
 * <p>{@code Printer.PrintForm} with {@code formName} {@value #RECEIPT_FORM} prints a certification receipt
 * (结果凭条, the kiosk's own layout: ID number and name always printed masked) from the form {@code fields}
 * {@code recordId}, {@code outcome} ({@code CERTIFIED} or {@code NOT_CERTIFIED} …), {@code idNumber},
 * {@code name} and optionally {@code seq}. Errors: another form ({@code commandErrorCode}, {@code errorCode:
 * formNotFound}), a missing or bad field ({@code fieldError}), paper out ({@code paperOut}), printer not
 * connected ({@code deviceNotReady}), hardware ({@code hardwareError}), timeout ({@code timeOut}).
 */
public final class PrinterService implements XfsService {
  /** The one form this printer knows. */
  public static final String RECEIPT_FORM = "certificationResult";
  /** Longest wait for one receipt (printer's own timeout is shorter; this bounds a stuck driver). */
  public static final Duration PRINT_TIMEOUT = Duration.ofSeconds(30);
  static final String PRINT_FORM = "Printer.PrintForm";

  private final ReceiptPrinter printer;
  private final HealthRegistry health;
  private final String deviceId;
  private final Clock clock;

  public PrinterService(ReceiptPrinter printer, HealthRegistry health, String deviceId, Clock clock) {
    this.printer = Objects.requireNonNull(printer, "printer");
    this.health = Objects.requireNonNull(health, "health");
    this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public String name() {
    return "Printer";
  }

  @Override
  public String path() {
    return "printer";
  }

  @Override
  public Set<String> commands() {
    return Set.of(PRINT_FORM);
  }

  @Override
  public Set<String> events() {
    return Set.of();
  }

  @Override
  public ObjectNode status() {
    PeripheralStatus s = health.get(Peripheral.PRINTER);
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.set("common", XfsStatus.common(s));
    ObjectNode pr = p.putObject("printer");
    pr.put("media", "notSupported");     // a receipt leaves at once: nothing stays in the printer
    pr.putObject("paper").put("upper", XfsStatus.paper(s.paper()));
    return p;
  }

  @Override
  public ObjectNode capabilities() {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    ObjectNode c = p.putObject("printer");
    c.putObject("type").put("receipt", true);
    c.putObject("paperSources").put("upper", true);
    c.putArray("forms").add(RECEIPT_FORM);
    return p;
  }

  @Override
  public Future<XfsService.Outcome> execute(XfsCommand command, Execution x) {
    String form = command.payload().path("formName").asText("");
    if (!RECEIPT_FORM.equals(form)) {
      return Future.succeededFuture(XfsService.Outcome.error("formNotFound",
          "formName: only " + RECEIPT_FORM + " is known, was '" + form + "'"));
    }
    Receipt receipt;
    try {
      receipt = receipt(command.payload().path("fields"));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Future.succeededFuture(XfsService.Outcome.error("fieldError", "fields." + e.getMessage()));
    }
    if (x.isCanceled()) {
      return Future.succeededFuture(XfsService.Outcome.failed(CompletionCode.CANCELED, "canceled by the client"));
    }
    return printer.print(receipt).timeout(PRINT_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
        .map(v -> XfsService.Outcome.success(null))
        .recover(err -> Future.succeededFuture(failure(err)));
  }

  private Receipt receipt(JsonNode fields) {
    if (!fields.isObject()) {
      throw new IllegalArgumentException(": must be an object of form fields");
    }
    String recordId = required(fields, "recordId");
    CertificationRecord.Outcome outcome;
    try {
      outcome = CertificationRecord.Outcome.valueOf(required(fields, "outcome"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("outcome: must be one of " + java.util.Arrays.toString(CertificationRecord.Outcome.values()));
    }
    IdNumber id;
    try {
      id = IdNumber.of(required(fields, "idNumber"));
    } catch (IllegalArgumentException e) {
      throw e.getMessage() != null && e.getMessage().startsWith("idNumber") ? e
          : new IllegalArgumentException("idNumber: " + e.getMessage());
    }
    PersonName name = PersonName.of(required(fields, "name"));
    long seq;
    try {
      seq = Long.parseLong(fields.path("seq").asText("0"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("seq: must be an integer");
    }
    return new Receipt(deviceId, outcome, id, name, recordId, seq, clock.instant());
  }

  private static String required(JsonNode fields, String key) {
    JsonNode v = fields.path(key);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException(key + ": required (a string)");
    }
    return v.asText();
  }

  private static XfsService.Outcome failure(Throwable err) {
    if (err instanceof DeviceException d && d.fault() == DeviceFault.PAPER_OUT) {
      return XfsService.Outcome.error("paperOut", "the printer is out of paper");
    }
    return XfsStatus.deviceFailed("printer", err);
  }
}
